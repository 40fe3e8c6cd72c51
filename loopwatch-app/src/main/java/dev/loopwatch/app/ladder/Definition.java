package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an indicator measures: its id, name, unit, source table, definition version, whether the
 * coverage gate applies to it, and how its interval is made.
 *
 * @param id the id phases.toml names
 * @param name the name in verdicts
 * @param unit how values print
 * @param source the store table it is read from
 * @param version the definition's version; bumped when the computation changes
 * @param coverageGated whether the coverage gate applies (a population share such as AI lines)
 * @param lowerBound whether the measured value bounds the true one from below (AI lines without
 *     evidence may still be AI), so a {@code >=} threshold it clears needs no coverage
 * @param interval how the 95% interval is made (Wilson, bootstrap, stored)
 * @param measured whether this version computes it at all
 */
record Definition(
    String id,
    String name,
    Unit unit,
    String source,
    int version,
    boolean coverageGated,
    boolean lowerBound,
    String interval,
    boolean measured) {
  Definition {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(unit, "unit is null");
    requireNonNull(source, "source is null");
    requireNonNull(interval, "interval is null");
  }

  /** How an indicator's values print. */
  enum Unit {
    SHARE,
    NUMBER,
    HOURS,
    TIMES;

    String format(double value) {
      return switch (this) {
        case SHARE -> String.format(Locale.ROOT, "%.0f%%", value * 100);
        case NUMBER -> String.format(Locale.ROOT, "%.1f", value);
        case HOURS -> String.format(Locale.ROOT, "%.1f h", value);
        case TIMES -> String.format(Locale.ROOT, "%.1fx", value);
      };
    }

    /** The bare number, without the unit sign, for the inside of an interval. */
    String bare(double value) {
      return switch (this) {
        case SHARE -> String.format(Locale.ROOT, "%.0f", value * 100);
        case NUMBER, HOURS, TIMES -> String.format(Locale.ROOT, "%.1f", value);
      };
    }
  }

  static final Definition AI_SHARE =
      new Definition(
          "ai-share",
          "AI share of merged lines",
          Unit.SHARE,
          "git_change_files",
          2,
          true,
          true,
          "bootstrap over changes",
          true);
  static final Definition TOOL_CALLS_PER_TURN =
      new Definition(
          "tool-calls-per-turn",
          "median tool calls per human turn",
          Unit.NUMBER,
          "sessions",
          1,
          true,
          false,
          "bootstrap",
          true);
  static final Definition HUMAN_TURNS =
      new Definition(
          "human-turns-per-transcript",
          "median human turns per transcript",
          Unit.NUMBER,
          "sessions",
          1,
          true,
          false,
          "bootstrap",
          true);
  static final Definition UNATTENDED =
      new Definition(
          "longest-unattended-hours",
          "p50 longest unattended stretch",
          Unit.HOURS,
          "sessions",
          1,
          true,
          false,
          "bootstrap",
          true);
  static final Definition DELEGATED =
      new Definition(
          "delegated-share",
          "delegated share",
          Unit.SHARE,
          "sessions",
          1,
          true,
          false,
          "bootstrap",
          true);
  static final Definition OPEN_ENDED =
      new Definition(
          "open-ended-success",
          "verified open-ended task success",
          Unit.SHARE,
          "sessions_tasks",
          1,
          true,
          false,
          "Wilson",
          true);
  static final Definition SPEEDUP =
      new Definition(
          "speedup",
          "latest accepted speedup",
          Unit.TIMES,
          "speedup_gradings",
          1,
          false,
          false,
          "stored (grading)",
          true);
  static final Definition REVIEW_CATCH =
      new Definition(
          "review-catch-rate",
          "review catch rate",
          Unit.SHARE,
          "retro_reviewers",
          1,
          false,
          false,
          "stored (Wilson, retro)",
          true);

  static final Definition JUDGMENT_WIN_RATE =
      new Definition(
          "judgment-win-rate",
          "judgment win rate",
          Unit.SHARE,
          "judgment_candidates",
          1,
          false,
          false,
          "stored (session bootstrap, judgment run)",
          true);

  /** Every indicator this version computes, in output order. */
  static final List<Definition> MEASURED =
      List.of(
          AI_SHARE,
          TOOL_CALLS_PER_TURN,
          HUMAN_TURNS,
          UNATTENDED,
          DELEGATED,
          OPEN_ENDED,
          SPEEDUP,
          REVIEW_CATCH,
          JUDGMENT_WIN_RATE);

  /** Indicators phases.toml may name that this version does not compute: always unknown. */
  static final List<Definition> NOT_MEASURED =
      List.of(
          notMeasured("engineers-running-agents", "share of engineers running agents", Unit.SHARE),
          notMeasured(
              "interventions-falling-months", "months of falling interventions", Unit.NUMBER),
          notMeasured("pgr-vs-human", "sealed PGR over the human baseline", Unit.TIMES),
          notMeasured(
              "ai-directed-research-share",
              "research changes from AI-chosen directions",
              Unit.SHARE),
          notMeasured("p50-horizon-hours", "p50 time horizon", Unit.HOURS),
          notMeasured("rd-multiplier", "R&D multiplier", Unit.TIMES));

  private static Definition notMeasured(String id, String name, Unit unit) {
    return new Definition(id, name, unit, "none", 1, true, false, "none", false);
  }

  /** The definition with {@code id}, measured or not. */
  static Optional<Definition> byId(String id) {
    for (List<Definition> list : List.of(MEASURED, NOT_MEASURED)) {
      for (Definition definition : list) {
        if (definition.id().equals(id)) {
          return Optional.of(definition);
        }
      }
    }
    return Optional.empty();
  }
}
