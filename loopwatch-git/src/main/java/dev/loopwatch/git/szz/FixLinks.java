package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mines fix-to-cause links from commit messages: {@code Fixes: <sha>} lines and {@code git
 * revert}'s {@code This reverts commit <sha>}.
 *
 * <p>The {@code Fixes:} pattern is the one Lyu et al. (TSE 2024) used on the Linux kernel, {@code
 * Fixes:[^\S\n]+(\b[0-9a-f]{5,40}\b)}, matched anywhere in the message and any number of times.
 * Short ids are prefix-matched against the repository by one {@code git cat-file --batch-check}
 * process; ids that name no commit or more than one become {@code unresolved-fix-link} warnings.
 */
public final class FixLinks {
  private static final Pattern FIXES = Pattern.compile("Fixes:[^\\S\\n]+(\\b[0-9a-f]{5,40}\\b)");
  private static final Pattern REVERTS =
      Pattern.compile("This reverts commit (\\b[0-9a-f]{5,40}\\b)");

  private FixLinks() {}

  /** The links a single message states, in message order, with the ids as written. */
  public static List<FixLink> parse(String fix, String message) {
    requireNonNull(fix, "fix is null");
    requireNonNull(message, "message is null");
    Set<FixLink> links = new LinkedHashSet<>();
    collect(fix, message, FIXES, FixLink.How.FIXES_TRAILER, links);
    collect(fix, message, REVERTS, FixLink.How.REVERT, links);
    return List.copyOf(links);
  }

  /**
   * Mines the links stated by the commits reachable from {@code revision} (newest first; links of
   * one commit in message order), with every cause resolved to a full id.
   *
   * @throws LoopwatchException USER_INPUT if {@code revision} names no commit
   */
  public static Result mine(Git git, String revision) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    String tip =
        git.resolveCommit(revision)
            .orElseThrow(() ->
                LoopwatchException.userInput(
                    git.topLevel() + ": unknown revision '" + revision + "'"));
    String log = git.run(List.of("log", "-z", "--format=%H%x00%B", tip, "--"));
    List<FixLink> raw = new ArrayList<>();
    String[] fields = log.split("\0", -1);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      String sha = fields[i].strip();
      if (sha.isEmpty()) {
        continue;
      }
      raw.addAll(parse(sha, fields[i + 1]));
    }
    Map<String, Optional<String>> causes =
        CommitIds.resolve(git, raw.stream().map(FixLink::cause).toList());
    List<FixLink> links = new ArrayList<>();
    List<ScanWarning> warnings = new ArrayList<>();
    Set<FixLink> seen = new LinkedHashSet<>();
    for (FixLink link : raw) {
      Optional<String> cause = causes.get(link.cause());
      if (cause.isPresent()) {
        FixLink full = new FixLink(link.fix(), cause.get(), link.how());
        if (seen.add(full)) {
          links.add(full);
        }
      } else {
        warnings.add(
            new ScanWarning(
                "unresolved-fix-link",
                link.fix(),
                "commit "
                    + CommitIds.abbreviate(link.fix())
                    + " names '"
                    + link.cause()
                    + "' as its cause, which is no single commit here; the link is ignored"));
      }
    }
    return new Result(links, warnings);
  }

  private static void collect(
      String fix, String message, Pattern pattern, FixLink.How how, Set<FixLink> links) {
    Matcher matcher = pattern.matcher(message);
    while (matcher.find()) {
      links.add(new FixLink(fix, matcher.group(1), how));
    }
  }

  /**
   * Mined links.
   *
   * @param links the resolved links, newest fix first
   * @param warnings links whose cause could not be resolved
   */
  public record Result(List<FixLink> links, List<ScanWarning> warnings) {
    public Result {
      links = List.copyOf(requireNonNull(links, "links is null"));
      warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }
  }
}
