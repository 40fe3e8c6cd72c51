package dev.loopwatch.app.serve;

import static dev.loopwatch.app.report.HtmlReport.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.ladder.LadderView;
import dev.loopwatch.app.ladder.LadderView.CheckRow;
import dev.loopwatch.app.ladder.LadderView.IndicatorRow;
import dev.loopwatch.app.ladder.LadderView.MonthRow;
import dev.loopwatch.app.report.RetroSection;
import dev.loopwatch.app.serve.Changes.ChangeDetail;
import dev.loopwatch.app.serve.Changes.ChangePage;
import dev.loopwatch.app.serve.Changes.ChangeRow;
import dev.loopwatch.app.serve.Changes.CreditRow;
import dev.loopwatch.app.serve.Changes.FileRow;
import dev.loopwatch.app.serve.StoreAccess.Snapshot;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.ThroughputBucket;
import dev.loopwatch.sessions.store.SessionsReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dashboard's server-rendered pages: overview, code, sessions, retro, ladder, a month's changes
 * and one change. Every page shares the report's style sheet, loads ECharts and the dashboard
 * script from the server itself ({@code /assets/...}), and carries its chart data as JSON in the
 * page, so nothing comes from the network. Lines without AI evidence are "no AI evidence", never
 * "human", as in the report.
 */
final class Pages {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

  /** The navigation: path and label, in order. */
  static final Map<String, String> NAVIGATION = navigation();

  private Pages() {}

  private static Map<String, String> navigation() {
    Map<String, String> nav = new LinkedHashMap<>();
    nav.put("/", "Overview");
    nav.put("/code", "Code");
    nav.put("/sessions", "Sessions");
    nav.put("/retro", "Retro");
    nav.put("/ladder", "Ladder");
    nav.put("/changes", "Changes");
    nav.put("/report", "Full report");
    return nav;
  }

  /** One chart for the dashboard script. */
  record Chart(
      String id, String kind, String unit, List<String> x, List<Series> series, String link) {}

  /** One series of a chart. */
  record Series(String name, List<Double> data, String stack) {}

  /** The overview: repositories, the current phase with its reasons, headline numbers. */
  static String overview(Snapshot snapshot, Scans.Status scan, boolean live) {
    StringBuilder body = new StringBuilder();
    ProvenanceReport report = snapshot.report();
    Optional<MonthRow> latest = snapshot.ladder().latest();
    body.append("<section id=\"phase\">\n<h2>Where we are on the ladder</h2>\n");
    if (latest.isEmpty()) {
      body.append("<p class=\"empty\">No months with merged changes or sessions yet; ")
          .append("<code>loopwatch scan REPO</code> fills the store.</p>\n");
    } else {
      MonthRow month = latest.get();
      body.append("<p class=\"big\" id=\"current-phase\" data-phase=\"")
          .append(escape(month.phase().map(p -> p.split(" ")[0]).orElse("none")))
          .append("\">")
          .append(escape(month.month().toString()))
          .append(": <strong>")
          .append(escape(month.phase().orElse("no phase held")))
          .append("</strong></p>\n<ul id=\"missing\">\n");
      for (String line : month.missing()) {
        body.append("<li>").append(escape(line)).append("</li>\n");
      }
      body.append("</ul>\n<p><a href=\"/ladder\">Every month and threshold</a></p>\n");
    }
    body.append("</section>\n");
    body.append("<section id=\"headline\">\n<h2>Headline numbers</h2>\n");
    body.append("<table>\n<tr><th>Number</th><th>Value [95% interval]</th><th>n</th>")
        .append("<th>Coverage</th></tr>\n");
    if (latest.isPresent()) {
      for (IndicatorRow indicator : latest.get().indicators()) {
        row(
            body,
            escape(indicator.name() + " (" + latest.get().month() + ")"),
            escape(indicator.value()),
            Long.toString(indicator.n()),
            escape(indicator.coverage()));
      }
    }
    long added = report.totals().addedLines();
    long withEvidence =
        report.shareOverTime().stream().mapToLong(ShareBucket::addedLinesWithEvidence).sum();
    row(
        body,
        "AI share of merged lines, all time",
        percent(report.headline().aiShare()),
        added + " lines",
        added == 0 ? "unknown" : percent((double) withEvidence / added));
    report
        .throughput()
        .comparison()
        .ifPresent(c ->
            row(
                body,
                escape("Throughput " + c.current() + " over " + c.baseline()),
                String.format(Locale.ROOT, "%.2f\u00d7 [%.2f-%.2f]", c.ratio(), c.low(), c.high()),
                c.currentEngineers() + " engineers",
                ""));
    body.append("</table>\n</section>\n");
    body.append("<section id=\"repositories\">\n<h2>Repositories in this store</h2>\n");
    if (report.repos().isEmpty()) {
      body.append("<p class=\"empty\">No scanned repositories.</p>\n");
    } else {
      body.append("<table>\n<tr><th>Repository</th><th>Branch</th><th>Head</th>")
          .append("<th>Changes</th><th>First</th><th>Last</th></tr>\n");
      for (RepoSummary repo : report.repos()) {
        row(
            body,
            link("/changes?repo=" + url(repo.name()), escape(repo.name())),
            escape(repo.branch()),
            code(shortSha(repo.head())),
            Long.toString(repo.changes()),
            repo.firstChange().map(Pages::day).orElse("-"),
            repo.lastChange().map(Pages::day).orElse("-"));
      }
      body.append("</table>\n");
    }
    body.append("</section>\n");
    body.append("<section id=\"scans\">\n<h2>Scans</h2>\n<p id=\"scan-status\"")
        .append(live ? " data-live=\"true\"" : "")
        .append(">")
        .append(escape(scanLine(scan)))
        .append("</p>\n</section>\n");
    return page("Overview", "/", body, List.of());
  }

