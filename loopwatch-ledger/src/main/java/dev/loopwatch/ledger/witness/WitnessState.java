package dev.loopwatch.ledger.witness;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.AtomicFiles;
import dev.loopwatch.ledger.merkle.Hash;
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
 * The witness's durable record of the latest checkpoint it cosigned per origin: one file per
 * origin, named by the hex SHA-256 of the origin and holding {@code "<origin>\n<size>\n<root>\n"},
 * replaced atomically (temporary file, fsync, rename, folder fsync) by {@link AtomicFiles}.
 *
 * <p>Callers serialise reads and writes of one origin; this class holds no lock.
 */
final class WitnessState {
  private final Path folder;

  WitnessState(Path folder) {
    this.folder = requireNonNull(folder, "folder is null");
  }

  /** The stored latest checkpoint of {@code origin}, if it ever cosigned one. */
  Optional<Witness.Latest> read(String origin) {
    Path file = file(origin);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read witness state " + file + ": " + e, e);
    }
    String[] lines = text.split("\n", -1);
    if (lines.length != 4 || !lines[0].equals(origin) || !lines[3].isEmpty()) {
      throw LoopwatchException.userInput(
          "witness state " + file + " is not '<origin>\\n<size>\\n<root>\\n' for " + origin);
    }
    try {
      return Optional.of(new Witness.Latest(Long.parseLong(lines[1]), Hash.fromBase64(lines[2])));
    } catch (NumberFormatException | LoopwatchException e) {
      throw LoopwatchException.userInput("witness state " + file + " is corrupt: " + e);
    }
  }

  /** Durably records the latest checkpoint of {@code origin}; returns once it is on disk. */
  void write(String origin, Witness.Latest latest) {
    String text = origin + "\n" + latest.size() + "\n" + latest.root().base64() + "\n";
    AtomicFiles.writeAll(Map.of(file(origin), text.getBytes(StandardCharsets.UTF_8)));
  }

  private Path file(String origin) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return folder.resolve(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
