package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.review.Finding;
import java.util.List;
import java.util.Optional;

/**
 * The strict (location) catch rule: a finding catches the bug when it lands in a file that holds a
 * buggy line and its line range, widened by {@code window} lines on each side, contains a buggy
 * line.
 *
 * <p>Buggy lines are SZZ's lines the introducing change added that the fix later removed or
 * changed, as paths and line numbers in the introducing change ({@link
 * dev.loopwatch.git.szz.SzzResult#buggyLines()}); findings are reported on the reviewed change's
 * head, which is the same version, so the two compare directly. d0cd/bugbench found "a comment near
 * the buggy lines" too permissive on its own, so the judged rule ({@link Judge}) is reported next
 * to this one, never merged into it.
 *
 * @param window how many lines before a finding's first line and after its last line still count
 */
public record CatchRule(int window) {
  /** The default window, in lines. */
  public static final int DEFAULT_WINDOW = 5;

  /** Checks the window is not negative. */
  public CatchRule {
    if (window < 0) {
      throw new IllegalArgumentException("window must be 0 or more, got " + window);
    }
  }

  /** The rule with the default window of {@value #DEFAULT_WINDOW} lines. */
  public static CatchRule defaults() {
    return new CatchRule(DEFAULT_WINDOW);
  }

  /** Whether {@code finding} catches a bug whose buggy lines are {@code buggyLines}. */
  public boolean catches(Finding finding, List<LineRef> buggyLines) {
    requireNonNull(finding, "finding is null");
    requireNonNull(buggyLines, "buggyLines is null");
    long low = (long) finding.startLine() - window;
    long high = (long) finding.endLine() + window;
    for (LineRef line : buggyLines) {
      if (line.path().equals(finding.file()) && line.line() >= low && line.line() <= high) {
        return true;
      }
    }
    return false;
  }

  /** The first finding, in the reviewer's order, that catches the bug, if any. */
  public Optional<Finding> firstCatch(List<Finding> findings, List<LineRef> buggyLines) {
    requireNonNull(findings, "findings is null");
    return findings.stream().filter(finding -> catches(finding, buggyLines)).findFirst();
  }
}
