package dev.loopwatch.app.retro;

import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.RetroResult.IncidentResult;
import dev.loopwatch.retro.RetroResult.Rate;
import dev.loopwatch.retro.RetroResult.ReviewResult;
import dev.loopwatch.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The text output of {@code loopwatch retro}: reviewers side by side, then each incident. */
final class RetroText {
  private static final int LABEL = 38;
  private static final int COLUMN = 26;

  private RetroText() {}

  static void print(RetroResult result, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Review retrospective: %d incidents, %d reviewers, strict window +-%d lines, seed %d%n%n",
        result.incidents().size(),
        result.reviewers().size(),
        result.window(),
        result.seed());
    List<ReviewerSummary> all = result.summaries();
    header(out, "FUNNEL", all);
    row(out, "incidents", all, s -> count(s.funnel().incidents()));
    row(out, "fix found", all, s -> count(s.funnel().fixFound()));
    row(out, "introducing change found", all, s -> count(s.funnel().introducingFound()));
    row(out, "rebuilt for review", all, s -> count(s.funnel().rebuilt()));
    row(out, "with a traceable buggy line", all, s -> count(s.funnel().traceable()));
    row(out, "  not applicable (reads no file)", all, s -> count(s.funnel().notApplicable()));
    row(out, "applicable", all, s -> count(s.funnel().applicable()));
    row(out, "  reviewer errors", all, s -> count(s.funnel().errors()));
    boolean stopped = result.stoppedByBudget();
    if (stopped) {
      row(out, "  stopped by budget (not reviewed)", all, s -> count(s.funnel().stoppedByBudget()));
    }
    row(out, "reviewed (rate denominator)", all, s -> count(s.funnel().reviewed()));
    row(out, "caught (strict)", all, s -> count(s.funnel().strictCaught()));
    row(out, "missed (strict)", all, s -> count(s.funnel().strictMissed()));
    if (result.judged()) {
      row(out, "caught (judged)", all, s -> count(s.funnel().judgedCaught()));
      row(out, "judge errors", all, s -> count(s.funnel().judgeErrors()));
      if (stopped) {
        row(out, "judge stopped by budget", all, s -> count(s.funnel().judgeStopped()));
      }
    }
    out.println();
    header(out, "CATCH RATE (caught/reviewed, 95% CI)", all);
    row(out, "strict", all, s -> rate(s.strict()));
    if (result.judged()) {
      row(
          out,
          "judged",
          all,
          s ->
              s.judgedRate()
                  .map(r ->
                      r.reviewed() == 0 && s.funnel().reviewed() > 0 ? "- (0 judged)" : rate(r))
                  .orElse("-"));
    }
    severities(out, "strict", all, ReviewerSummary::strictBySeverity);
    if (result.judged()) {
      severities(out, "judged", all, ReviewerSummary::judgedBySeverity);
    }
    out.println();
    header(out, "CONTROLS (" + result.controls().size() + " clean changes)", all);
    row(out, "reviewed", all, s -> count(s.controls().reviewed()));
    row(out, "not applicable", all, s -> count(s.controls().notApplicable()));
    row(out, "reviewer errors", all, s -> count(s.controls().errors()));
    if (stopped) {
      row(out, "stopped by budget", all, s -> count(s.controls().stoppedByBudget()));
    }
    row(out, "findings per clean change", all, s -> interval(s.controls().perChange(), false));
    row(
        out,
        "changes with a finding",
        all,
        s -> s.controls().flagged() + "/" + s.controls().reviewed());
    out.println();
    header(out, "COST", all);
    row(
        out,
        "wall time",
        all,
        s -> String.format(Locale.ROOT, "%.1f s", s.wallTime().toMillis() / 1000.0));
    row(
        out,
        "cost (USD, as reported)",
        all,
        s -> s.costReports() == 0 ? "-" : s.costUsd().stripTrailingZeros().toPlainString());
    if (all.stream().anyMatch(s -> s.modelCalls().isPresent())) {
      row(
          out,
          "model calls (cache hits)",
          all,
          s -> models(s, c -> c.calls() + " (" + c.cacheHits() + ")"));
      row(
          out,
          "tokens in / out",
          all,
          s -> models(s, c -> c.inputTokens() + " / " + c.outputTokens()));
      row(
          out,
          "calls of unknown cost",
          all,
          s -> models(s, c -> count((int) c.unknownCostCalls())));
      row(out, "cost avoided (USD, cache)", all, s -> models(s, c -> usd(c.costAvoidedUsd())));
    }
    result
        .judgeModelCalls()
        .ifPresent(c ->
            out.printf(
                Locale.ROOT,
                "judge model: %d calls, %d cache hits, tokens %d / %d, cost %s USD%s,"
                    + " cost avoided %s USD%n",
                c.calls(),
                c.cacheHits(),
                c.inputTokens(),
                c.outputTokens(),
                usd(c.costUsd()),
                c.unknownCostCalls() == 0 ? "" : " (+" + c.unknownCostCalls() + " of unknown cost)",
                usd(c.costAvoidedUsd())));
    if (stopped) {
      out.println(
          "stopped_by_budget: the model budget ran out; the reviews not made are not counted");
    }
    out.println();
    out.println("INCIDENTS");
    for (IncidentResult incident : result.incidents()) {
      incident(out, incident);
    }
  }

  private static void incident(PrintWriter out, IncidentResult incident) {
    out.printf(
        Locale.ROOT,
        "%s (%s) %s%n",
        incident.incident().id(),
        incident.incident().severity(),
        incident.stage().label());
    if (!incident.detail().isEmpty()) {
      out.println("  " + incident.detail());
    }
    incident
        .introducing()
        .ifPresent(commit ->
            out.printf(
                Locale.ROOT,
                "  introducing %s (%s)%s%n",
                abbreviate(commit),
                incident.declared() ? "declared" : "SZZ",
                incident.base().isPresent() && incident.head().isPresent()
                    ? ", reviewed "
                        + abbreviate(incident.base().get())
                        + ".."
                        + abbreviate(incident.head().get())
                    : ""));
    if (incident.introducing().isPresent()) {
      out.println(
          "  buggy lines "
              + (incident.buggyLines().isEmpty() ? "none traced" : lines(incident.buggyLines())));
    }
    boolean counted = !incident.buggyLines().isEmpty();
    for (ReviewResult review : incident.reviews()) {
      out.print("  " + review.reviewer() + ": ");
      if (review.notApplicable().isPresent()) {
        out.println("not applicable: " + review.notApplicable().get());
        continue;
      }
      if (review.error().isPresent()) {
        out.println("reviewer error: " + review.error().get());
        continue;
      }
      if (review.stoppedByBudget().isPresent()) {
        out.println("not reviewed (stopped_by_budget): " + review.stoppedByBudget().get());
        continue;
      }
      if (!counted) {
        out.println(
            "not counted (no traceable buggy line); "
                + review.findings()
                + (review.findings() == 1 ? " finding" : " findings"));
        continue;
      }
      List<String> parts = new ArrayList<>();
      parts.add(
          review
              .strictCatch()
              .map(f -> "caught (strict) by " + finding(f))
              .orElse("not caught (strict)"));
      review
          .judgedCatch()
          .ifPresent(j ->
              parts.add("caught (judged, score " + j.score() + ") by " + finding(j.finding())));
      if (review.judgeStopped()) {
        parts.add("not judged (stopped_by_budget)");
      }
      parts.add(review.findings() + (review.findings() == 1 ? " finding" : " findings"));
      review
          .modelCalls()
          .ifPresent(c ->
              parts.add(
                  c.cacheHits() > 0
                      ? "from the cache, cost avoided " + usd(c.costAvoidedUsd()) + " USD"
                      : "cost "
                          + c.knownCostUsd()
                              .map(RetroText::usd)
                              .map(v -> v + " USD")
                              .orElse("unknown")));
      out.println(String.join("; ", parts));
    }
  }

  private static String models(ReviewerSummary summary, Function<ModelCalls, String> value) {
    return summary.modelCalls().map(value).orElse("-");
  }

  private static String usd(java.math.BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  private static String finding(Finding finding) {
    String range =
        finding.startLine() == finding.endLine()
            ? String.valueOf(finding.startLine())
            : finding.startLine() + "-" + finding.endLine();
    String message = finding.message().lines().findFirst().orElse("");
    if (message.length() > 100) {
      message = message.substring(0, 97) + "...";
    }
    return finding.file() + ":" + range + " \"" + message + "\"";
  }

  /** Buggy lines as {@code path:1,3-4}, one group per file. */
  static String lines(List<LineRef> lines) {
    return lines.stream()
        .collect(
            Collectors.groupingBy(
                LineRef::path,
                java.util.TreeMap::new,
                Collectors.mapping(LineRef::line, Collectors.toCollection(TreeSet::new))))
        .entrySet()
        .stream()
        .map(e -> e.getKey() + ":" + ranges(e.getValue()))
        .collect(Collectors.joining(" "));
  }

  private static String ranges(TreeSet<Integer> values) {
    List<String> parts = new ArrayList<>();
    Integer start = null;
    Integer end = null;
    for (int value : values) {
      if (start != null && value == end + 1) {
        end = value;
        continue;
      }
      if (start != null) {
        parts.add(start.equals(end) ? start.toString() : start + "-" + end);
      }
      start = value;
      end = value;
    }
    if (start != null) {
      parts.add(start.equals(end) ? start.toString() : start + "-" + end);
    }
    return String.join(",", parts);
  }

  private static void severities(
      PrintWriter out,
      String kind,
      List<ReviewerSummary> all,
      Function<ReviewerSummary, SortedMap<String, Rate>> rates) {
    TreeSet<String> names = new TreeSet<>();
    all.forEach(s -> names.addAll(rates.apply(s).keySet()));
    for (String severity : names) {
      row(
          out,
          "  " + kind + ", severity " + severity,
          all,
          s -> Optional.ofNullable(rates.apply(s).get(severity)).map(RetroText::rate).orElse("-"));
    }
  }

  private static void header(PrintWriter out, String title, List<ReviewerSummary> all) {
    StringBuilder line = new StringBuilder(pad(title, LABEL));
    for (ReviewerSummary summary : all) {
      line.append(pad(summary.reviewer(), COLUMN));
    }
    out.println(line.toString().stripTrailing());
  }

  private static void row(
      PrintWriter out,
      String label,
      List<ReviewerSummary> all,
      Function<ReviewerSummary, String> value) {
    StringBuilder line = new StringBuilder(pad(label, LABEL));
    for (ReviewerSummary summary : all) {
      line.append(pad(value.apply(summary), COLUMN));
    }
    out.println(line.toString().stripTrailing());
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }

  private static String count(int value) {
    return String.valueOf(value);
  }

  static String rate(Rate rate) {
    if (rate.reviewed() == 0) {
      return "- (0 reviewed)";
    }
    return rate.caught() + "/" + rate.reviewed() + " " + interval(rate.interval(), true);
  }

  private static String interval(Optional<Bootstrap.Interval> interval, boolean percent) {
    if (interval.isEmpty()) {
      return "-";
    }
    Bootstrap.Interval value = interval.get();
    return percent
        ? String.format(
            Locale.ROOT,
            "%.0f%% [%.0f-%.0f]",
            value.estimate() * 100,
            value.low() * 100,
            value.high() * 100)
        : String.format(
            Locale.ROOT, "%.2f [%.2f-%.2f]", value.estimate(), value.low(), value.high());
  }

  static String abbreviate(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }
}
