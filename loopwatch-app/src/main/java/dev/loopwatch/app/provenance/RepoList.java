package dev.loopwatch.app.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * A repositories file ({@code scan --repos-file}): one local repository path a line, relative paths
 * against the file's folder, an optional weight after a tab for balancing shards, {@code #}
 * comments and blank lines ignored.
 */
final class RepoList {
  private static final Pattern URL =
      Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*|^[^/]+@[^/]+:.*");

  private RepoList() {}

  /**
   * One repository of the file.
   *
   * @param text the path as written, which names the repository the same way on every machine
   * @param path the path resolved against the file's folder
   * @param line its line number
   * @param weight its weight, if the line gives one
   */
  record Entry(String text, Path path, int line, OptionalDouble weight) {
    Entry {
      requireNonNull(text, "text is null");
      requireNonNull(path, "path is null");
      requireNonNull(weight, "weight is null");
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws LoopwatchException USER_INPUT naming file and line: a URL (clone it first), a path that
   *     is not a folder, a bad weight, a repository listed twice, or no repository at all
   */
  static List<Entry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.userInput(file + ": cannot read the repositories file: " + e);
    }
    Path base = file.toAbsolutePath().getParent();
    List<Entry> entries = new ArrayList<>();
    Map<Path, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      String text = fields[0].strip();
      if (URL.matcher(text).matches()) {
        throw LoopwatchException.userInput(
            file + ":" + number + ": " + text + " is a URL; clone it first: git clone " + text);
      }
      OptionalDouble weight = OptionalDouble.empty();
      if (fields.length > 1) {
        try {
          double value = Double.parseDouble(fields[1].strip());
          if (!(value > 0) || Double.isInfinite(value)) {
            throw new NumberFormatException();
          }
          weight = OptionalDouble.of(value);
        } catch (NumberFormatException e) {
          throw LoopwatchException.userInput(
              file
                  + ":"
                  + number
                  + ": weight '"
                  + fields[1].strip()
                  + "' is not a positive number");
        }
      }
      Path path = base.resolve(text).normalize();
      if (!Files.isDirectory(path)) {
        throw LoopwatchException.userInput(file + ":" + number + ": " + path + ": no such folder");
      }
      Path canonical;
      try {
        canonical = path.toRealPath();
      } catch (IOException e) {
        throw LoopwatchException.userInput(file + ":" + number + ": " + path + ": " + e);
      }
      Integer earlier = seen.putIfAbsent(canonical, number);
      if (earlier != null) {
        throw LoopwatchException.userInput(
            file + ":" + number + ": " + text + " is listed already on line " + earlier);
      }
      entries.add(new Entry(text, path, number, weight));
    }
    if (entries.isEmpty()) {
      throw LoopwatchException.userInput(file + ": lists no repository");
    }
    return List.copyOf(entries);
  }
}
