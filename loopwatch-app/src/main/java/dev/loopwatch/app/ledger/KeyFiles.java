package dev.loopwatch.app.ledger;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;

/** Private key files (created 0600, never printed) and the log key stored in a log folder. */
final class KeyFiles {
  /** The log's private key file in its folder. */
  static final String LOG_KEY = "log.key";

  private KeyFiles() {}

  /**
   * Writes a signer key to a new file created with permissions 0600 (never widened later), and
   * fsyncs the file and its folder before returning.
   *
   * @throws LoopwatchException if the file exists or cannot be created
   */
  static void writePrivate(Path file, String signerKey) {
    try (FileChannel channel =
        FileChannel.open(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buffer = ByteBuffer.wrap((signerKey + "\n").getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      // The key must survive a crash as surely as the checkpoint it signs.
      channel.force(true);
    } catch (FileAlreadyExistsException e) {
      throw LoopwatchException.userInput(
          "key file " + file + " already exists; not overwriting it");
    } catch (UnsupportedOperationException e) {
      throw LoopwatchException.userInput(
          "cannot create key file " + file + " with permissions 0600: no POSIX file system");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write key file " + file + ": " + e.getMessage(), e);
    }
    Path folder = file.toAbsolutePath().getParent();
    try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot sync folder "
              + folder
              + " after writing key file "
              + file
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Reads a signer key file.
   *
   * @throws LoopwatchException naming the file if it is missing or not a signer key
   */
  static String readSignerKey(Path file) {
    String text = readText(file, "key file");
    try {
      NoteKeys.parseSignerKey(text);
    } catch (LoopwatchException e) {
      throw LoopwatchException.userInput(file + ": " + e.getMessage());
    }
    return text;
  }

  /** The verifier key matching a signer key. */
  static String verifierKeyOf(String signerKey) {
    NoteKeys.SignerKey key = NoteKeys.parseSignerKey(signerKey);
    return NoteKeys.verifierKey(key.name(), key.type(), Ed25519.publicKey(key.seed()));
  }

  /** The log key of the log in {@code folder}. */
  static String logSignerKey(Path folder) {
    return readSignerKey(folder.resolve(LOG_KEY));
  }

  /** Opens the log in {@code folder} for appending with the key stored next to it. */
  static TileLog openLog(Path folder) {
    return openLog(folder, TileLog.DEFAULT_PARTIAL_GRACE);
  }

  /**
   * Opens the log in {@code folder} for appending, deleting partial tiles superseded for {@code
   * partialGrace}.
   */
  static TileLog openLog(Path folder, Duration partialGrace) {
    String signerKey = logSignerKey(folder);
    Signer signer = NoteKeys.signer(signerKey);
    Verifier verifier = NoteKeys.verifier(verifierKeyOf(signerKey));
    return TileLog.open(folder, verifier, signer, partialGrace);
  }

  /**
   * A file's text without its trailing line break.
   *
   * @throws LoopwatchException naming the file if it is missing or unreadable
   */
  static String readText(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + what + " " + file + ": " + e, e);
    }
  }

  /**
   * A file's bytes.
   *
   * @throws LoopwatchException naming the file if it is missing or unreadable
   */
  static byte[] readBytes(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + what + " " + file + ": " + e, e);
    }
  }

  /** Writes a file (replacing it). */
  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A verifier key given either as the key itself or as the path of a file holding it. */
  static String keyOrFile(String value) {
    try {
      Path path = Path.of(value);
      if (Files.isRegularFile(path)) {
        return readText(path, "log key file");
      }
    } catch (InvalidPathException e) {
      // Not a path: the value is the key itself.
    }
    return value;
  }
}
