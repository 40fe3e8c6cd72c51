package dev.loopwatch.git.metrics;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.metrics.MetricsOptions.CoverageRule;
import dev.loopwatch.git.metrics.ProvenanceReport.BreakDirection;
import dev.loopwatch.git.metrics.ProvenanceReport.CoverageBreak;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds evidence regime changes: places where one agent's evidence stops (or starts) abruptly in a
 * repository while the repository keeps merging changes.
 *
 * <p>The rule works on the repository's merged changes in merge order, per agent (strong or medium
 * evidence only). Every maximal run of at least {@link CoverageRule#quietChanges()} changes without
 * the agent's evidence is a candidate. It is a stop when at least {@link
 * CoverageRule#minEvidence()} of the {@link CoverageRule#window()} changes before the run (ending
 * with the agent's last evidenced change) carry its evidence; a start when at least that many of
 * the window of changes after the run do. Runs separated by fewer than {@code minEvidence}
 * evidenced changes are one quiet stretch, its evidenced changes counted as strays: an agent whose
 * trailers thin out to one stray change and then stop is one stop, not two. A stretch at the end of
 * the history can only be a stop, at the start only a start. Because the quiet side is counted in
 * merged changes, evidence that ends together with the repository's activity is never a break.
 */
final class CoverageBreaks {
  private CoverageBreaks() {}

  /**
   * One merged change as the rule sees it.
   *
   * @param sha commit id
   * @param day commit day (UTC)
   * @param agents agents with strong or medium evidence on it
   */
  record Change(String sha, LocalDate day, Set<String> agents) {
    Change {
      requireNonNull(sha, "sha is null");
      requireNonNull(day, "day is null");
      agents = Set.copyOf(agents);
    }
  }

  /** The breaks in one repository's changes (in merge order), by agent then position. */
  static List<CoverageBreak> find(String repo, List<Change> changes, CoverageRule rule) {
    Set<String> agents = new TreeSet<>();
    changes.forEach(c -> agents.addAll(c.agents()));
    List<CoverageBreak> result = new ArrayList<>();
    int n = changes.size();
    for (String agent : agents) {
      for (int[] stretch : quietStretches(changes, agent, rule)) {
        int start = stretch[0];
        int end = stretch[1];
        int quiet = end - start + 1;
        List<Integer> strays = new ArrayList<>();
        for (int i = start; i <= end; i++) {
          if (changes.get(i).agents().contains(agent)) {
            strays.add(i);
          }
        }
        if (start > 0) {
          int from = Math.max(0, start - rule.window());
          int evidence = count(changes, agent, from, start - 1);
          if (evidence >= rule.minEvidence()) {
            Change last = changes.get(start - 1);
            result.add(
                new CoverageBreak(
                    repo,
                    agent,
                    BreakDirection.STOPS,
                    last.day(),
                    last.sha(),
                    start - from,
                    evidence,
                    quiet,
                    strays.size(),
                    strays.isEmpty()
                        ? Optional.empty()
                        : Optional.of(changes.get(strays.get(strays.size() - 1)).day()),
                    changes.get(start).day(),
                    changes.get(end).day()));
          }
        }
        if (end < n - 1) {
          int to = Math.min(n - 1, end + rule.window());
          int evidence = count(changes, agent, end + 1, to);
          if (evidence >= rule.minEvidence()) {
            Change first = changes.get(end + 1);
            result.add(
                new CoverageBreak(
                    repo,
                    agent,
                    BreakDirection.STARTS,
                    first.day(),
                    first.sha(),
                    to - end,
                    evidence,
                    quiet,
                    strays.size(),
                    strays.isEmpty()
                        ? Optional.empty()
                        : Optional.of(changes.get(strays.get(0)).day()),
                    changes.get(start).day(),
                    changes.get(end).day()));
          }
        }
      }
    }
    return result;
  }

  /**
   * The quiet stretches of one agent, as {@code [first, last]} change indexes: maximal runs of at
   * least {@code quietChanges} changes without its evidence, merged when fewer than {@code
   * minEvidence} evidenced changes (strays) separate them.
   */
  private static List<int[]> quietStretches(List<Change> changes, String agent, CoverageRule rule) {
    List<int[]> runs = new ArrayList<>();
    int n = changes.size();
    int i = 0;
    while (i < n) {
      if (changes.get(i).agents().contains(agent)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && !changes.get(i).agents().contains(agent)) {
        i++;
      }
      if (i - start >= rule.quietChanges()) {
        runs.add(new int[] {start, i - 1});
      }
    }
    List<int[]> merged = new ArrayList<>();
    for (int[] run : runs) {
      if (!merged.isEmpty()) {
        int[] previous = merged.get(merged.size() - 1);
        if (count(changes, agent, previous[1] + 1, run[0] - 1) < rule.minEvidence()) {
          previous[1] = run[1];
          continue;
        }
      }
      merged.add(run.clone());
    }
    return merged;
  }

  private static String strays(CoverageBreak b, String which) {
    if (b.quietEvidence() == 0) {
      return " without it";
    }
    return String.format(
        Locale.ROOT,
        " with it on only %d of them (%s on %s)",
        b.quietEvidence(),
        which,
        b.strayEvidence().orElseThrow());
  }

  /** The number of changes in {@code [from, to]} with the agent's evidence. */
  private static int count(List<Change> changes, String agent, int from, int to) {
    int count = 0;
    for (int i = from; i <= to; i++) {
      if (changes.get(i).agents().contains(agent)) {
        count++;
      }
    }
    return count;
  }

  /** The note a reader sees for one break. */
  static String sentence(CoverageBreak b) {
    return switch (b.direction()) {
      case STOPS ->
          String.format(
              Locale.ROOT,
              "%s: %s evidence stops after %s (%d of the %d changes up to then had it) while %d later"
                  + " changes merged (%s to %s)%s: a drop in AI share after this date may be a change"
                  + " in evidence, not in use.",
              b.repo(),
              b.agent(),
              b.date(),
              b.windowEvidence(),
              b.windowChanges(),
              b.quietChanges(),
              b.quietFrom(),
              b.quietTo(),
              strays(b, "last"));
      case STARTS ->
          String.format(
              Locale.ROOT,
              "%s: %s evidence starts on %s (%d of the next %d changes have it) after %d changes"
                  + " (%s to %s)%s: a rise in AI share from this date may be a change in evidence, not"
                  + " in use.",
              b.repo(),
              b.agent(),
              b.date(),
              b.windowEvidence(),
              b.windowChanges(),
              b.quietChanges(),
              b.quietFrom(),
              b.quietTo(),
              strays(b, "first"));
    };
  }
}
