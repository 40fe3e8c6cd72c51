package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.equivocation.EquivocationProof;
import dev.loopwatch.ledger.log.AtomicFiles;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.proof.TlogProof;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileHashReader;
import dev.loopwatch.ledger.tiles.Tiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Audits a tiled log of signed attestations against an {@link AuditPolicy}.
 *
 * <p>One run: (1) the checkpoint must carry the log key's signature and meet the witness quorum;
 * (2) against the last checkpoint this auditor verified ({@link AuditState}), a smaller size is a
 * rollback, and an equal size with another root, or a larger size whose tiles give another root for
 * the old size's prefix, is a split view, for which an {@link EquivocationProof} is written; (3)
 * every entry bundle is read, its leaf hashes compared with the level-0 hash tiles and folded into
 * the root, which must equal the checkpoint's; (4) every entry is parsed as a signed attestation,
 * its declarant signature verified (only for entries past the last verified checkpoint unless
 * {@link AuditOptions#full()}), in parallel; (5) the entries are checked against the policy in
 * index order. The checkpoint becomes the last verified one only when no log-level violation (bad
 * checkpoint, quorum, rollback, split view, root mismatch) was found.
 */
public final class Auditor {
  /** The bundles each verifying thread may be ahead of the policy checker. */
  private static final int BUNDLES_AHEAD = 4;

  private static final Set<ViolationKind> LOG_LEVEL =
      EnumSet.of(
          ViolationKind.BAD_CHECKPOINT,
          ViolationKind.QUORUM_NOT_MET,
          ViolationKind.ROLLBACK,
          ViolationKind.SPLIT_VIEW,
          ViolationKind.ROOT_MISMATCH);

  private Auditor() {}

  /**
   * Audits the log read from {@code source}.
   *
   * @throws LoopwatchException if the log cannot be read (missing files, unreachable URL) or the
   *     state or proofs cannot be read or written
   */
  public static AuditReport audit(LogSource source, AuditPolicy policy, AuditOptions options) {
    requireNonNull(source, "source is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(options, "options is null");
    Verifier logKey = NoteKeys.verifier(policy.logKey());
    List<Violation> violations = new ArrayList<>();
    byte[] bytes = source.checkpoint();
    Note note;
    Checkpoint checkpoint;
    try {
      Note.open(bytes, List.of(logKey));
      note = Note.parse(bytes);
      checkpoint = Checkpoint.parse(note.text());
    } catch (LoopwatchException e) {
      violations.add(
          Violation.ofLog(
              ViolationKind.BAD_CHECKPOINT,
              "checkpoint of " + source.location() + ": " + e.getMessage()));
      return new AuditReport(
          source.location(),
          Optional.empty(),
          Optional.empty(),
          0,
          0,
          violations,
          Map.of(),
          Optional.empty(),
          false);
    }
    if (!policy.quorum().met(bytes)) {
      violations.add(
          Violation.ofLog(
              ViolationKind.QUORUM_NOT_MET,
              "checkpoint of size "
                  + checkpoint.size()
                  + " lacks the cosignatures required by "
                  + policy.quorum().describe()));
    }
    AuditState state = AuditState.of(options.stateRoot(), checkpoint.origin());
    Optional<Note> previousNote = state.last();
    Optional<Checkpoint> previous = Optional.empty();
    Optional<Path> equivocation = Optional.empty();
    if (previousNote.isPresent()) {
      Checkpoint old;
      try {
        old = Checkpoint.parse(Note.open(previousNote.get().bytes(), List.of(logKey)).text());
      } catch (LoopwatchException e) {
        throw LoopwatchException.userInput(
            "audit state "
                + state.directory().resolve(AuditState.CHECKPOINT)
                + " does not verify with the log key: "
                + e.getMessage());
      }
      previous = Optional.of(old);
      equivocation =
          compare(source, previousNote.get(), old, note, checkpoint, state, options, violations);
    }

    // Entries below the size verified before are skipped only when this tree provably extends
    // that one; after a split view (or a root mismatch) the old entries are not the ones checked.
    boolean extendsPrevious =
        previous.isPresent()
            && previous.get().size() <= checkpoint.size()
            && equivocation.isEmpty()
            && violations.stream()
                .noneMatch(v ->
                    v.kind() == ViolationKind.SPLIT_VIEW
                        || v.kind() == ViolationKind.ROOT_MISMATCH);
    long verifyFrom = options.full() || !extendsPrevious ? 0 : previous.get().size();
    PolicyChecker checker = new PolicyChecker(policy, options.snapshots());
    long signatures = readEntries(source, checkpoint, verifyFrom, options, checker, violations);
    boolean trusted = violations.stream().noneMatch(v -> LOG_LEVEL.contains(v.kind()));
    if (!violations.stream().anyMatch(v -> v.kind() == ViolationKind.ROOT_MISMATCH)) {
      violations.addAll(checker.finish(options.now()));
    }
    violations.sort(Violation.ORDER);

    Map<Long, Path> proofFiles = new TreeMap<>();
    if (options.proofs().isPresent() && !violations.isEmpty()) {
      proofFiles = writeProofs(source, note, checkpoint, violations, options.proofs().get());
    }
    if (trusted) {
      state.store(note);
    }
    return new AuditReport(
        source.location(),
        Optional.of(checkpoint),
        previous,
        checkpoint.size(),
        signatures,
        violations,
        proofFiles,
        equivocation,
        trusted);
  }

  /** Compares the checkpoint with the last verified one; returns any equivocation proof written. */
  private static Optional<Path> compare(
      LogSource source,
      Note oldNote,
      Checkpoint old,
      Note newNote,
      Checkpoint current,
      AuditState state,
      AuditOptions options,
      List<Violation> violations) {
    if (current.size() < old.size()) {
      violations.add(
          Violation.ofLog(
              ViolationKind.ROLLBACK,
              "the log's checkpoint has size "
                  + current.size()
                  + ", smaller than size "
                  + old.size()
                  + " verified before"));
      return Optional.empty();
    }
    if (current.size() == old.size()) {
      if (current.root().equals(old.root())) {
        return Optional.empty();
      }
      violations.add(
          Violation.ofLog(
              ViolationKind.SPLIT_VIEW,
              "the log signed size "
                  + current.size()
                  + " with root "
                  + current.root().base64()
                  + ", but root "
                  + old.root().base64()
                  + " before"));
      return Optional.of(
          writeEquivocation(
              new EquivocationProof(oldNote, newNote, List.of()), old, current, state, options));
    }
    List<Hash> path =
        EquivocationProof.path(
            new TileHashReader(source, current.size()), old.size(), current.size());
    if (old.size() == 0) {
      if (old.root().equals(Rfc6962.emptyRoot())) {
        return Optional.empty();
      }
      violations.add(
          Violation.ofLog(
              ViolationKind.SPLIT_VIEW,
              "the log signed a size-0 checkpoint with a non-empty root"));
      return Optional.of(
          writeEquivocation(
              new EquivocationProof(oldNote, newNote, path), old, current, state, options));
    }
    EquivocationProof.Roots roots = EquivocationProof.roots(old.size(), current.size(), path);
    if (!roots.larger().equals(current.root())) {
      violations.add(
          Violation.ofLog(
              ViolationKind.ROOT_MISMATCH,
              "the log's tiles give root "
                  + roots.larger().base64()
                  + " for size "
                  + current.size()
                  + ", not the checkpoint's root "
                  + current.root().base64()));
      return Optional.empty();
    }
    if (roots.smaller().equals(old.root())) {
      return Optional.empty();
    }
    violations.add(
        Violation.ofLog(
            ViolationKind.SPLIT_VIEW,
            "the log's tree of size "
                + current.size()
                + " does not extend size "
                + old.size()
                + " verified before: its prefix root is "
                + roots.smaller().base64()
                + ", not "
                + old.root().base64()));
    return Optional.of(
        writeEquivocation(
            new EquivocationProof(oldNote, newNote, path), old, current, state, options));
  }

  private static Path writeEquivocation(
      EquivocationProof proof,
      Checkpoint old,
      Checkpoint current,
      AuditState state,
      AuditOptions options) {
    Path folder = options.proofs().orElse(state.directory());
    Path file =
        folder.resolve(
            "equivocation-"
                + AuditState.originHash(old.origin())
                + "-"
                + old.size()
                + "-"
                + current.size()
                + ".proof");
    AtomicFiles.writeAll(Map.of(file, proof.write().getBytes(StandardCharsets.UTF_8)));
    return file;
  }

  /**
   * Reads every bundle, checks it against the level-0 tiles and the checkpoint root, parses and
   * verifies the entries and feeds them to the checker; returns the signatures verified.
   *
   * <p>Bundles are read, hashed, parsed and verified on {@link AuditOptions#threads()} threads, at
   * most {@link #BUNDLES_AHEAD} per thread ahead of the checker, which takes them in index order on
   * this thread: the output does not depend on the thread count or timing. A full bundle adds its
   * subtree root to the tree, a partial one its leaf hashes, so the root costs O(log n) memory.
   */
  private static long readEntries(
      LogSource source,
      Checkpoint checkpoint,
      long verifyFrom,
      AuditOptions options,
      PolicyChecker checker,
      List<Violation> violations) {
    long size = checkpoint.size();
    long bundles = (size + Tile.FULL_WIDTH - 1) / Tile.FULL_WIDTH;
    RootBuilder root = new RootBuilder();
    long signatures = 0;
    Map<String, Verifier> declarants = new ConcurrentHashMap<>();
    Function<String, Verifier> declarantKeys =
        key -> declarants.computeIfAbsent(key, NoteKeys::verifier);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.threads(), Thread.ofPlatform().name("lw-audit-", 0).daemon().factory());
    try {
      Deque<Future<BundleResult>> pending = new ArrayDeque<>();
      long next = 0;
      for (long b = 0; b < bundles; b++) {
        while (next < bundles && pending.size() < BUNDLES_AHEAD * options.threads()) {
          Tile tile = Tiles.tileAt(0, next, size);
          boolean verify = options.entrySignatures();
          pending.add(
              pool.submit(() -> readBundle(source, tile, verify, verifyFrom, declarantKeys)));
          next++;
        }
        BundleResult result = join(pending.removeFirst());
        if (result.problem().isPresent()) {
          violations.add(Violation.ofLog(ViolationKind.ROOT_MISMATCH, result.problem().get()));
          return signatures;
        }
        result.nodes().forEach(node -> root.add(node, result.height()));
        long firstIndex = b * Tile.FULL_WIDTH;
        for (int i = 0; i < result.parsed().size(); i++) {
          long index = firstIndex + i;
          Object parsed = result.parsed().get(i);
          if (parsed instanceof Attestation attestation) {
            checker.accept(index, attestation);
            if (options.entrySignatures() && index >= verifyFrom) {
              signatures++;
            }
          } else {
            violations.add(
                new Violation(
                    ViolationKind.INVALID_ENTRY,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(index),
                    "entry " + index + ": " + parsed));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Hash computed = root.root();
    if (!computed.equals(checkpoint.root())) {
      violations.add(
          Violation.ofLog(
              ViolationKind.ROOT_MISMATCH,
              "the entry bundles give root "
                  + computed.base64()
                  + " for size "
                  + size
                  + ", not the checkpoint's root "
                  + checkpoint.root().base64()));
    }
    return signatures;
  }

  /**
   * One bundle read and checked against its tile.
   *
   * @param problem why the bundle does not match its tile, if it does not
   * @param height the height of the subtrees in {@code nodes}: 8 for a full bundle's root, 0 for a
   *     partial bundle's leaf hashes
   * @param nodes the subtree roots the bundle adds to the tree, left to right
   * @param parsed per entry, its attestation or the message saying why it is invalid
   */
  private record BundleResult(
      Optional<String> problem, int height, List<Hash> nodes, List<Object> parsed) {
    static BundleResult failed(String problem) {
      return new BundleResult(Optional.of(problem), 0, List.of(), List.of());
    }
  }

  /** The bundle's result, rethrowing what reading it threw. */
  private static BundleResult join(Future<BundleResult> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LoopwatchException.external("the audit was interrupted", e);
    }
  }

  /** Reads, hashes, parses and verifies one bundle against its level-0 tile. */
  private static BundleResult readBundle(
      LogSource source,
      Tile tile,
      boolean entrySignatures,
      long verifyFrom,
      Function<String, Verifier> declarantKeys) {
    List<byte[]> decoded;
    try {
      decoded = EntryBundle.decode(source.entries(tile));
    } catch (LoopwatchException e) {
      if (e.kind() != LoopwatchException.Kind.USER_INPUT
          || !e.getMessage().startsWith("entry bundle")) {
        throw e;
      }
      return BundleResult.failed(
          tile.entriesPath() + " of " + source.location() + ": " + e.getMessage());
    }
    if (decoded.size() < tile.width()) {
      return BundleResult.failed(
          tile.entriesPath()
              + " of "
              + source.location()
              + " holds "
              + decoded.size()
              + " entries, expected "
              + tile.width());
    }
    byte[] hashes = source.read(tile);
    long firstIndex = tile.index() * Tile.FULL_WIDTH;
    List<Hash> leaves = new ArrayList<>(tile.width());
    for (int i = 0; i < tile.width(); i++) {
      Hash leaf = Rfc6962.leafHash(decoded.get(i));
      int offset = i * Hash.SIZE;
      if (hashes.length < offset + Hash.SIZE
          || !Arrays.equals(hashes, offset, offset + Hash.SIZE, leaf.bytes(), 0, Hash.SIZE)) {
        return BundleResult.failed(
            "entry "
                + (firstIndex + i)
                + " in "
                + tile.entriesPath()
                + " of "
                + source.location()
                + " does not match its hash in "
                + tile.path());
      }
      leaves.add(leaf);
    }
    List<Object> parsed = new ArrayList<>(tile.width());
    for (int i = 0; i < tile.width(); i++) {
      parsed.add(
          parse(decoded.get(i), entrySignatures && firstIndex + i >= verifyFrom, declarantKeys));
    }
    return tile.isPartial()
        ? new BundleResult(Optional.empty(), 0, leaves, parsed)
        : new BundleResult(
            Optional.empty(),
            Tile.HEIGHT,
            List.of(Rfc6962.subtreeRoot(Arrays.copyOf(hashes, Tile.FULL_WIDTH * Hash.SIZE))),
            parsed);
  }

  /** The attestation, or the message saying why the entry is invalid. */
  private static Object parse(
      byte[] entry, boolean verifySignature, Function<String, Verifier> declarantKeys) {
    try {
      if (verifySignature) {
        return SignedAttestation.open(entry, declarantKeys).attestation();
      }
      return SignedAttestation.parseUnverified(entry);
    } catch (LoopwatchException | IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static Map<Long, Path> writeProofs(
      LogSource source, Note note, Checkpoint checkpoint, List<Violation> violations, Path folder) {
    Set<Long> indexes = new TreeSet<>();
    violations.forEach(v -> indexes.addAll(v.indexes()));
    indexes.removeIf(index -> index >= checkpoint.size());
    TileHashReader tree = new TileHashReader(source, checkpoint.size());
    Map<Path, byte[]> files = new LinkedHashMap<>();
    Map<Long, Path> written = new TreeMap<>();
    for (long index : indexes) {
      TlogProof proof = TlogProof.build(tree, note, index);
      Path file = folder.resolve(index + TlogProof.FILE_EXTENSION);
      files.put(file, proof.write().getBytes(StandardCharsets.UTF_8));
      written.put(index, file);
    }
    if (!files.isEmpty()) {
      AtomicFiles.writeAll(files);
    }
    return written;
  }
}
