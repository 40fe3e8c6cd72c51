package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.AtomicFiles;
import dev.loopwatch.ledger.note.Note;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What an auditor remembers about one log between runs: the last checkpoint it verified, as the
 * signed note, in {@code <root>/<origin hash>/checkpoint}, where the origin hash is the first 16
 * hex digits of SHA-256 of the origin. Written with {@link AtomicFiles}, so a crash leaves the old
 * or the new checkpoint.
 *
 * @param directory the folder of this origin's state
 */
public record AuditState(Path directory) {
  /** The file holding the last verified signed checkpoint. */
  public static final String CHECKPOINT = "checkpoint";

  /** Checks the field. */
  public AuditState {
    requireNonNull(directory, "directory is null");
  }

  /** The state of the log {@code origin} under {@code root}. */
  public static AuditState of(Path root, String origin) {
    requireNonNull(root, "root is null");
    return new AuditState(root.resolve(originHash(origin)));
  }

  /** The first 16 hex digits of SHA-256 of the origin: a file name safe for any origin. */
  public static String originHash(String origin) {
    requireNonNull(origin, "origin is null");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /**
   * The last verified signed checkpoint, if any.
   *
   * @throws LoopwatchException if the file exists but cannot be read or parsed
   */
  public Optional<Note> last() {
    Path file = directory.resolve(CHECKPOINT);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read audit state " + file + ": " + e.getMessage());
    }
    try {
      return Optional.of(Note.parse(bytes));
    } catch (LoopwatchException e) {
      throw LoopwatchException.userInput("audit state " + file + ": " + e.getMessage());
    }
  }

  /** Stores {@code signedCheckpoint} as the last verified checkpoint, durably and atomically. */
  public void store(Note signedCheckpoint) {
    requireNonNull(signedCheckpoint, "signedCheckpoint is null");
    AtomicFiles.writeAll(Map.of(directory.resolve(CHECKPOINT), signedCheckpoint.bytes()));
  }
}
