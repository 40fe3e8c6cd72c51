package dev.loopwatch.ledger.witness;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.ConsistencyProof;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A transparency log witness implementing the {@code add-checkpoint} call of c2sp.org/tlog-witness
 * for a fixed set of logs, each identified by its origin, which is the name of its note key.
 *
 * <p>Checks in the spec's order: a malformed body is 400; an unknown origin 404; no valid signature
 * by a trusted key of that origin 403; an old size above the checkpoint's size 400; an old size
 * other than the size last cosigned for the origin (0 if none) 409 with that size; proof lines with
 * old size 0, a size-0 checkpoint whose root is not the empty tree's, equal sizes with a different
 * root or a consistency proof that does not verify against the stored root 422. Otherwise the new
 * size and root are recorded durably, and only then the checkpoint is cosigned.
 *
 * <p>The check and the update are atomic per origin: one lock per origin serialises its requests,
 * and a lock file ({@value #LOCK}) keeps a second witness process off the same state, so the
 * witness never cosigns two inconsistent checkpoints, across restarts too. The object is
 * thread-safe.
 */
public final class Witness implements AutoCloseable {
  /** The name of the lock file in the state folder. */
  public static final String LOCK = ".lock";

  /**
   * The latest checkpoint cosigned for an origin.
   *
   * @param size its tree size
   * @param root its root hash
   */
  public record Latest(long size, Hash root) {
    /** Checks the fields. */
    public Latest {
      requireNonNull(root, "root is null");
      if (size < 0) {
        throw new IllegalArgumentException("size is negative: " + size);
      }
    }
  }

  private final Signer cosigner;
  private final Map<String, List<Verifier>> logs;
  private final Map<String, ReentrantLock> locks;
  private final Map<String, Optional<Latest>> cache = new ConcurrentHashMap<>();
  private final WitnessState state;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private Witness(
      Signer cosigner,
      Map<String, List<Verifier>> logs,
      WitnessState state,
      FileChannel lockChannel,
      FileLock lock) {
    this.cosigner = cosigner;
    this.logs = logs;
    this.state = state;
    this.lockChannel = lockChannel;
    this.lock = lock;
    Map<String, ReentrantLock> byOrigin = new HashMap<>();
    logs.keySet().forEach(origin -> byOrigin.put(origin, new ReentrantLock()));
    this.locks = Map.copyOf(byOrigin);
  }

  /**
   * Opens a witness whose state lives in {@code stateFolder} (created if missing).
   *
   * @param cosigner the witness's cosignature key (type 0x04)
   * @param logKeys the trusted log keys; each key's name is its log's origin
   * @throws LoopwatchException if the folder cannot be created or another witness holds it
   */
  public static Witness open(Path stateFolder, Signer cosigner, List<Verifier> logKeys) {
    requireNonNull(stateFolder, "stateFolder is null");
    requireNonNull(cosigner, "cosigner is null");
    requireNonNull(logKeys, "logKeys is null");
    Map<String, List<Verifier>> logs = new LinkedHashMap<>();
    for (Verifier key : logKeys) {
      logs.computeIfAbsent(key.name(), origin -> new ArrayList<>()).add(key);
    }
    logs.replaceAll((origin, keys) -> List.copyOf(keys));
    try {
      Files.createDirectories(stateFolder);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + stateFolder + ": " + e, e);
    }
    Path lockFile = stateFolder.resolve(LOCK);
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot open " + lockFile + ": " + e, e);
    }
    FileLock fileLock;
    try {
      fileLock = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      fileLock = null;
    }
    if (fileLock == null) {
      try {
        channel.close();
      } catch (IOException e) {
        // The lock failure below is the error worth reporting.
      }
      throw LoopwatchException.userInput(
          "witness state " + stateFolder + " is already in use by another witness");
    }
    return new Witness(
        cosigner, Map.copyOf(logs), new WitnessState(stateFolder), channel, fileLock);
  }

  /** The latest checkpoint this witness cosigned for {@code origin}, if any. */
  public Optional<Latest> latest(String origin) {
    requireNonNull(origin, "origin is null");
    ReentrantLock originLock = locks.get(origin);
    if (originLock == null) {
      return state.read(origin);
    }
    originLock.lock();
    try {
      return cached(origin);
    } finally {
      originLock.unlock();
    }
  }

  /** Handles one {@code add-checkpoint} request body and returns the answer to send. */
  public WitnessResponse addCheckpoint(byte[] body) {
    requireNonNull(body, "body is null");
    AddCheckpointRequest request;
    Note note;
    Checkpoint checkpoint;
    try {
      request = AddCheckpointRequest.parse(body);
      note = Note.parse(request.checkpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (LoopwatchException e) {
      return new WitnessResponse.Rejected(400, e.getMessage());
    }
    String origin = checkpoint.origin();
    List<Verifier> keys = logs.get(origin);
    if (keys == null) {
      return new WitnessResponse.Rejected(404, "unknown log origin \"" + origin + "\"");
    }
    try {
      Note.open(request.checkpoint(), keys);
    } catch (LoopwatchException e) {
      return new WitnessResponse.Rejected(
          403,
          "checkpoint of " + origin + " is not signed by a trusted log key: " + e.getMessage());
    }
    long oldSize = request.oldSize();
    if (oldSize > checkpoint.size()) {
      return new WitnessResponse.Rejected(
          400, "old size " + oldSize + " is above the checkpoint size " + checkpoint.size());
    }
    ReentrantLock originLock = locks.get(origin);
    originLock.lock();
    try {
      Optional<Latest> latest = cached(origin);
      long latestSize = latest.map(Latest::size).orElse(0L);
      if (oldSize != latestSize) {
        return new WitnessResponse.SizeConflict(latestSize);
      }
      Optional<String> inconsistency = inconsistency(request, checkpoint, latest);
      if (inconsistency.isPresent()) {
        return new WitnessResponse.Rejected(422, inconsistency.get());
      }
      Latest next = new Latest(checkpoint.size(), checkpoint.root());
      if (!latest.equals(Optional.of(next))) {
        state.write(origin, next);
        cache.put(origin, Optional.of(next));
      }
    } finally {
      originLock.unlock();
    }
    Note cosigned = Note.sign(note.text(), List.of(cosigner));
    return new WitnessResponse.Cosigned(cosigned.signatures());
  }

  /** Why the checkpoint cannot follow the latest cosigned one, if it cannot. */
  private static Optional<String> inconsistency(
      AddCheckpointRequest request, Checkpoint checkpoint, Optional<Latest> latest) {
    long oldSize = request.oldSize();
    if (checkpoint.size() == 0 && !checkpoint.root().equals(Rfc6962.emptyRoot())) {
      return Optional.of(
          "a checkpoint of size 0 must have the empty tree's root "
              + Rfc6962.emptyRoot().base64()
              + ", got "
              + checkpoint.root().base64());
    }
    if (oldSize == 0) {
      return request.proof().isEmpty()
          ? Optional.empty()
          : Optional.of(
              "old size 0 needs an empty proof, got " + request.proof().size() + " lines");
    }
    Hash oldRoot = latest.orElseThrow().root();
    if (oldSize == checkpoint.size() && !oldRoot.equals(checkpoint.root())) {
      return Optional.of(
          "size "
              + oldSize
              + " was cosigned with root "
              + oldRoot.base64()
              + ", not "
              + checkpoint.root().base64());
    }
    try {
      new ConsistencyProof(oldSize, checkpoint.size(), request.proof())
          .verify(oldRoot, checkpoint.root());
      return Optional.empty();
    } catch (LoopwatchException e) {
      return Optional.of(e.getMessage());
    }
  }

  private Optional<Latest> cached(String origin) {
    return cache.computeIfAbsent(origin, state::read);
  }

  /** Releases the state lock. */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot release the witness state lock: " + e, e);
    }
  }
}