  /** AI share and throughput by month, with drill-down to a month's changes. */
  static String code(Snapshot snapshot) {
    ProvenanceReport report = snapshot.report();
    StringBuilder body = new StringBuilder();
    List<String> months = new ArrayList<>();
    List<Double> ai = new ArrayList<>();
    List<Double> other = new ArrayList<>();
    for (ShareBucket bucket : report.shareOverTime()) {
      months.add(YearMonth.from(bucket.start()).toString());
      ai.add((double) (bucket.aiStrong() + bucket.aiMedium()));
      other.add((double) (bucket.addedLines() - bucket.aiStrong() - bucket.aiMedium()));
    }
    List<String> throughputMonths = new ArrayList<>();
    List<Double> perDay = new ArrayList<>();
    for (ThroughputBucket bucket : report.throughput().overTime()) {
      throughputMonths.add(YearMonth.from(bucket.start()).toString());
      perDay.add(bucket.linesPerEngineerDay());
    }
    List<Chart> charts = new ArrayList<>();
    body.append("<section id=\"share\">\n<h2>AI share of merged lines by month</h2>\n")
        .append("<p class=\"explain\">Added lines of merged changes, split by AI evidence. ")
        .append("Click a month to list its changes.</p>\n");
    if (months.isEmpty()) {
      body.append("<p class=\"empty\">No merged changes.</p>\n");
    } else {
      body.append("<div class=\"chart\" id=\"chart-share\" style=\"height:320px\"></div>\n");
      charts.add(
          new Chart(
              "chart-share",
              "bar",
              "lines",
              months,
              List.of(
                  new Series("AI lines", ai, "lines"),
                  new Series("no AI evidence", other, "lines")),
              "/months/"));
    }
    body.append("<table id=\"months\">\n<tr><th>Month</th><th>Changes</th><th>Added lines</th>")
        .append("<th>AI share</th><th>Line coverage</th></tr>\n");
    for (ShareBucket bucket : report.shareOverTime()) {
      String month = YearMonth.from(bucket.start()).toString();
      row(
          body,
          link("/months/" + month, month),
          Long.toString(bucket.changes()),
          Long.toString(bucket.addedLines()),
          percent(bucket.aiShare()),
          percent(bucket.lineCoverage()));
    }
    body.append("</table>\n</section>\n");
    body.append("<section id=\"throughput\">\n<h2>Throughput by month</h2>\n")
        .append("<p class=\"explain\">Merged added lines per active engineer per day.</p>\n");
    if (throughputMonths.isEmpty()) {
      body.append("<p class=\"empty\">No merged changes by engineers.</p>\n");
    } else {
      body.append("<div class=\"chart\" id=\"chart-throughput\" style=\"height:280px\"></div>\n");
      charts.add(
          new Chart(
              "chart-throughput",
              "line",
              "lines per engineer-day",
              throughputMonths,
              List.of(new Series("lines per engineer-day", perDay, "")),
              "/months/"));
    }
    body.append("</section>\n");
    return page("Code", "/code", body, charts);
  }

