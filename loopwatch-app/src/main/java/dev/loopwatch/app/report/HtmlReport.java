package dev.loopwatch.app.report;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.judgment.JudgmentStore.StoredRun;
import dev.loopwatch.app.research.ResearchHtml;
import dev.loopwatch.app.research.ResearchSummary;
import dev.loopwatch.evals.speedup.SpeedupStore.HistoryRow;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.exclusion.ExclusionReason;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.ChangeRow;
import dev.loopwatch.git.metrics.ProvenanceReport.CoverageBreak;
import dev.loopwatch.git.metrics.ProvenanceReport.ExcludedCount;
import dev.loopwatch.git.metrics.ProvenanceReport.ExclusionSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.Headline;
import dev.loopwatch.git.metrics.ProvenanceReport.LiveCodeSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.OutlierFilter;
import dev.loopwatch.git.metrics.ProvenanceReport.PathLines;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoBaseline;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoCut;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.SourceLines;
import dev.loopwatch.git.metrics.ProvenanceReport.Totals;
import dev.loopwatch.sessions.store.SessionsReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The provenance report as one self-contained HTML page: tables and headline numbers rendered here,
 * charts drawn by ECharts (inlined from the webjar, SVG renderer) from the report's JSON embedded
 * in the page. The page loads nothing from the network, prints cleanly, and shows "no merged
 * changes" instead of empty charts when there is no data.
 *
 * <p>Wording rule: lines without AI evidence are "no AI evidence" (unknown origin), never "human".
 *
 * <p>For tests and debugging, the page's script sets {@code data-charts-expected} and {@code
 * data-charts-rendered} on {@code <body>} and adds an element with class {@code js-error} to {@code
 * #js-errors} for every script error.
 */
public final class HtmlReport {
  static final String ECHARTS_RESOURCE =
      "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static final String CSS_RESOURCE = "report.css";
  private static final String SCRIPT_RESOURCE = "report.js";
  private static final Pattern SCRIPT_END = Pattern.compile("(?i)</(script)");
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);
  private static final int SHORT_SHA = 10;

  private HtmlReport() {}

  /**
   * Writes the page for {@code report} to {@code out} atomically: to a temporary file in the same
   * folder, then moved over {@code out} with {@code ATOMIC_MOVE}, so a crash never leaves a
   * half-written report.
   */
  public static void write(ProvenanceReport report, Path out) {
    write(report, ReportSections.none(), out);
  }

  /**
   * Writes the page for {@code report} with the {@code sections} that have data (sessions, review
   * retrospective, speedup, research judgment) to {@code out} atomically.
   */
  public static void write(ProvenanceReport report, ReportSections sections, Path out) {
    requireNonNull(report, "report is null");
    requireNonNull(out, "out is null");
    String page = render(report, sections);
    ReportFiles.writeAtomically(out, stream -> stream.write(page.getBytes(StandardCharsets.UTF_8)));
  }

  /** The page for {@code report}, as UTF-8 HTML text. */
  public static String render(ProvenanceReport report) {
    return render(report, ReportSections.none());
  }

  /** The page for {@code report} with the review retrospective's section ({@link RetroSection}). */
  public static String render(ProvenanceReport report, RetroRun retro) {
    return render(report, ReportSections.none().withRetro(retro));
  }

  /** The page for {@code report} with the {@code sections} that have data. */
  public static String render(ProvenanceReport report, ReportSections sections) {
    requireNonNull(report, "report is null");
    return new Page(report, requireNonNull(sections, "sections is null")).render();
  }

  /** Apache ECharts, made safe to inline in a {@code <script>} element; read once. */
  public static String echartsScript() {
    return Assets.ECHARTS;
  }

  /** The report style sheet shared by every loopwatch page; read once. */
  public static String styleSheet() {
    return Assets.CSS;
  }

  /** Escapes text for HTML element content and double-quoted attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A share as a percentage with one decimal, e.g. {@code 23.4%}. */
  static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "n/a";
  }

  /** A count with thousands separators, e.g. {@code 12,345}. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A ratio such as {@code 1.32×}. */
  static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f\u00d7", value) : "n/a";
  }

  private static String decimal1(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.1f", value) : "n/a";
  }

  private static String day(Instant instant) {
    return DAY.format(instant.atOffset(ZoneOffset.UTC));
  }

  private static String shortSha(String sha) {
    return sha.length() <= SHORT_SHA ? sha : sha.substring(0, SHORT_SHA);
  }

  private static String share(long part, long whole) {
    return whole == 0 ? "0.0%" : percent((double) part / whole);
  }

  /** Text resources inlined into every page, read once. */
  private static final class Assets {
    static final String ECHARTS = scriptSafe(resource(ECHARTS_RESOURCE));
    static final String CSS = resource(CSS_RESOURCE);
    static final String SCRIPT = scriptSafe(resource(SCRIPT_RESOURCE));

    private static String resource(String name) {
      try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("resource " + name + " is missing from the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read resource " + name, e);
      }
    }

    /**
     * Makes script text safe inside a {@code <script>} element ({@code </script} only occurs in JS
     * strings).
     */
    private static String scriptSafe(String script) {
      return SCRIPT_END.matcher(script).replaceAll("<\\\\/$1").replace("<!--", "<\\!--");
    }
  }

  /** The page for one report. */
  private static final class Page {
    private final ProvenanceReport report;
    private final Optional<SessionsReport> sessions;
    private final RetroRun retro;
    private final List<HistoryRow> speedup;
    private final Optional<StoredRun> judgment;
    private final Optional<ResearchSummary> research;
    private final StringBuilder html = new StringBuilder(1 << 21);

    Page(ProvenanceReport report, ReportSections sections) {
      this.report = report;
      this.sessions = sections.sessions();
      this.retro = sections.retro();
      this.speedup = sections.speedup();
      this.judgment = sections.judgment();
      this.research = sections.research();
    }

    String render() {
      html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<meta name=\"generator\" content=\"loopwatch\">\n")
          .append("<title>")
          .append(escape(title()))
          .append("</title>\n")
          .append("<style>\n")
          .append(Assets.CSS)
          .append(research.isEmpty() ? "" : ResearchHtml.style() + "\n")
          .append("</style>\n")
          .append("<script>\n")
          .append("window.__lwRecordError = function (message) {\n")
          .append("  var box = document.getElementById('js-errors');\n")
          .append("  var item = document.createElement('div');\n")
          .append("  item.className = 'js-error';\n")
          .append("  item.textContent = 'Script error: ' + message;\n")
          .append(
              "  if (box) { box.appendChild(item); } else { document.documentElement.appendChild(item); }\n")
          .append("};\n")
          .append("window.onerror = function (message, source, line) {\n")
          .append("  window.__lwRecordError(message + ' (line ' + line + ')');\n")
          .append("};\n")
          .append(
              "</script>\n</head>\n<body>\n<div id=\"js-errors\" role=\"alert\"></div>\n<main>\n");
      header();
      readFirst();
      cards();
      boolean empty = report.totals().changes() == 0 && report.shareOverTime().isEmpty();
      if (report.repos().isEmpty()) {
        html.append(
                "<p class=\"empty big\">No scanned repositories in this store, so the provenance ")
            .append("sections are empty; <code>loopwatch scan REPO</code> fills them.</p>\n");
      } else if (empty) {
        html.append(
                "<p class=\"empty big\">No merged changes in the scanned range, so there is nothing to chart. ")
            .append("Check the branch, the date range and the repositories listed below.</p>\n");
      }
      shareOverTime();
      throughput();
      evidence();
      liveCode();
      byAgent();
      bySource();
      byPath();
      exclusions();
      largestChanges();
      sessions.ifPresent(s -> new SessionsSection(html, s).render());
      repositories();
      html.append(retro.isEmpty() ? "" : RetroSection.html(retro));
      html.append(speedup.isEmpty() ? "" : SpeedupSection.html(speedup));
      judgment.ifPresent(run -> html.append(JudgmentSection.html(run)));
      research.ifPresent(run -> html.append(ResearchHtml.section(run)));
      html.append("<footer>Made by loopwatch on ")
          .append(escape(MINUTE.format(report.generatedAt().atOffset(ZoneOffset.UTC))))
          .append(
              ". Self-contained page: charts drawn by Apache ECharts, embedded; nothing is loaded from the network.")
          .append("</footer>\n</main>\n");
      html.append("<script>\n").append(Assets.ECHARTS).append("\n</script>\n");
      html.append(retro.isEmpty() ? "" : "<script>\n" + RetroSection.script() + "</script>\n");
      html.append(speedup.isEmpty() ? "" : "<script>\n" + SpeedupSection.script() + "</script>\n");
      html.append(
          judgment.isEmpty() ? "" : "<script>\n" + JudgmentSection.script() + "</script>\n");
      html.append("<script type=\"application/json\" id=\"report-data\">")
          .append(JsonReport.renderForHtml(report))
          .append("</script>\n");
      if (sessions.isPresent()) {
        html.append("<script type=\"application/json\" id=\"sessions-data\">")
            .append(JsonReport.renderForHtml(sessions.get()))
            .append("</script>\n");
      }
      html.append("<script>\n").append(Assets.SCRIPT).append("</script>\n</body>\n</html>\n");
      return html.toString();
    }

    private String title() {
      List<String> names = report.repos().stream().map(RepoSummary::name).toList();
      return names.isEmpty()
          ? "AI provenance report"
          : "AI provenance report: " + String.join(", ", names);
    }

    private void header() {
      html.append("<header>\n<h1>AI provenance of merged code</h1>\n<p class=\"meta\">");
      html.append(escape(MINUTE.format(report.generatedAt().atOffset(ZoneOffset.UTC))))
          .append(" · ");
      int repos = report.repos().size();
      html.append(repos).append(repos == 1 ? " repository" : " repositories").append(" · ");
      html.append(count(report.totals().changes())).append(" merged changes · ");
      html.append(
              switch (report.granularity()) {
                case WEEK -> "weekly";
                case MONTH -> "monthly";
                case QUARTER -> "quarterly";
              })
          .append(" buckets");
      Optional<Instant> first =
          report.repos().stream().flatMap(r -> r.firstChange().stream()).min(Instant::compareTo);
      Optional<Instant> last =
          report.repos().stream().flatMap(r -> r.lastChange().stream()).max(Instant::compareTo);
      if (first.isPresent() && last.isPresent()) {
        html.append(" · ").append(day(first.get())).append(" to ").append(day(last.get()));
      }
      html.append("</p>\n</header>\n");
    }

    private void readFirst() {
      html.append("<section class=\"caveats\" id=\"caveats\">\n<h2>Read this first</h2>\n<ul>\n");
      html.append(
              "<li>AI shares are a <strong>lower bound</strong>: a line counts as AI-written only when there is ")
          .append(
              "evidence for it (line-level notes, co-author trailers, agent identities, agent branch names). ")
          .append(
              "Lines with <strong>no AI evidence</strong> are of unknown origin; they are not known to be ")
          .append("human-written.</li>\n");
      for (String caveat : report.caveats()) {
        html.append("<li>").append(escape(caveat)).append("</li>\n");
      }
      html.append("</ul>\n</section>\n");
    }

    private void cards() {
      Totals totals = report.totals();
      Headline headline = report.headline();
      html.append("<section class=\"cards\" id=\"headline\">\n");
      card(
          "AI share of merged added lines (all changes)",
          percent(headline.aiShare()),
          "Lower bound: "
              + count(totals.aiStrong() + totals.aiMedium())
              + " of "
              + count(totals.addedLines())
              + " counted added lines, every merged change counted, have strong or medium AI evidence."
              + " The rest have no AI evidence (unknown origin).",
          "card-share lower-bound");
      html.append(
              "<div class=\"card-trimmed\" id=\"headline-trimmed\"><span class=\"card-alt-value\">")
          .append(escape(percent(headline.aiShareTrimmed())))
          .append("</span> with the outlier cut; ")
          .append(
              headline.droppedChanges() == 0
                  ? "the cut dropped nothing."
                  : "the cut dropped "
                      + count(headline.droppedChanges())
                      + (headline.droppedChanges() == 1 ? " change" : " changes")
                      + " = "
                      + escape(percent(headline.droppedLineShare()))
                      + " of lines.")
          .append("</div>\n</div>\n");
      card(
          "AI share including weak evidence",
          percent(totals.aiShareWithWeak()),
          "Adds "
              + count(totals.aiWeak())
              + " lines whose only evidence is weak (an agent-style branch name). Less certain.",
          "card-share-weak");
      Optional<BaselineComparison> comparison = report.throughput().comparison();
      if (comparison.isPresent()) {
        BaselineComparison c = comparison.get();
        card(
            "Throughput vs baseline",
            c.inconclusive() ? ratio(c.ratio()) + " inconclusive" : ratio(c.ratio()),
            "Added lines per engineer per day, "
                + c.current()
                + " ("
                + decimal1(c.currentValue())
                + ", "
                + c.currentEngineers()
                + " engineers) over "
                + c.baseline()
                + " ("
                + decimal1(c.baselineValue())
                + ", "
                + c.baselineEngineers()
                + " engineers). "
                + percent(c.level()).replace(".0%", "%")
                + " interval "
                + ratio(c.low())
                + " to "
                + ratio(c.high())
                + " (bootstrap over engineers)."
                + (c.inconclusive()
                    ? " Inconclusive: " + String.join("; ", c.warnings()) + "."
                    : "")
                + (c.excludedRepositories().isEmpty()
                    ? ""
                    : " Left out (changes in one period only): "
                        + String.join(", ", c.excludedRepositories())
                        + "."),
            c.inconclusive() ? "card-throughput inconclusive" : "card-throughput");
      } else {
        card(
            "Throughput vs baseline",
            "not compared",
            "No baseline period was given, or it has no merged changes.",
            "card-throughput muted");
      }
      Optional<LiveCodeSummary> live = report.liveCode();
      if (live.isPresent()) {
        LiveCodeSummary l = live.get();
        card(
            "AI share of live code at HEAD",
            share(l.strong() + l.medium(), l.lines()),
            count(l.strong() + l.medium())
                + " of "
                + count(l.lines())
                + " lines alive at "
                + shortSha(l.revision())
                + " were last changed with strong or medium AI evidence.",
            "card-live lower-bound");
      }
      html.append("</section>\n");
    }

    private void card(String label, String value, String detail, String classes) {
      boolean lowerBound = classes.contains("lower-bound");
      html.append("<div class=\"card ")
          .append(classes)
          .append("\">\n")
          .append("<div class=\"card-label\">")
          .append(escape(label))
          .append("</div>\n")
          .append("<div class=\"card-value\">")
          .append(lowerBound ? "<span class=\"qualifier\">at least</span> " : "")
          .append(escape(value))
          .append("</div>\n")
          .append("<div class=\"card-detail\">")
          .append(escape(detail))
          .append("</div>\n")
          .append(classes.startsWith("card-share ") ? "" : "</div>\n");
    }

    private void chart(String kind, String label) {
      html.append("<div class=\"chart\" id=\"chart-")
          .append(kind)
          .append("\" data-chart=\"")
          .append(kind)
          .append("\" role=\"img\" aria-label=\"")
          .append(escape(label))
          .append("\"></div>\n");
    }

    /** An empty section's note; with no scanned repository every section says just that. */
    private void empty(String text) {
      html.append("<p class=\"empty\">")
          .append(escape(report.repos().isEmpty() ? "No scanned repositories." : text))
          .append("</p>\n");
    }

    private void shareOverTime() {
      html.append("<section id=\"share\">\n<h2>AI share over time</h2>\n")
          .append(
              "<p class=\"explain\">Bars: added lines with strong or medium AI evidence in each period, by agent, ")
          .append(
              "plus lines with only weak evidence. Line: strong and medium AI lines as a share of all counted ")
          .append(
              "added lines in the period (right axis; dashed: including weak), with its 95% interval from ")
          .append(
              "resampling the period's changes: a few large changes make it wide. Lines with no AI evidence ")
          .append("are not drawn; their origin is unknown.</p>\n");
      if (report.shareOverTime().isEmpty()) {
        empty("No merged changes in the scanned range.");
      } else {
        chart("share", "AI lines by agent and AI share per period");
      }
      coverage();
      html.append("</section>\n");
    }

    /** Evidence coverage per period and the evidence regime changes, under the share chart. */
    private void coverage() {
      if (report.shareOverTime().isEmpty()) {
        return;
      }
      html.append(
              "<p class=\"explain\">Dotted line: evidence coverage, the share of merged changes with strong or ")
          .append(
              "medium AI evidence. When an agent's evidence stops while changes keep merging, a drop in AI ")
          .append("share may be a change in evidence, not in use.</p>\n");
      if (report.coverageBreaks().isEmpty()) {
        html.append(
            "<p class=\"muted\" id=\"coverage-breaks\">No evidence regime change found.</p>\n");
        return;
      }
      html.append("<ul class=\"coverage-breaks\" id=\"coverage-breaks\">\n");
      for (CoverageBreak b : report.coverageBreaks()) {
        html.append("<li class=\"warning\">").append(escape(describe(b))).append("</li>\n");
      }
      html.append("</ul>\n");
    }

    private static String describe(CoverageBreak b) {
      return switch (b.direction()) {
        case STOPS ->
            b.repo()
                + ": "
                + b.agent()
                + " evidence stops after "
                + b.date()
                + " while "
                + count(b.quietChanges())
                + " later changes merged ("
                + b.quietFrom()
                + " to "
                + b.quietTo()
                + ")"
                + strays(b)
                + ".";
        case STARTS ->
            b.repo()
                + ": "
                + b.agent()
                + " evidence starts on "
                + b.date()
                + " after "
                + count(b.quietChanges())
                + " changes ("
                + b.quietFrom()
                + " to "
                + b.quietTo()
                + ")"
                + strays(b)
                + ".";
      };
    }

    private static String strays(CoverageBreak b) {
      return b.strayEvidence()
          .map(day ->
              ", with its evidence on only "
                  + count(b.quietEvidence())
                  + " of them ("
                  + (b.direction() == ProvenanceReport.BreakDirection.STOPS ? "last" : "first")
                  + " on "
                  + day
                  + ")")
          .orElse(" without its evidence");
    }

    private void throughput() {
      html.append(
              "<section id=\"throughput\">\n<h2>Throughput per engineer per day over time</h2>\n")
          .append(
              "<p class=\"explain\">Added lines merged per active engineer per day (engineers with at least one ")
          .append(
              "merged change in the period), AI-assisted work included, after each repository's outlier cut. ")
          .append("Automation bots are not engineers. ");
      report
          .throughput()
          .comparison()
          .ifPresent(c ->
              html.append("Dashed line: the baseline period ")
                  .append(escape(c.baseline()))
                  .append(" (")
                  .append(decimal1(c.baselineValue()))
                  .append(" lines per engineer per day)."));
      html.append("</p>\n");
      if (report.throughput().overTime().isEmpty()) {
        empty("No merged changes in the scanned range.");
      } else {
        chart("throughput", "Lines per engineer per day per period");
      }
      baselineByRepository();
      html.append("</section>\n");
    }

    /** The baseline comparison within each repository, and the repositories left out. */
    private void baselineByRepository() {
      Optional<BaselineComparison> pooled = report.throughput().comparison();
      if (pooled.isEmpty()) {
        return;
      }
      html.append("<p class=\"explain\">Baseline compared over: ")
          .append(escape(String.join(", ", pooled.get().repositories())))
          .append(".");
      if (!pooled.get().excludedRepositories().isEmpty()) {
        html.append(" Left out because they have changes in only one of the two periods: ")
            .append(escape(String.join(", ", pooled.get().excludedRepositories())))
            .append(".");
      }
      html.append("</p>\n");
      if (report.throughput().comparisonByRepository().isEmpty()) {
        return;
      }
      html.append(
              "<table class=\"numbers\" id=\"baseline-by-repository\">\n<thead><tr><th>Repository</th>")
          .append("<th>Baseline</th><th>Engineers</th><th>Current</th><th>Engineers</th>")
          .append("<th>Ratio</th><th>95% interval</th><th>Verdict</th></tr></thead>\n<tbody>\n");
      for (RepoBaseline row : report.throughput().comparisonByRepository()) {
        BaselineComparison c = row.comparison();
        html.append("<tr><th>")
            .append(escape(row.repo()))
            .append("</th><td>")
            .append(decimal1(c.baselineValue()))
            .append("</td><td>")
            .append(c.baselineEngineers())
            .append("</td><td>")
            .append(decimal1(c.currentValue()))
            .append("</td><td>")
            .append(c.currentEngineers())
            .append("</td><td>")
            .append(ratio(c.ratio()))
            .append("</td><td>")
            .append(ratio(c.low()))
            .append(" to ")
            .append(ratio(c.high()))
            .append("</td><td class=\"text\">")
            .append(
                c.inconclusive()
                    ? "<span class=\"warning\">inconclusive</span>: "
                        + escape(String.join("; ", c.warnings()))
                    : "conclusive")
            .append("</td></tr>\n");
      }
      html.append("</tbody>\n</table>\n");
    }

    private void evidence() {
      Totals totals = report.totals();
      html.append("<section id=\"evidence\">\n<h2>Evidence confidence</h2>\n")
          .append(
              "<p class=\"explain\">All counted added lines, by the strongest AI evidence for them. ")
          .append(
              "Strong: the tool recorded which lines it wrote. Medium: the change says an agent took part ")
          .append(
              "(co-author trailer, agent identity). Weak, not counted: an agent-style branch name, ")
          .append("aider's committer-only marker, or a committed code-review suggestion. ")
          .append("No AI evidence: unknown origin, not necessarily human.</p>\n");
      if (totals.addedLines() == 0) {
        empty("No counted added lines.");
      } else {
        html.append("<div class=\"split\">\n");
        chart("evidence", "Added lines by evidence confidence");
        html.append(
            "<table class=\"numbers\">\n<thead><tr><th>Evidence</th><th>Lines</th><th>Share</th></tr></thead>\n<tbody>\n");
        confidenceRow("Strong (line level)", totals.aiStrong(), totals.addedLines());
        confidenceRow("Medium (change level)", totals.aiMedium(), totals.addedLines());
        confidenceRow("Weak (not counted)", totals.aiWeak(), totals.addedLines());
        confidenceRow("No AI evidence (unknown)", totals.noEvidence(), totals.addedLines());
        html.append("</tbody>\n<tfoot><tr><th>Counted added lines</th><td>")
            .append(count(totals.addedLines()))
            .append("</td><td>100.0%</td></tr></tfoot>\n</table>\n</div>\n");
      }
      html.append("</section>\n");
    }

    private void confidenceRow(String label, long lines, long whole) {
      html.append("<tr><th>")
          .append(escape(label))
          .append("</th><td>")
          .append(count(lines))
          .append("</td><td>")
          .append(share(lines, whole))
          .append("</td></tr>\n");
    }

    private void liveCode() {
      if (report.liveCode().isEmpty()) {
        return;
      }
      LiveCodeSummary live = report.liveCode().get();
      html.append("<section id=\"live\">\n<h2>Live code at HEAD</h2>\n")
          .append("<p class=\"explain\">Lines alive at ")
          .append(escape(shortSha(live.revision())))
          .append(" (")
          .append(count(live.lines()))
          .append(" lines in ")
          .append(count(live.files()))
          .append(
              " files), by the AI evidence of the change that last touched each line (git blame).</p>\n");
      if (live.lines() == 0) {
        empty("No lines were blamed.");
      } else {
        html.append("<div class=\"split\">\n");
        chart("live", "Live lines by evidence confidence");
        html.append(
            "<table class=\"numbers\">\n<thead><tr><th>Evidence</th><th>Lines</th><th>Share</th></tr></thead>\n<tbody>\n");
        confidenceRow("Strong (line level)", live.strong(), live.lines());
        confidenceRow("Medium (change level)", live.medium(), live.lines());
        confidenceRow("Weak (branch name)", live.weak(), live.lines());
        confidenceRow("No AI evidence (unknown)", live.noEvidence(), live.lines());
        html.append("</tbody>\n</table>\n</div>\n");
        if (!live.byAgent().isEmpty()) {
          html.append(
              "<table class=\"numbers compact\">\n<thead><tr><th>Agent</th><th>Live AI lines</th><th>Share of live lines</th></tr></thead>\n<tbody>\n");
          for (Map.Entry<String, Long> agent : live.byAgent().entrySet()) {
            html.append("<tr><th>")
                .append(escape(agent.getKey()))
                .append("</th><td>")
                .append(count(agent.getValue()))
                .append("</td><td>")
                .append(share(agent.getValue(), live.lines()))
                .append("</td></tr>\n");
          }
          html.append("</tbody>\n</table>\n");
        }
      }
      html.append("</section>\n");
    }

    private void byAgent() {
      html.append("<section id=\"agents\">\n<h2>By agent and model</h2>\n")
          .append(
              "<p class=\"explain\">AI lines credited to each agent and model, by the confidence of the evidence. ")
          .append("Share: of all counted added lines.</p>\n");
      if (report.byAgent().isEmpty()) {
        empty("No lines with AI evidence.");
      } else {
        html.append(
                "<table class=\"numbers\">\n<thead><tr><th>Agent</th><th>Model</th><th>Confidence</th>")
            .append("<th>AI lines</th><th>Share</th></tr></thead>\n<tbody>\n");
        long added = report.totals().addedLines();
        for (AgentLines agent : report.byAgent()) {
          html.append("<tr><th>")
              .append(escape(agent.agent()))
              .append("</th><td class=\"text\">")
              .append(
                  agent
                      .model()
                      .map(HtmlReport::escape)
                      .orElse("<span class=\"muted\">not stated</span>"))
              .append("</td><td class=\"text\">")
              .append(confidence(agent.confidence()))
              .append("</td><td>")
              .append(count(agent.lines()))
              .append("</td><td>")
              .append(share(agent.lines(), added))
              .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
      }
      html.append("</section>\n");
    }

    private void bySource() {
      html.append("<section id=\"sources\">\n<h2>By evidence source</h2>\n")
          .append(
              "<p class=\"explain\">Lines credited through each rule that matched (which trailer identity, ")
          .append(
              "footer, note ref, name suffix, branch prefix), its evidence class, and whether it counts ")
          .append(
              "toward the AI share. Review suggestions (a person committed a review bot's suggestion) and ")
          .append("circumstantial evidence are shown, never counted.</p>\n");
      if (report.bySource().isEmpty()) {
        empty("No lines with AI evidence.");
      } else {
        html.append(
                "<table class=\"numbers\">\n<thead><tr><th>Source</th><th>Class</th><th>Agent</th>")
            .append(
                "<th>Changes</th><th>Lines</th><th>Counted in share</th></tr></thead>\n<tbody>\n");
        for (SourceLines source : report.bySource()) {
          html.append("<tr><th class=\"text\">")
              .append(escape(source.source().isEmpty() ? source.detector() : source.source()))
              .append("</th><td class=\"text\">")
              .append(escape(source.evidenceClass()))
              .append("</td><td class=\"text\">")
              .append(escape(source.agent()))
              .append("</td><td>")
              .append(count(source.changes()))
              .append("</td><td>")
              .append(count(source.lines()))
              .append("</td><td class=\"text\">")
              .append(source.countedInShare() ? "yes" : "no")
              .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
      }
      html.append("</section>\n");
    }

    private static String confidence(Confidence confidence) {
      return switch (confidence) {
        case STRONG -> "<span class=\"badge strong\">strong</span>";
        case MEDIUM -> "<span class=\"badge medium\">medium</span>";
        case WEAK -> "<span class=\"badge weak\">weak</span>";
      };
    }

    private void byPath() {
      html.append("<section id=\"paths\">\n<h2>By team / path</h2>\n")
          .append(
              "<p class=\"explain\">Counted added lines and lines with strong or medium AI evidence per team or ")
          .append("path prefix.</p>\n");
      if (report.byPath().isEmpty()) {
        empty("No teams or paths with counted lines.");
      } else {
        chart("paths", "Added and AI lines per team or path");
        html.append(
                "<table class=\"numbers\">\n<thead><tr><th>Team / path</th><th>Added lines</th>")
            .append("<th>AI lines</th><th>AI share (lower bound)</th></tr></thead>\n<tbody>\n");
        for (PathLines path : report.byPath()) {
          html.append("<tr><th>")
              .append(escape(path.group()))
              .append("</th><td>")
              .append(count(path.addedLines()))
              .append("</td><td>")
              .append(count(path.aiLines()))
              .append("</td><td>")
              .append(share(path.aiLines(), path.addedLines()))
              .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
      }
      html.append("</section>\n");
    }

    private void exclusions() {
      ExclusionSummary exclusions = report.exclusions();
      OutlierFilter outliers = report.throughput().outliers();
      html.append("<section id=\"exclusions\">\n<h2>Exclusions</h2>\n")
          .append("<p class=\"explain\">What was left out of every number above, and why.</p>\n")
          .append("<table class=\"numbers\">\n<thead><tr><th>Left out</th><th>Files / changes</th>")
          .append("<th>Added lines</th></tr></thead>\n<tbody>\n");
      for (Map.Entry<String, ExcludedCount> reason : exclusions.byReason().entrySet()) {
        html.append("<tr><th>")
            .append(escape(reasonLabel(reason.getKey())))
            .append("</th><td>")
            .append(count(reason.getValue().files()))
            .append(" files</td><td>")
            .append(count(reason.getValue().addedLines()))
            .append("</td></tr>\n");
      }
      html.append("<tr><th>Ignored revisions (.git-blame-ignore-revs)</th><td>")
          .append(count(exclusions.ignoredRevisionChanges()))
          .append(" changes</td><td>")
          .append(count(exclusions.ignoredRevisionLines()))
          .append("</td></tr>\n");
      html.append("<tr><th>Outlier changes, from throughput and the trimmed share only (")
          .append(escape(outlierRule(outliers)))
          .append(")</th><td>")
          .append(count(outliers.droppedChanges()))
          .append(" changes</td><td>")
          .append(count(outliers.droppedLines()))
          .append("</td></tr>\n");
      html.append(
              "</tbody>\n<tbody class=\"bots\">\n<tr><th>Automation bots: never counted as AI or as an engineer")
          .append("</th><td>")
          .append(count(exclusions.botChanges()))
          .append(" changes</td><td>")
          .append(count(exclusions.botLines()))
          .append("</td></tr>\n</tbody>\n</table>\n</section>\n");
    }

    private static String reasonLabel(String key) {
      Optional<ExclusionReason> reason =
          Arrays.stream(ExclusionReason.values())
              .filter(r -> r.name().equalsIgnoreCase(key))
              .findFirst();
      if (reason.isEmpty()) {
        return key;
      }
      return switch (reason.get()) {
        case BINARY -> "Binary files";
        case LOCK_FILE -> "Lock files";
        case GENERATED -> "Generated code";
        case VENDORED -> "Vendored code";
        case USER_GLOB -> "Configured exclude globs";
        case SHALLOW_BOUNDARY -> "Shallow-clone boundary commits (whole tree at the cut-off)";
      };
    }

    private static String outlierRule(OutlierFilter outliers) {
      String rule =
          outliers.percentile() >= 100
              ? "no percentile cut"
              : "per repository, above its "
                  + CsvReport.decimal(outliers.percentile())
                  + "th percentile of added lines, in repositories with "
                  + count(outliers.minChanges())
                  + " or more changes";
      return outliers.maxLines() > 0
          ? rule + "; above " + count(outliers.maxLines()) + " lines"
          : rule;
    }

    private void largestChanges() {
      html.append("<section id=\"largest\">\n<h2>Largest AI-evidenced changes</h2>\n");
      if (report.largestAiChanges().isEmpty()) {
        empty("No merged changes with AI evidence.");
      } else {
        html.append(
                "<table class=\"numbers changes\">\n<thead><tr><th>Repository</th><th>Commit</th>")
            .append(
                "<th>Subject</th><th>Date</th><th>Added</th><th>AI lines</th><th>Confidence</th>")
            .append("<th>Agents</th><th>Evidence</th></tr></thead>\n<tbody>\n");
        for (ChangeRow change : report.largestAiChanges()) {
          html.append("<tr><td class=\"text nowrap\">")
              .append(escape(change.repo()))
              .append("</td><td class=\"text\"><code>")
              .append(escape(shortSha(change.sha())))
              .append("</code></td><td class=\"text subject\">")
              .append(escape(change.subject()))
              .append("</td><td class=\"text nowrap\">")
              .append(day(change.committedAt()))
              .append("</td><td>")
              .append(count(change.addedLines()))
              .append("</td><td>")
              .append(count(change.aiLines()))
              .append("</td><td class=\"text\">")
              .append(confidence(change.confidence()))
              .append("</td><td class=\"text\">")
              .append(escape(String.join(", ", change.agents())))
              .append("</td><td class=\"text\">")
              .append(escape(String.join(", ", change.evidence())))
              .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
      }
      html.append("</section>\n");
    }

    private static double trimmedShare(RepoSummary repo) {
      Totals totals = repo.totals();
      long added = totals.addedLines() - repo.outliers().droppedLines();
      long ai = totals.aiStrong() + totals.aiMedium() - repo.outliers().droppedAiLines();
      return added == 0 ? 0 : (double) ai / added;
    }

    private static String cutText(RepoCut cut) {
      if (cut.threshold().isEmpty()) {
        return "none (" + count(cut.changes()) + " changes)";
      }
      return "above "
          + count(cut.threshold().get())
          + " lines: "
          + count(cut.droppedChanges())
          + " changes, "
          + count(cut.droppedLines())
          + " lines";
    }

    private void repositories() {
      html.append("<section id=\"repos\">\n<h2>Repositories</h2>\n");
      if (report.repos().isEmpty()) {
        empty("No repositories were scanned.");
        html.append("</section>\n");
        return;
      }
      html.append(
              "<table class=\"numbers\">\n<thead><tr><th>Repository</th><th>Branch</th><th>HEAD</th>")
          .append(
              "<th>Merged changes</th><th>Counted added lines</th><th>AI share (lower bound)</th>")
          .append("<th>AI share, trimmed</th><th>Outlier cut</th>")
          .append("<th>Range</th><th>Notes</th></tr></thead>\n<tbody>\n");
      for (RepoSummary repo : report.repos()) {
        html.append("<tr><th>")
            .append(escape(repo.name()))
            .append("<div class=\"path\">")
            .append(escape(repo.path()))
            .append("</div></th><td class=\"text\">")
            .append(escape(repo.branch()))
            .append("</td><td class=\"text\"><code>")
            .append(escape(shortSha(repo.head())))
            .append("</code></td><td>")
            .append(count(repo.changes()))
            .append("</td><td>")
            .append(count(repo.totals().addedLines()))
            .append("</td><td>")
            .append(percent(repo.totals().aiShare()))
            .append("</td><td>")
            .append(percent(trimmedShare(repo)))
            .append("</td><td class=\"text\">")
            .append(escape(cutText(repo.outliers())))
            .append("</td><td class=\"text nowrap\">");
        if (repo.firstChange().isPresent() && repo.lastChange().isPresent()) {
          html.append(day(repo.firstChange().get()))
              .append(" to ")
              .append(day(repo.lastChange().get()));
        } else {
          html.append("<span class=\"muted\">no merged changes</span>");
        }
        html.append("</td><td class=\"text\">");
        if (repo.shallow()) {
          html.append(
                  "<div class=\"warning\">Shallow clone: older history is missing, so counts cover only the ")
              .append("fetched part.</div>");
        }
        if (repo.warnings() > 0) {
          html.append("<div>")
              .append(count(repo.warnings()))
              .append(repo.warnings() == 1 ? " input" : " inputs")
              .append(" skipped or doubted by the scan.</div>");
        }
        html.append("</td></tr>\n");
      }
      html.append("</tbody>\n</table>\n</section>\n");
    }
  }
}
