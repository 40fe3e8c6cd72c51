package dev.loopwatch.retro.review.analyzers;

import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ReviewRequest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Helpers the analyzers share: which files to analyse and which findings to keep. */
final class ChangedJava {
  /** Findings in report order: file, first line, last line, message. */
  static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::file)
          .thenComparingInt(Finding::startLine)
          .thenComparingInt(Finding::endLine)
          .thenComparing(Finding::message);

  /** Why a change without an analysable {@code .java} file is not applicable. */
  static final String NOT_APPLICABLE = "reads only .java files; the change added no line to one";

  private ChangedJava() {}

  /**
   * The changed {@code .java} files with at least one added line that are regular files (not
   * symlinks) in the worktree, in path order.
   */
  static List<String> files(ReviewRequest request) {
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, RangeSet> entry : request.addedLines().entrySet()) {
      String path = entry.getKey();
      if (path.endsWith(".java")
          && !entry.getValue().isEmpty()
          && Files.isRegularFile(request.worktree().resolve(path), LinkOption.NOFOLLOW_LINKS)) {
        files.add(path);
      }
    }
    return List.copyOf(files);
  }

  /** Whether lines {@code start..end} of {@code file} include a line the change added. */
  static boolean touchesChange(ReviewRequest request, String file, int start, int end) {
    RangeSet added = request.addedLines().get(file);
    return added != null && added.countIn(start, Math.max(start, end)) > 0;
  }

  /** The repository-relative path, with {@code /} separators, of {@code file} in the worktree. */
  static String relative(Path worktree, Path file) {
    Path relative =
        worktree.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
    return relative.toString().replace('\\', '/');
  }

  /** The first line of {@code text}, stripped, or {@code fallback} when blank. */
  static String firstLine(String text, String fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    return text.strip().lines().findFirst().orElse(fallback).strip();
  }

  /** A one-line description of a throwable: its class and first message line. */
  static String describe(Throwable failure) {
    return failure.getClass().getSimpleName()
        + firstLine(failure.getMessage(), "").transform(m -> m.isEmpty() ? "" : ": " + m);
  }
}