  /** Agent sessions: interventions, autonomy, delegation, verified success and cost. */
  static String sessions(Snapshot snapshot) {
    StringBuilder body = new StringBuilder("<section id=\"sessions\">\n<h2>Agent sessions</h2>\n");
    List<Chart> charts = new ArrayList<>();
    if (snapshot.sessions().isEmpty()) {
      body.append("<p class=\"empty\">No agent sessions in this store; ")
          .append("<code>loopwatch scan --sessions PATH</code> adds them.</p>\n</section>\n");
      return page("Sessions", "/sessions", body, charts);
    }
    SessionsReport sessions = snapshot.sessions().get();
    SessionsReport.Totals t = sessions.totals();
    body.append("<table id=\"session-totals\">\n");
    labelled(body, "Sessions (subagents)", t.sessions() + " (" + t.subagents() + ")");
    labelled(body, "Human turns", Integer.toString(t.humanTurns()));
    labelled(body, "Tool calls per human turn", decimal(t.toolCallsPerHumanTurn()));
    labelled(body, "Longest autonomous stretch", decimal(t.longestAutonomousMinutes()) + " min");
    labelled(
        body,
        "Interventions: tier 1 / tier 2 per session",
        decimal(t.tier1PerSession()) + " / " + decimal(t.tier2PerSession()));
    labelled(body, "Policy denials", Integer.toString(t.policyDenials()));
    labelled(body, "Delegated share of agent time", percent(t.delegatedShare()));
    labelled(
        body,
        "Tasks verified",
        t.verifiedTasks()
            + " of "
            + t.tasks()
            + " (open-ended "
            + t.openEndedVerified()
            + " of "
            + t.openEndedTasks()
            + ")");
    labelled(body, "Tokens", Long.toString(t.tokens()));
    labelled(
        body,
        "Priced cost",
        String.format(Locale.ROOT, "$%.2f", t.pricedCostUsd())
            + (t.unpricedTokens() > 0 ? " (" + t.unpricedTokens() + " tokens unpriced)" : ""));
    body.append("</table>\n");
    List<String> weeks = new ArrayList<>();
    List<Double> turns = new ArrayList<>();
    List<Double> tier1 = new ArrayList<>();
    for (SessionsReport.Week week : sessions.weeks()) {
      weeks.add(week.week().toString());
      turns.add(week.toolCallsPerHumanTurn());
      tier1.add(week.tier1PerSession());
    }
    if (!weeks.isEmpty()) {
      body.append("<h3>Autonomy and interventions by week</h3>\n")
          .append("<div class=\"chart\" id=\"chart-autonomy\" style=\"height:280px\"></div>\n");
      charts.add(
          new Chart(
              "chart-autonomy",
              "line",
              "",
              weeks,
              List.of(
                  new Series("tool calls per human turn", turns, ""),
                  new Series("tier-1 interventions per session", tier1, "")),
              ""));
    }
    Map<String, Double> cost = new TreeMap<>();
    for (SessionsReport.DayCost day : sessions.costPerDay()) {
      cost.merge(day.day().toString(), day.costUsd().orElse(0.0), Double::sum);
    }
    if (!cost.isEmpty()) {
      body.append("<h3>Priced cost per day</h3>\n")
          .append("<div class=\"chart\" id=\"chart-cost\" style=\"height:240px\"></div>\n");
      charts.add(
          new Chart(
              "chart-cost",
              "bar",
              "USD",
              List.copyOf(cost.keySet()),
              List.of(new Series("cost", List.copyOf(cost.values()), "")),
              ""));
    }
    body.append("</section>\n");
    return page("Sessions", "/sessions", body, charts);
  }

