package dev.loopwatch.ledger.log;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.ConsistencyProof;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.HashReader;
import dev.loopwatch.ledger.merkle.MerkleTree;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.OpenedNote;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileHashReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A single-writer transparency log stored in a local folder in the c2sp.org/tlog-tiles layout,
 * appended to in batches.
 *
 * <p>Each {@link #append} integrates a batch: it writes the new and updated entry bundles and hash
 * tiles (a fuller partial tile is written next to the narrower one, which stays for readers of
 * older checkpoints for the grace period below; a full tile is written once), and then, last, the
 * signed checkpoint. Every file goes through a temporary file in its own folder that is fsync'd and
 * atomically renamed, and the folders are fsync'd ({@link AtomicFiles}), once per batch. A crash at
 * any moment therefore leaves either the old or the new checkpoint, each with every tile and bundle
 * it needs; {@link #open} deletes the files a crash left past the stored checkpoint (and temporary
 * files), so that no later checkpoint can commit to a file it did not write.
 *
 * <p>Superseded partial tiles and bundles are deleted once superseded for a grace period ({@link
 * #DEFAULT_PARTIAL_GRACE} unless given), checked after every append and when the log opens ({@link
 * SupersededPartials}); readers asking for a deleted width get it cut from a wider file.
 *
 * <p>In memory the log keeps only its right edge: the hashes of the partial tile at each tile level
 * and the entries of the partial bundle, at most 256 of each. {@link #open} rebuilds them from the
 * stored tiles and checks they give the signed root. Before signing, every new checkpoint is
 * checked consistent with the previous one through a consistency proof read back from the stored
 * tiles. A lock file ({@value #LOCK}) keeps a second writer out; the object is thread-safe.
 */
public final class TileLog implements AutoCloseable {
  /** The name of the lock file in the log folder. */
  public static final String LOCK = ".lock";

  /** How long a superseded partial tile or bundle is kept by default: 60 seconds. */
  public static final Duration DEFAULT_PARTIAL_GRACE = Duration.ofSeconds(60);

  private final LogDirectory directory;
  private final String origin;
  private final Signer signer;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SupersededPartials partials;
  private long size;
  private Checkpoint checkpoint;
  private Note signedCheckpoint;
  private List<List<Hash>> edge;
  private List<byte[]> partialEntries;
  private Optional<AppendFailure> failure = Optional.empty();
  private boolean closed;

  private TileLog(
      LogDirectory directory,
      Signer signer,
      FileChannel lockChannel,
      FileLock lock,
      Duration partialGrace,
      Note signedCheckpoint,
      Checkpoint checkpoint,
      List<List<Hash>> edge,
      List<byte[]> partialEntries) {
    this.directory = directory;
    this.partials = new SupersededPartials(directory, partialGrace);
    this.origin = checkpoint.origin();
    this.signer = signer;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.size = checkpoint.size();
    this.checkpoint = checkpoint;
    this.signedCheckpoint = signedCheckpoint;
    this.edge = edge;
    this.partialEntries = partialEntries;
  }

  /**
   * Creates an empty log in {@code root} (created if missing) and stores its signed size-0
   * checkpoint.
   *
   * @throws LoopwatchException if {@code root} already holds a checkpoint, another writer holds it,
   *     or the files cannot be written
   */
  public static TileLog create(Path root, String origin, Signer logKey) {
    return create(root, origin, logKey, DEFAULT_PARTIAL_GRACE);
  }

  /**
   * Creates an empty log like {@link #create(Path, String, Signer)} that deletes a superseded
   * partial tile or bundle once it has been superseded for {@code partialGrace}.
   */
  public static TileLog create(Path root, String origin, Signer logKey, Duration partialGrace) {
    requireNonNull(origin, "origin is null");
    requireNonNull(partialGrace, "partialGrace is null");
    requireNonNull(logKey, "logKey is null");
    LogDirectory directory = new LogDirectory(root);
    try {
      Files.createDirectories(directory.root());
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot create log folder " + directory.root() + ": " + e.getMessage(), e);
    }
    FileChannel channel = openLock(directory);
    try {
      FileLock lock = acquire(directory, channel);
      if (Files.exists(directory.root().resolve(LogDirectory.CHECKPOINT))) {
        throw LoopwatchException.userInput(
            "log folder " + directory.root() + " already holds a log (it has a checkpoint)");
      }
      Checkpoint empty = Checkpoint.of(origin, 0, Rfc6962.emptyRoot());
      Note note = Note.sign(empty.text(), List.of(logKey));
      AtomicFiles.writeAll(Map.of(checkpointPath(directory), note.bytes()));
      return new TileLog(
          directory,
          logKey,
          channel,
          lock,
          partialGrace,
          note,
          empty,
          new ArrayList<>(),
          new ArrayList<>());
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  /**
   * Opens the log in {@code root} for appending: reads its checkpoint, checks the signature by
   * {@code logKey}, rebuilds the right edge of the tree from the stored tiles and checks it gives
   * the checkpoint's root.
   *
   * @param logKey the log's public key, which must have signed the stored checkpoint
   * @param signer the log's private key, which must match {@code logKey}
   * @throws LoopwatchException naming the missing, truncated or mismatching file, a bad signature,
   *     or another writer holding the log
   */
  public static TileLog open(Path root, Verifier logKey, Signer signer) {
    return open(root, logKey, signer, DEFAULT_PARTIAL_GRACE);
  }

  /**
   * Opens the log like {@link #open(Path, Verifier, Signer)}, deleting superseded partial tiles and
   * bundles once they have been superseded for {@code partialGrace} (checked now and after every
   * append).
   */
  public static TileLog open(Path root, Verifier logKey, Signer signer, Duration partialGrace) {
    requireNonNull(logKey, "logKey is null");
    requireNonNull(partialGrace, "partialGrace is null");
    requireNonNull(signer, "signer is null");
    if (!logKey.name().equals(signer.name()) || logKey.keyId() != signer.keyId()) {
      throw new IllegalArgumentException(
          "signer " + signer.name() + " does not match verifier key " + logKey.name());
    }
    LogDirectory directory = new LogDirectory(root);
    if (!Files.isDirectory(directory.root())) {
      throw LoopwatchException.userInput("log folder " + directory.root() + " does not exist");
    }
    FileChannel channel = openLock(directory);
    try {
      FileLock lock = acquire(directory, channel);
      byte[] bytes = directory.readCheckpoint();
      OpenedNote opened;
      Checkpoint checkpoint;
      try {
        opened = Note.open(bytes, List.of(logKey));
        checkpoint = Checkpoint.parse(opened.text());
      } catch (LoopwatchException e) {
        throw LoopwatchException.userInput(
            "checkpoint of log " + directory.root() + ": " + e.getMessage());
      }
      State state = load(directory, bytes, checkpoint);
      TileLog log =
          new TileLog(
              directory,
              signer,
              channel,
              lock,
              partialGrace,
              state.note(),
              checkpoint,
              state.edge(),
              state.partialEntries());
      log.partials.scan();
      log.partials.collect(Instant.now());
      return log;
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  /**
   * Appends a batch of entries, durably: returns once their tiles, bundles and the new signed
   * checkpoint are on disk. An empty batch changes nothing and returns the current checkpoint.
   *
   * <p>After a failed append (a file that cannot be written: disk full, I/O error) the log is
   * {@linkplain #appendFailure() failing}; the next append first reloads the committed state from
   * the stored checkpoint and tiles, deleting what the failed append left beyond it, and goes on
   * once that succeeds, so appends recover as soon as the cause is gone, without a restart.
   *
   * @throws LoopwatchException if an entry is larger than 65,535 bytes (nothing is written), or a
   *     file cannot be written or the log cannot be reloaded after an earlier failure
   * @throws IllegalStateException if the log is closed
   */
  public synchronized AppendResult append(List<byte[]> entries) {
    requireNonNull(entries, "entries is null");
    if (closed) {
      throw new IllegalStateException("log " + directory.root() + " is closed");
    }
    for (int i = 0; i < entries.size(); i++) {
      byte[] entry = requireNonNull(entries.get(i), "entry is null");
      if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
        throw LoopwatchException.userInput(
            "entry "
                + i
                + " of the batch is "
                + entry.length
                + " bytes; log entries are at most "
                + EntryBundle.MAX_ENTRY_SIZE
                + " bytes");
      }
    }
    if (entries.isEmpty()) {
      return new AppendResult(size, 0, checkpoint, signedCheckpoint);
    }
    try {
      if (failure.isPresent()) {
        recover();
      }
      AppendResult result = integrate(entries);
      failure = Optional.empty();
      return result;
    } catch (RuntimeException e) {
      failure =
          Optional.of(
              new AppendFailure(
                  e.getMessage() == null ? e.getClass().getName() : e.getMessage(),
                  failure.map(AppendFailure::since).orElse(Instant.now())));
      throw e;
    }
  }

  /** Writes a batch's tiles, bundles and checkpoint, then moves the in-memory edge on. */
  private AppendResult integrate(List<byte[]> entries) {
    long oldSize = size;
    List<List<Hash>> newEdge = new ArrayList<>();
    edge.forEach(level -> newEdge.add(new ArrayList<>(level)));
    List<byte[]> newPartial = new ArrayList<>(partialEntries);
    Map<Path, byte[]> writes = new LinkedHashMap<>();
    long n = oldSize;
    for (byte[] entry : entries) {
      newPartial.add(entry.clone());
      addHash(newEdge, 0, n, Rfc6962.leafHash(entry), writes);
      n++;
      if (newPartial.size() == Tile.FULL_WIDTH) {
        Tile full = new Tile(0, (n - 1) / Tile.FULL_WIDTH, Tile.FULL_WIDTH);
        writes.put(directory.resolve(full.entriesPath()), EntryBundle.encode(newPartial));
        newPartial.clear();
      }
    }
    for (int level = 0; level < newEdge.size(); level++) {
      long hashes = n >>> (Tile.HEIGHT * level);
      int width = (int) (hashes % Tile.FULL_WIDTH);
      if (hashes != oldSize >>> (Tile.HEIGHT * level) && width > 0) {
        Tile tile = new Tile(level, hashes / Tile.FULL_WIDTH, width);
        writes.put(directory.resolve(tile.path()), concat(newEdge.get(level)));
      }
    }
    if (!newPartial.isEmpty()) {
      Tile tile = new Tile(0, n / Tile.FULL_WIDTH, newPartial.size());
      writes.put(directory.resolve(tile.entriesPath()), EntryBundle.encode(newPartial));
    }
    AtomicFiles.writeAll(writes);
    Checkpoint next = Checkpoint.of(origin, n, root(newEdge, n));
    checkConsistent(checkpoint, next);
    Note note = Note.sign(next.text(), List.of(signer));
    AtomicFiles.writeAll(Map.of(checkpointPath(directory), note.bytes()));
    size = n;
    checkpoint = next;
    signedCheckpoint = note;
    edge = newEdge;
    partialEntries = newPartial;
    collectSuperseded(oldSize, n);
    return new AppendResult(oldSize, entries.size(), next, note);
  }

  /**
   * Reloads the committed state from the stored checkpoint and tiles after a failed append, which
   * may have written tiles (or even the checkpoint) before it failed.
   */
  private void recover() {
    byte[] bytes = directory.readCheckpoint();
    Checkpoint stored = Checkpoint.parse(Note.parse(bytes).text());
    if (!stored.origin().equals(origin) || stored.size() < size) {
      throw new IllegalStateException(
          "the checkpoint of log " + directory.root() + " changed under its writer: " + stored);
    }
    State state = load(directory, bytes, stored);
    size = stored.size();
    checkpoint = stored;
    signedCheckpoint = state.note();
    edge = state.edge();
    partialEntries = state.partialEntries();
  }

  /**
   * Why appends are failing: the message of the latest failed append and when the failures began,
   * or empty when the latest append succeeded (or none failed since the log was opened).
   */
  public synchronized Optional<AppendFailure> appendFailure() {
    return failure;
  }

  /** The current checkpoint. */
  public synchronized Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The current checkpoint as the signed note stored in the log. */
  public synchronized Note signedCheckpoint() {
    return signedCheckpoint;
  }

  /** The number of entries committed by the current checkpoint. */
  public synchronized long size() {
    return size;
  }

  /** The log's folder, from which tiles, bundles and the checkpoint can be read. */
  public LogDirectory directory() {
    return directory;
  }

  /** Releases the writer lock; later appends fail. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot release the lock of log " + directory.root() + ": " + e.getMessage(), e);
    }
  }

  /** The committed state of a log: its signed checkpoint and the right edge of its tree. */
  private record State(
      Note note, Checkpoint checkpoint, List<List<Hash>> edge, List<byte[]> partialEntries) {}

  /**
   * Deletes what lies beyond the checkpoint {@code bytes} (parsed as {@code checkpoint}), rebuilds
   * the right edge from the stored tiles and checks it gives the checkpoint's root.
   */
  private static State load(LogDirectory directory, byte[] bytes, Checkpoint checkpoint) {
    long size = checkpoint.size();
    StaleTiles.removeBeyond(directory, size);
    List<List<Hash>> edge = new ArrayList<>();
    for (int level = 0; level < 8 && (size >>> (Tile.HEIGHT * level)) > 0; level++) {
      long hashes = size >>> (Tile.HEIGHT * level);
      int width = (int) (hashes % Tile.FULL_WIDTH);
      List<Hash> tileHashes = new ArrayList<>(Tile.FULL_WIDTH);
      if (width > 0) {
        byte[] data = directory.read(new Tile(level, hashes / Tile.FULL_WIDTH, width));
        for (int i = 0; i < width; i++) {
          tileHashes.add(Hash.of(Arrays.copyOfRange(data, i * Hash.SIZE, (i + 1) * Hash.SIZE)));
        }
      }
      edge.add(tileHashes);
    }
    List<byte[]> partialEntries = new ArrayList<>();
    int width = (int) (size % Tile.FULL_WIDTH);
    if (width > 0) {
      Tile tile = new Tile(0, size / Tile.FULL_WIDTH, width);
      List<byte[]> entries;
      try {
        entries = EntryBundle.decode(directory.readEntries(tile));
      } catch (LoopwatchException e) {
        if (e.getMessage().startsWith("entry bundle")) {
          throw LoopwatchException.userInput(
              directory.root().resolve(tile.entriesPath()) + ": " + e.getMessage());
        }
        throw e;
      }
      if (entries.size() < width) {
        throw LoopwatchException.userInput(
            "entry bundle "
                + directory.root().resolve(tile.entriesPath())
                + " holds "
                + entries.size()
                + " entries, expected "
                + width);
      }
      for (int i = 0; i < width; i++) {
        if (!Rfc6962.leafHash(entries.get(i)).equals(edge.get(0).get(i))) {
          throw LoopwatchException.userInput(
              "entry "
                  + (size - width + i)
                  + " in "
                  + directory.root().resolve(tile.entriesPath())
                  + " does not match its leaf hash in "
                  + tile.path());
        }
        partialEntries.add(entries.get(i));
      }
    }
    Hash tileRoot = root(edge, size);
    if (!tileRoot.equals(checkpoint.root())) {
      throw LoopwatchException.userInput(
          "the tiles of log "
              + directory.root()
              + " give root "
              + tileRoot.base64()
              + " for size "
              + size
              + " but the checkpoint says "
              + checkpoint.root().base64());
    }
    return new State(Note.parse(bytes), checkpoint, edge, partialEntries);
  }

  /** Collects the partials superseded by an append from {@code oldSize} to {@code newSize}. */
  private void collectSuperseded(long oldSize, long newSize) {
    for (int level = 0; level < edge.size(); level++) {
      long before = oldSize >>> (Tile.HEIGHT * level);
      if (before % Tile.FULL_WIDTH != 0 && before != newSize >>> (Tile.HEIGHT * level)) {
        Tile tile = new Tile(level, before / Tile.FULL_WIDTH, Tile.FULL_WIDTH);
        partials.touched(tile.path());
        if (level == 0) {
          partials.touched(tile.entriesPath());
        }
      }
    }
    partials.collect(Instant.now());
  }

  /** Adds a hash to the partial tile at {@code level}, cascading a completed tile upward. */
  private void addHash(
      List<List<Hash>> edge, int level, long hashesBefore, Hash hash, Map<Path, byte[]> writes) {
    if (edge.size() == level) {
      edge.add(new ArrayList<>(Tile.FULL_WIDTH));
    }
    List<Hash> tile = edge.get(level);
    tile.add(hash);
    if (tile.size() == Tile.FULL_WIDTH) {
      long index = hashesBefore / Tile.FULL_WIDTH;
      writes.put(directory.resolve(new Tile(level, index, Tile.FULL_WIDTH).path()), concat(tile));
      Hash parent = MerkleTree.rootOf(tile);
      tile.clear();
      addHash(edge, level + 1, index, parent, writes);
    }
  }

  /**
   * Refuses to sign {@code next} unless a consistency proof read back from the stored tiles shows
   * it extends {@code previous}.
   */
  private void checkConsistent(Checkpoint previous, Checkpoint next) {
    if (previous.size() == 0) {
      return;
    }
    try {
      ConsistencyProof proof =
          Proofs.consistency(
              new TileHashReader(directory, next.size()), previous.size(), next.size());
      proof.verify(previous.root(), next.root());
    } catch (LoopwatchException e) {
      throw new IllegalStateException(
          "refusing to sign checkpoint of size "
              + next.size()
              + " for log "
              + directory.root()
              + ": it is not consistent with size "
              + previous.size()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The root of the tree of {@code size} leaves whose right edge is {@code edge}. */
  private static Hash root(List<List<Hash>> edge, long size) {
    HashReader reader =
        (level, index) -> {
          int tileLevel = level / Tile.HEIGHT;
          int below = level % Tile.HEIGHT;
          long tileStart =
              ((size >>> (Tile.HEIGHT * tileLevel)) / Tile.FULL_WIDTH) * Tile.FULL_WIDTH;
          int first = (int) ((index << below) - tileStart);
          return MerkleTree.rootOf(edge.get(tileLevel).subList(first, first + (1 << below)));
        };
    return Proofs.root(reader, size);
  }

  private static byte[] concat(List<Hash> hashes) {
    byte[] data = new byte[hashes.size() * Hash.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      hashes.get(i).copyTo(data, i * Hash.SIZE);
    }
    return data;
  }

  private static Path checkpointPath(LogDirectory directory) {
    return directory.root().resolve(LogDirectory.CHECKPOINT);
  }

  private static FileChannel openLock(LogDirectory directory) {
    Path path = directory.root().resolve(LOCK);
    try {
      return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot open lock file " + path + ": " + e.getMessage(), e);
    }
  }

  private static FileLock acquire(LogDirectory directory, FileChannel channel) {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot lock log " + directory.root() + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      throw LoopwatchException.userInput(
          "log " + directory.root() + " is already open by another writer");
    }
    return lock;
  }

  private static void closeQuietly(FileChannel channel, RuntimeException failure) {
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
