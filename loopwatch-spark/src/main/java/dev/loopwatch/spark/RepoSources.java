package dev.loopwatch.spark;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the job's repositories: a list file (one URL or path a line, paths relative to the file,
 * {@code #} starting a comment line, an optional weight after a tab, as {@code scan --repos-file}
 * reads) or a folder of mirrors (each git repository directly inside it, by name).
 */
final class RepoSources {
  private RepoSources() {}

  /**
   * The repositories {@code input} lists.
   *
   * @throws LoopwatchException USER_INPUT naming the file and line of a bad weight, a repository
   *     listed twice or a missing path; or a folder with no repository in it
   */
  static List<RepoSource> read(Path input) {
    if (Files.isDirectory(input)) {
      return folder(input);
    }
    if (!Files.isRegularFile(input)) {
      throw LoopwatchException.userInput(input + ": no such repository list or folder of mirrors");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.userInput(input + ": cannot read: " + e.getMessage());
    }
    Path base = input.toAbsolutePath().getParent();
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<RepoSource> sources = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = input + ":" + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      long weight = 0;
      int tab = line.indexOf('\t');
      if (tab >= 0) {
        String given = line.substring(tab + 1).strip();
        line = line.substring(0, tab).strip();
        try {
          weight = Long.parseLong(given);
        } catch (NumberFormatException e) {
          weight = -1;
        }
        if (weight <= 0) {
          throw LoopwatchException.userInput(
              where
                  + ": the weight after the tab must be a positive whole number: '"
                  + given
                  + "'");
        }
      }
      RepoSource source;
      if (RepoSource.isUrl(line)) {
        source = new RepoSource(line, true, weight);
      } else {
        Path path = base.resolve(line).normalize();
        if (!Files.isDirectory(path)) {
          throw LoopwatchException.userInput(where + ": " + path + " is not a folder");
        }
        source = new RepoSource(path.toString(), false, weight);
      }
      Integer earlier = seen.putIfAbsent(source.location(), i + 1);
      if (earlier != null) {
        throw LoopwatchException.userInput(
            where + ": " + source.location() + " is listed twice (first on line " + earlier + ")");
      }
      sources.add(source);
    }
    if (sources.isEmpty()) {
      throw LoopwatchException.userInput(input + ": lists no repositories");
    }
    return List.copyOf(sources);
  }

  private static List<RepoSource> folder(Path folder) {
    List<RepoSource> sources = new ArrayList<>();
    try (Stream<Path> children = Files.list(folder)) {
      for (Path child : children.sorted().toList()) {
        boolean work = Files.exists(child.resolve(".git"));
        boolean bare =
            Files.isRegularFile(child.resolve("HEAD"))
                && Files.isDirectory(child.resolve("objects"));
        if (Files.isDirectory(child) && (work || bare)) {
          sources.add(new RepoSource(child.toAbsolutePath().normalize().toString(), false, 0));
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput(folder + ": cannot list: " + e.getMessage());
    }
    if (sources.isEmpty()) {
      throw LoopwatchException.userInput(
          folder + ": holds no git repository (work tree or mirror)");
    }
    return List.copyOf(sources);
  }
}