  /** The latest review retrospective, as the report renders it. */
  static String retro(Snapshot snapshot) {
    StringBuilder body = new StringBuilder();
    if (snapshot.retro().isEmpty()) {
      body.append("<section id=\"retro\">\n<h2>Review retrospective</h2>\n")
          .append("<p class=\"empty\">No retrospective run in this store; ")
          .append("<code>loopwatch retro</code> makes one.</p>\n</section>\n");
      return page("Retro", "/retro", body, List.of());
    }
    body.append(RetroSection.html(snapshot.retro()));
    return page("Retro", "/retro", body, List.of(), RetroSection.script());
  }

  /** The ladder: the phase of every month, each indicator and each threshold checked. */
  static String ladder(LadderView ladder) {
    StringBuilder body = new StringBuilder("<section id=\"ladder\">\n<h2>Phase by month</h2>\n");
    List<Chart> charts = new ArrayList<>();
    List<MonthRow> months = ladder.months();
    body.append("<p class=\"explain\">Phases, lowest first: ")
        .append(escape(String.join("; ", ladder.phaseNames())))
        .append(". A phase is held after its thresholds pass for enough months in a row; ")
        .append("see docs/LADDER.md.</p>\n");
    if (months.isEmpty()) {
      body.append("<p class=\"empty\">No months with data.</p>\n</section>\n");
      return page("Ladder", "/ladder", body, charts);
    }
    body.append("<div class=\"chart\" id=\"chart-ladder\" style=\"height:240px\"></div>\n");
    charts.add(
        new Chart(
            "chart-ladder",
            "line",
            "phase (-1 none)",
            months.stream().map(m -> m.month().toString()).toList(),
            List.of(
                new Series("phase held", months.stream().map(m -> (double) m.rank()).toList(), "")),
            ""));
    body.append("<table id=\"ladder-months\">\n<tr><th>Month</th><th>Phase held</th></tr>\n");
    for (MonthRow month : months) {
      body.append("<tr data-month=\"")
          .append(month.month())
          .append("\"><td><a href=\"#m-")
          .append(month.month())
          .append("\">")
          .append(month.month())
          .append("</a></td><td class=\"phase\">")
          .append(escape(month.phase().orElse("no phase held")))
          .append("</td></tr>\n");
    }
    body.append("</table>\n</section>\n");
    for (MonthRow month : months.reversed()) {
      body.append("<section id=\"m-")
          .append(month.month())
          .append("\">\n<h3>")
          .append(month.month())
          .append(": ")
          .append(escape(month.phase().orElse("no phase held")))
          .append("</h3>\n<table>\n<tr><th>Indicator</th><th>Value [95% interval]</th>")
          .append("<th>n</th><th>Coverage</th></tr>\n");
      for (IndicatorRow indicator : month.indicators()) {
        row(
            body,
            escape(indicator.name()),
            escape(indicator.value()),
            Long.toString(indicator.n()),
            escape(indicator.coverage()));
      }
      body.append("</table>\n<table>\n<tr><th>Phase</th><th>Indicator</th><th>Threshold</th>")
          .append("<th>Verdict</th><th>Source</th></tr>\n");
      for (CheckRow check : month.checks()) {
        body.append("<tr class=\"")
            .append(check.passed() ? "pass" : "fail")
            .append("\"><td>")
            .append(escape(check.phase()))
            .append("</td><td>")
            .append(escape(check.indicator()))
            .append("</td><td>")
            .append(escape(check.threshold()))
            .append("</td><td>")
            .append(check.passed() ? "passes: " : "fails: ")
            .append(escape(check.reason()))
            .append("</td><td>")
            .append(escape(check.source()))
            .append("</td></tr>\n");
      }
      body.append("</table>\n</section>\n");
    }
    return page("Ladder", "/ladder", body, charts);
  }

