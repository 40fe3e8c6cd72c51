package dev.loopwatch.git.blame;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An end-to-end timing of {@link LiveCode#measure} for {@code bench/blame-head.sh}; not a JMH
 * benchmark and not a test.
 *
 * <p>{@code list <repo> <revision> <limit> <out>} writes the tracked text files at the revision,
 * NUL-separated (every k-th one when {@code limit} is positive and smaller than their number, so
 * the subset is deterministic). {@code measure <repo> <revision> <list> <parallelism>} times one
 * measure over those files and prints {@code wall_ms=... files=... lines=... ai=...}. Run as {@code
 * java -cp loopwatch-git/target/classes:loopwatch-git/target/test-classes:<deps>
 * dev.loopwatch.git.blame.LiveCodeBench ...}.
 */
final class LiveCodeBench {
  private LiveCodeBench() {}

  /** Runs the {@code list} or {@code measure} command. */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println(
          "usage: LiveCodeBench list <repo> <revision> <limit> <out>"
              + " | measure <repo> <revision> <list> <parallelism>");
      System.exit(2);
    }
    Git git = Git.open(Path.of(args[1]));
    String commit = git.resolveCommit(args[2]).orElseThrow();
    switch (args[0]) {
      case "list" -> list(git, commit, Integer.parseInt(args[3]), Path.of(args[4]));
      case "measure" -> measure(git, commit, Path.of(args[3]), Integer.parseInt(args[4]));
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  private static void list(Git git, String commit, int limit, Path out) throws IOException {
    Set<String> binary = LiveCode.binaryFiles(git, commit);
    List<String> text = new ArrayList<>();
    for (String path : LiveCode.trackedFiles(git, commit)) {
      if (!binary.contains(path)) {
        text.add(path);
      }
    }
    List<String> chosen = text;
    if (limit > 0 && limit < text.size()) {
      int step = (text.size() + limit - 1) / limit;
      chosen = new ArrayList<>();
      for (int i = 0; i < text.size(); i += step) {
        chosen.add(text.get(i));
      }
    }
    StringBuilder joined = new StringBuilder();
    chosen.forEach(path -> joined.append(path).append('\0'));
    Files.writeString(out, joined, StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT, "text_files=%d chosen=%d%n", text.size(), chosen.size());
  }

  private static void measure(Git git, String commit, Path listFile, int parallelism)
      throws IOException {
    List<String> paths = new ArrayList<>();
    for (String path : Files.readString(listFile, StandardCharsets.UTF_8).split("\0")) {
      if (!path.isEmpty()) {
        paths.add(path);
      }
    }
    LineAttribution attribution =
        (sha, path, line) ->
            sha.charAt(0) < '4'
                ? Optional.of(new Attribution(Confidence.MEDIUM, "unknown"))
                : Optional.empty();
    long start = System.nanoTime();
    LiveCodeResult result =
        LiveCode.measure(git, commit, paths, Set.of(), attribution, parallelism, Progress.silent());
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        Locale.ROOT,
        "wall_ms=%d files=%d lines=%d ai=%d skipped=%d warnings=%d%n",
        wallMillis,
        result.fileCount(),
        result.lines(),
        result.medium(),
        result.skippedFiles(),
        result.warnings().size());
  }
}
