package dev.loopwatch.app.research;

import static dev.loopwatch.app.report.HtmlReport.escape;
import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.research.ResearchSummary.AgentRow;
import dev.loopwatch.app.research.ResearchSummary.Best;
import dev.loopwatch.app.research.ResearchSummary.CurvePoint;
import dev.loopwatch.app.research.ResearchSummary.Flag;
import dev.loopwatch.app.research.ResearchSummary.Scored;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A research run in HTML: the headline PGR with its intervals and transfer accuracy, the best PGR
 * so far against agent-hours and against dollars (inline SVG, with the human baseline as a labelled
 * reference line), the agents, the results, every probe flag with its evidence, and the caveats.
 * The same section is a standalone page ({@code research report --html}) and a section of {@code
 * loopwatch report}.
 */
public final class ResearchHtml {
  private ResearchHtml() {}

  /** Writes the standalone page of {@code summary} to {@code file}. */
  static void write(Path file, ResearchSummary summary) {
    try {
      Files.writeString(file, page(summary), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The standalone page. */
  static String page(ResearchSummary summary) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Loopwatch research run "
        + escape(summary.task())
        + "</title><style>body{font-family:system-ui,sans-serif;margin:2em}"
        + STYLE
        + "</style></head><body>\n"
        + section(summary)
        + "</body></html>\n";
  }

  /** The CSS the section needs, for a page that includes it. */
  public static String style() {
    return STYLE;
  }

  private static final String STYLE =
      "table.research{border-collapse:collapse;margin:0.5em 0 1.5em}"
          + "table.research td,table.research th{border:1px solid #ccc;padding:3px 7px;"
          + "text-align:right}table.research td:first-child,table.research th:first-child"
          + "{text-align:left}.dev-only{background:#fff3cd;border:1px solid #d39e00;"
          + "padding:0.5em 1em}.headline{font-size:1.2em}.charts{display:flex;flex-wrap:wrap;"
          + "gap:1em}td.evidence{text-align:left;font-family:monospace;font-size:0.85em}";

  /** The section's HTML. */
  public static String section(ResearchSummary summary) {
    requireNonNull(summary, "summary is null");
    String split = summary.sealed() ? "sealed" : "dev";
    StringBuilder html = new StringBuilder();
    html.append("<section id=\"research\" data-split=\"")
        .append(split)
        .append("\">\n<h2>Research run</h2>\n<p class=\"explain\">")
        .append(escape(summary.task()))
        .append(", started ")
        .append(escape(summary.startedAt().toString()))
        .append(", ")
        .append(escape(summary.state()))
        .append("; ")
        .append(summary.agents().size())
        .append(" agents running <code>")
        .append(escape(summary.agentCommand()))
        .append("</code>; folder <code>")
        .append(escape(summary.folder()))
        .append("</code>.</p>\n");
    if (!summary.sealed()) {
      html.append(
          "<p class=\"dev-only\"><strong>Dev numbers only.</strong> This run is not finalized:"
              + " every PGR below is on the dev split the agents scored against and could tune"
              + " on. Run <code>loopwatch research finalize</code> for sealed scores.</p>\n");
    }
    html.append("<p class=\"headline\">");
    if (summary.best().isPresent()) {
      Best best = summary.best().get();
      Scored r = best.result();
      html.append(
          String.format(
              Locale.ROOT,
              "Best %s PGR <strong id=\"research-best-pgr\">%.3f</strong>, 95%% bootstrap over %d"
                  + " seed(s) [%.3f, %.3f]%s; transfer accuracy <strong>%.4f</strong> (weak %.4f,"
                  + " ceiling %.4f, naive %.4f). %s by %s, the best of %d.",
              split,
              r.pgr(),
              r.seeds(),
              best.bootstrapLow(),
              best.bootstrapHigh(),
              r.tLow().isPresent()
                  ? String.format(
                      Locale.ROOT,
                      ", Student t [%.3f, %.3f]",
                      r.tLow().getAsDouble(),
                      r.tHigh().getAsDouble())
                  : "",
              r.accuracy(),
              summary.baselines().weak(),
              summary.baselines().ceiling(),
              summary.baselines().naive(),
              escape(r.id()),
              escape(r.agent()),
              best.among()));
    } else {
      html.append("No scored result.");
    }
    summary
        .human()
        .ifPresent(h ->
            html.append(String.format(Locale.ROOT, " Human baseline: PGR %.3f (", h.pgr()))
                .append(escape(h.source()))
                .append(")."));
    html.append(
            String.format(
                Locale.ROOT,
                " Spent %.4f agent-hours and $%.2f.",
                summary.agentHours(),
                summary.costUsd()))
        .append("</p>\n");

    Optional<StepChart.Reference> human =
        summary
            .human()
            .map(h ->
                new StepChart.Reference(
                    h.pgr(), String.format(Locale.ROOT, "human %.2f: %s", h.pgr(), h.source())));
    List<StepChart.Point> byHours = new ArrayList<>();
    List<StepChart.Point> byDollars = new ArrayList<>();
    for (CurvePoint p : summary.curve()) {
      byHours.add(new StepChart.Point(p.agentHours(), p.bestPgr()));
      byDollars.add(new StepChart.Point(p.costUsd(), p.bestPgr()));
    }
    String yLabel = "best " + split + " PGR so far";
    html.append("<div class=\"charts\">")
        .append(
            StepChart.svg(
                "research-pgr-hours",
                "Best " + split + " PGR against agent-hours",
                "agent-hours (summed over agents)",
                yLabel,
                byHours,
                summary.agentHours(),
                human))
        .append(
            StepChart.svg(
                "research-pgr-dollars",
                "Best " + split + " PGR against dollars",
                "dollars (from the agents' transcripts)",
                yLabel,
                byDollars,
                summary.costUsd(),
                human))
        .append("</div>\n");

    html.append("<h3>Agents</h3>\n<table class=\"research agents\"><thead><tr><th>Agent</th>")
        .append("<th>Status</th><th>Posts</th><th>Results</th><th>Submissions</th>")
        .append("<th>Flags</th><th>Agent-hours</th><th>CPU s</th><th>Tokens</th><th>Cost $</th>")
        .append("<th>$ per agent-hour</th><th>Best PGR</th><th>Reason</th></tr></thead><tbody>\n");
    for (AgentRow a : summary.agents()) {
      html.append("<tr><td>")
          .append(escape(a.name()))
          .append("</td><td class=\"status\">")
          .append(escape(a.status()))
          .append("</td><td>")
          .append(a.posts())
          .append("</td><td>")
          .append(a.results())
          .append("</td><td>")
          .append(a.submissions())
          .append("</td><td>")
          .append(a.flags())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", a.agentHours()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", a.cpuSeconds()))
          .append("</td><td>")
          .append(a.tokens())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", a.costUsd()))
          .append("</td><td>")
          .append(number(a.costPerAgentHour(), "%.2f"))
          .append("</td><td>")
          .append(number(a.bestPgr(), "%.3f"))
          .append("</td><td>")
          .append(escape(a.reason()))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");

    html.append("<h3>Results (")
        .append(split)
        .append(")</h3>\n<table class=\"research results\"><thead><tr><th>Result</th>")
        .append("<th>Agent</th><th>Posted</th><th>Title</th><th>PGR</th><th>95% t interval</th>")
        .append("<th>Transfer accuracy</th><th>Seeds</th><th>Flags</th><th>Agent-hours</th>")
        .append("<th>$</th><th>Best so far</th></tr></thead><tbody>\n");
    for (int i = 0; i < summary.scored().size(); i++) {
      Scored s = summary.scored().get(i);
      CurvePoint p = summary.curve().get(i);
      html.append("<tr><td>")
          .append(escape(s.id()))
          .append("</td><td>")
          .append(escape(s.agent()))
          .append("</td><td>")
          .append(escape(s.at().toString()))
          .append("</td><td>")
          .append(escape(s.title()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", s.pgr()))
          .append("</td><td>")
          .append(
              s.tLow().isPresent()
                  ? String.format(
                      Locale.ROOT, "[%.3f, %.3f]", s.tLow().getAsDouble(), s.tHigh().getAsDouble())
                  : "-")
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", s.accuracy()))
          .append("</td><td>")
          .append(s.seeds())
          .append("</td><td>")
          .append(s.flags())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", p.agentHours()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", p.costUsd()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", p.bestPgr()))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    if (!summary.notScored().isEmpty()) {
      html.append("<p>Not scored:</p><ul>");
      summary.notScored().forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
      html.append("</ul>\n");
    }

    html.append("<h3>Probe flags</h3>\n");
    if (summary.flags().isEmpty()) {
      html.append("<p>None.</p>\n");
    } else {
      html.append("<table class=\"research flags\"><thead><tr><th>At</th><th>Split</th>")
          .append("<th>Kind</th><th>Agent</th><th>Submission</th><th>Result</th><th>Seed</th>")
          .append("<th>Evidence</th></tr></thead><tbody>\n");
      for (Flag f : summary.flags()) {
        html.append("<tr><td>")
            .append(escape(f.at().toString()))
            .append("</td><td>")
            .append(escape(f.split()))
            .append("</td><td>")
            .append(escape(f.kind()))
            .append("</td><td>")
            .append(escape(f.agent()))
            .append("</td><td>")
            .append(escape(f.submission()))
            .append("</td><td>")
            .append(escape(f.result()))
            .append("</td><td>")
            .append(f.seed())
            .append("</td><td class=\"evidence\">")
            .append(escape(f.evidence()))
            .append("</td></tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    html.append("<h3>Caveats</h3>\n<ul class=\"caveats\">");
    summary.caveats().forEach(c -> html.append("<li>").append(escape(c)).append("</li>"));
    return html.append("</ul>\n</section>\n").toString();
  }

  private static String number(OptionalDouble value, String format) {
    return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "-";
  }
}