  /** A page of changes, filtered by repository and month. */
  static String changes(
      ChangePage page, Optional<String> repo, Optional<YearMonth> month, String basePath) {
    String title =
        "Changes" + month.map(m -> " in " + m).orElse("") + repo.map(r -> " of " + r).orElse("");
    StringBuilder body =
        new StringBuilder("<section id=\"changes\">\n<h2>")
            .append(escape(title))
            .append("</h2>\n<p>")
            .append(page.total())
            .append(" merged changes, newest first; lines count files not excluded.</p>\n");
    body.append("<table id=\"change-list\">\n<tr><th>Committed</th><th>Repository</th>")
        .append("<th>Change</th><th>Subject</th><th>Author</th><th>Added</th>")
        .append("<th>Deleted</th><th>AI lines</th></tr>\n");
    for (ChangeRow change : page.changes()) {
      row(
          body,
          minute(change.committedAt()),
          escape(change.repo()),
          "<a class=\"change\" href=\""
              + changeLink(change)
              + "\">"
              + code(shortSha(change.sha()))
              + "</a>",
          escape(change.subject()),
          escape(change.author()),
          Long.toString(change.addedLines()),
          Long.toString(change.deletedLines()),
          Long.toString(change.aiLines()));
    }
    body.append("</table>\n");
    long pages = Math.max(1, (page.total() + page.perPage() - 1) / page.perPage());
    String query = repo.map(r -> "repo=" + url(r) + "&").orElse("");
    body.append("<p class=\"pager\">Page ").append(page.page()).append(" of ").append(pages);
    if (page.page() > 1) {
      body.append(" <a href=\"")
          .append(basePath)
          .append('?')
          .append(escape(query))
          .append("page=")
          .append(page.page() - 1)
          .append("\">previous</a>");
    }
    if (page.page() < pages) {
      body.append(" <a href=\"")
          .append(basePath)
          .append('?')
          .append(escape(query))
          .append("page=")
          .append(page.page() + 1)
          .append("\">next</a>");
    }
    body.append("</p>\n</section>\n");
    return page(title, "/changes", body, List.of());
  }

  /** One change: its files, AI lines and the evidence for them. */
  static String change(ChangeDetail detail) {
    ChangeRow change = detail.change();
    StringBuilder body =
        new StringBuilder("<section id=\"change\" data-sha=\"")
            .append(escape(change.sha()))
            .append("\">\n<h2>")
            .append(escape(change.subject()))
            .append("</h2>\n<table>\n");
    labelled(body, "Repository", change.repo());
    labelled(body, "Commit", change.sha());
    labelled(body, "Committed", minute(change.committedAt()));
    labelled(
        body,
        "Author",
        change.author() + " <" + detail.authorEmail() + "> (" + detail.authorKind() + ")");
    labelled(
        body, "Merge", detail.merge() ? "yes, " + detail.sideCommits() + " side commits" : "no");
    labelled(
        body,
        "Added / deleted lines (counted files)",
        change.addedLines() + " / " + change.deletedLines());
    labelled(body, "AI lines (strong and medium)", Long.toString(change.aiLines()));
    body.append("</table>\n<h3>Files</h3>\n<table id=\"files\">\n<tr><th>Path</th><th>Added</th>")
        .append("<th>Deleted</th><th>AI strong</th><th>AI medium</th><th>AI weak</th>")
        .append("<th>Excluded</th></tr>\n");
    for (FileRow file : detail.files()) {
      row(
          body,
          code(file.path()),
          Long.toString(file.addedLines()),
          Long.toString(file.deletedLines()),
          Long.toString(file.aiStrong()),
          Long.toString(file.aiMedium()),
          Long.toString(file.aiWeak()),
          escape(file.exclusion().orElse("")));
    }
    body.append("</table>\n<h3>AI evidence</h3>\n");
    if (detail.credits().isEmpty()) {
      body.append("<p class=\"empty\">No AI evidence for this change.</p>\n");
    } else {
      body.append("<table id=\"credits\">\n<tr><th>Path</th><th>Agent</th><th>Model</th>")
          .append("<th>Confidence</th><th>Detector</th><th>Detail</th><th>Lines</th></tr>\n");
      for (CreditRow credit : detail.credits()) {
        row(
            body,
            code(credit.path()),
            escape(credit.agent()),
            escape(credit.model().orElse("")),
            escape(credit.confidence()),
            escape(credit.detector()),
            escape(credit.detail()),
            Long.toString(credit.lines()));
      }
      body.append("</table>\n");
    }
    YearMonth month = YearMonth.from(change.committedAt().atOffset(ZoneOffset.UTC));
    body.append("<p><a href=\"/months/")
        .append(month)
        .append("\">Other changes in ")
        .append(month)
        .append("</a></p>\n</section>\n");
    return page(change.subject(), "/changes", body, List.of());
  }

