package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The commits a repository asks blame to skip (formatting sweeps, mass renames), read from its
 * {@code .git-blame-ignore-revs} as of one revision.
 *
 * <p>The format is git's {@code blame.ignoreRevsFile}: one object id per line, {@code #} starts a
 * comment (also after an id), blank lines are skipped. Loopwatch is more lenient than git in one
 * way: abbreviated ids (4 hex digits or more) are accepted and resolved. Every id, full or
 * abbreviated, must name a commit in the repository (tags are peeled); a line that is not a hex id,
 * or whose id names no commit or more than one, becomes a {@code bad-ignore-rev} warning naming the
 * file and line, and is otherwise skipped. All ids are resolved by one {@code git cat-file
 * --batch-check} process fed {@code <id>^{commit}} per line (the batch form of {@code git rev-parse
 * --verify --quiet <id>^{commit}}).
 */
public final class IgnoreRevs {
  /** The file's conventional name, at the repository root (GitHub and GitLab honour it there). */
  public static final String DEFAULT_PATH = ".git-blame-ignore-revs";

  private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{4,64}");

  private IgnoreRevs() {}

  /** Reads {@value #DEFAULT_PATH} at {@code revision}; an absent file gives an empty result. */
  public static Result read(Git git, String revision) {
    return read(git, revision, Optional.empty());
  }

  /**
   * Reads the ignore-revs file at {@code pathInRepo} (default {@value #DEFAULT_PATH}) as of {@code
   * revision}.
   *
   * <p>An absent default file gives an empty result; an absent configured file gives an empty
   * result with a {@code missing-ignore-revs-file} warning, since someone asked for it.
   *
   * @throws LoopwatchException USER_INPUT if {@code revision} names no commit, EXTERNAL if git
   *     fails
   */
  public static Result read(Git git, String revision, Optional<String> pathInRepo) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    requireNonNull(pathInRepo, "pathInRepo is null");
    String commit =
        git.resolveCommit(revision)
            .orElseThrow(() ->
                LoopwatchException.userInput(
                    git.topLevel() + ": unknown revision '" + revision + "'"));
    String path = pathInRepo.map(IgnoreRevs::normalize).orElse(DEFAULT_PATH);
    String object = commit + ":" + path;
    Git.Result type = git.tryRun(List.of("cat-file", "-t", object));
    if (type.exitCode() != 0 || !type.stdout().strip().equals("blob")) {
      if (pathInRepo.isEmpty()) {
        return new Result(new TreeSet<>(), List.of());
      }
      return new Result(
          new TreeSet<>(),
          List.of(
              new ScanWarning(
                  "missing-ignore-revs-file",
                  path,
                  "configured ignore-revs file "
                      + path
                      + " is not a file at "
                      + abbreviate(commit))));
    }
    return parse(git, path, git.run(List.of("cat-file", "blob", object)));
  }

  private static Result parse(Git git, String path, String content) {
    List<ScanWarning> warnings = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> lines = content.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String id = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!HEX_ID.matcher(id).matches()) {
        warnings.add(
            warning(
                path,
                i + 1,
                "'" + shorten(id) + "' is not a commit id (expected 4 to 64 hex digits)"));
        continue;
      }
      lineNumbers.add(i + 1);
      ids.add(id.toLowerCase(Locale.ROOT));
    }
    SortedSet<String> resolved = new TreeSet<>();
    if (!ids.isEmpty()) {
      StringBuilder input = new StringBuilder();
      ids.forEach(id -> input.append(id).append("^{commit}\n"));
      String output =
          new String(
              git.runWithInput(
                  List.of("cat-file", "--batch-check"),
                  Map.of(),
                  input.toString().getBytes(StandardCharsets.UTF_8)),
              StandardCharsets.UTF_8);
      List<String> answers = output.lines().toList();
      if (answers.size() != ids.size()) {
        throw LoopwatchException.external(
            "git cat-file --batch-check answered "
                + answers.size()
                + " lines for "
                + ids.size()
                + " ids",
            null);
      }
      for (int i = 0; i < ids.size(); i++) {
        String[] fields = answers.get(i).split(" ");
        if (fields.length >= 2 && fields[1].equals("commit")) {
          resolved.add(fields[0]);
        } else {
          String problem =
              fields.length >= 2 && fields[fields.length - 1].equals("ambiguous")
                  ? "is ambiguous: it abbreviates more than one object"
                  : "names no commit in this repository";
          warnings.add(warning(path, lineNumbers.get(i), "'" + ids.get(i) + "' " + problem));
        }
      }
    }
    warnings.sort((a, b) -> Integer.compare(lineOf(a.subject()), lineOf(b.subject())));
    return new Result(resolved, warnings);
  }

  private static ScanWarning warning(String path, int line, String problem) {
    return new ScanWarning("bad-ignore-rev", path + ":" + line, problem + "; the line is ignored");
  }

  private static int lineOf(String subject) {
    return Integer.parseInt(subject.substring(subject.lastIndexOf(':') + 1));
  }

  private static String normalize(String path) {
    String normalized = path.strip();
    while (normalized.startsWith("./")) {
      normalized = normalized.substring(2);
    }
    while (normalized.startsWith("/")) {
      normalized = normalized.substring(1);
    }
    if (normalized.isEmpty()) {
      throw LoopwatchException.userInput("ignore-revs file path '" + path + "' names no file");
    }
    return normalized;
  }

  private static String shorten(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  private static String abbreviate(String commit) {
    return commit.substring(0, Math.min(12, commit.length()));
  }

  /**
   * What the ignore-revs file says.
   *
   * @param revisions full commit ids to ignore, sorted
   * @param warnings lines that were skipped, in line order
   */
  public record Result(SortedSet<String> revisions, List<ScanWarning> warnings) {
    public Result {
      requireNonNull(revisions, "revisions is null");
      requireNonNull(warnings, "warnings is null");
      TreeSet<String> sorted = new TreeSet<>();
      sorted.addAll(revisions);
      revisions = Collections.unmodifiableSortedSet(sorted);
      warnings = List.copyOf(warnings);
    }
  }
}
