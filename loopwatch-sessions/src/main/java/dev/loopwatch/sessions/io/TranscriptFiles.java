package dev.loopwatch.sessions.io;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Finding transcript files below a folder, and the checks every reader makes on its input. */
public final class TranscriptFiles {
  private TranscriptFiles() {}

  /**
   * The regular files below {@code folder} whose name {@code matches}, in path order.
   *
   * @param what what the files are, for the error message (e.g. {@code "rollouts"})
   * @throws LoopwatchException when the folder is not a directory or cannot be listed
   */
  public static List<Path> list(Path folder, Predicate<String> matches, String what) {
    requireNonNull(folder, "folder is null");
    if (!Files.isDirectory(folder)) {
      throw LoopwatchException.userInput("not a directory: " + folder);
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(path -> matches.test(path.getFileName().toString()))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw LoopwatchException.external("cannot list " + what + " in " + folder, e);
    }
  }

  /**
   * Returns {@code maxLineChars} after checking it is positive.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static int lineCap(int maxLineChars) {
    if (maxLineChars < 1) {
      throw new IllegalArgumentException("maxLineChars is not positive: " + maxLineChars);
    }
    return maxLineChars;
  }
}