  /** A page that says what went wrong, with the HTTP status. */
  static String error(int status, String message) {
    StringBuilder body =
        new StringBuilder("<section id=\"error\">\n<p>")
            .append(escape(message))
            .append("</p>\n</section>\n");
    return page("Error " + status, "", body, List.of());
  }

  /** The link to a change's page. */
  static String changeLink(ChangeRow change) {
    return "/changes/" + url(change.sha()) + "?repo=" + url(change.repo());
  }

  private static String page(String title, String active, StringBuilder body, List<Chart> charts) {
    return page(title, active, body, charts, "");
  }

  private static String page(
      String title, String active, StringBuilder body, List<Chart> charts, String extraScript) {
    StringBuilder html = new StringBuilder(body.length() + 4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<title>")
        .append(escape(title))
        .append(" - loopwatch</title>\n")
        .append("<link rel=\"stylesheet\" href=\"/assets/loopwatch.css\">\n")
        .append("</head>\n<body>\n<main>\n<nav class=\"dashboard\">");
    for (Map.Entry<String, String> entry : NAVIGATION.entrySet()) {
      html.append("<a href=\"")
          .append(entry.getKey())
          .append("\"")
          .append(entry.getKey().equals(active) ? " class=\"active\"" : "")
          .append(">")
          .append(escape(entry.getValue()))
          .append("</a> ");
    }
    html.append("</nav>\n<h1>")
        .append(escape(title))
        .append("</h1>\n")
        .append(body)
        .append("</main>\n<script src=\"/assets/echarts.min.js\"></script>\n");
    if (!extraScript.isEmpty()) {
      html.append("<script>\n").append(extraScript).append("</script>\n");
    }
    html.append("<script type=\"application/json\" id=\"dashboard-data\">")
        .append(json(Map.of("charts", charts)))
        .append("</script>\n<script src=\"/assets/dashboard.js\"></script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize chart data", e);
    }
  }

  /** One table row of cells, each already HTML (escape text with {@code escape}). */
  private static void row(StringBuilder body, String... cells) {
    body.append("<tr>");
    for (String cell : cells) {
      body.append("<td>").append(cell).append("</td>");
    }
    body.append("</tr>\n");
  }

  private static String link(String href, String html) {
    return "<a href=\"" + href + "\">" + html + "</a>";
  }

  private static String code(String text) {
    return "<code>" + escape(text) + "</code>";
  }

  /** A row with a heading cell and a text value. */
  private static void labelled(StringBuilder body, String label, String value) {
    body.append("<tr><th>")
        .append(escape(label))
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>\n");
  }

  static String scanLine(Scans.Status scan) {
    if (scan.id() == 0) {
      return "no scan has run in this server";
    }
    return "scan "
        + scan.id()
        + " ("
        + scan.trigger()
        + "): "
        + scan.state().name().toLowerCase(Locale.ROOT)
        + scan.finishedAt().map(at -> " at " + minute(at)).orElse("")
        + (scan.message().isEmpty() ? "" : ", " + scan.message());
  }

  private static String url(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "n/a";
  }

  private static String decimal(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "n/a";
  }

  private static String day(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  private static String minute(Instant instant) {
    return MINUTE.format(instant.atOffset(ZoneOffset.UTC));
  }

  private static String shortSha(String sha) {
    return sha.length() <= 10 ? sha : sha.substring(0, 10);
  }
}
