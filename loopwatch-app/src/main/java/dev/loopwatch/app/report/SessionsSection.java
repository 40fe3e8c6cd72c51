package dev.loopwatch.app.report;

import static dev.loopwatch.app.report.HtmlReport.count;
import static dev.loopwatch.app.report.HtmlReport.escape;
import static dev.loopwatch.app.report.HtmlReport.percent;

import dev.loopwatch.sessions.store.SessionsReport;
import dev.loopwatch.sessions.store.SessionsReport.DayCost;
import dev.loopwatch.sessions.store.SessionsReport.Group;
import dev.loopwatch.sessions.store.SessionsReport.Totals;
import java.util.List;
import java.util.Locale;

/**
 * The Sessions section of the HTML report: headline numbers, charts over ISO weeks (drawn by {@code
 * report.js} from the {@code sessions-data} JSON) and tables by model, by CLI version and of tokens
 * and cost per day. Tier-1 and tier-2 interventions are separate series, never added.
 */
final class SessionsSection {
  private final StringBuilder html;
  private final SessionsReport sessions;

  SessionsSection(StringBuilder html, SessionsReport sessions) {
    this.html = html;
    this.sessions = sessions;
  }

  void render() {
    Totals t = sessions.totals();
    html.append("<section id=\"sessions\">\n<h2>Agent sessions</h2>\n")
        .append("<p class=\"explain\">")
        .append(count(t.sessions()))
        .append(" main sessions and ")
        .append(count(t.subagents()))
        .append(" subagent sessions read from coding-agent transcripts, ")
        .append(decimal(t.agentHours()))
        .append(" hours of agent work. Interventions: tier 1 are exact markers the agent CLI ")
        .append("writes (interrupts, human rejections, queued steering prompts); tier 2 are ")
        .append("heuristics (the user taking over the shell, correcting the agent). The tiers are ")
        .append("never added together; policy denials (")
        .append(count(t.policyDenials()))
        .append(") are not human interventions and are left out. Weeks are ISO weeks of each ")
        .append("main session's start (UTC); subagents count towards their main session.</p>\n");
    html.append("<table class=\"numbers compact\" id=\"sessions-totals\">\n<tbody>\n");
    row("Tier-1 interventions per session", decimal(t.tier1PerSession()), count(t.tier1()));
    row("Tier-2 interventions per session", decimal(t.tier2PerSession()), count(t.tier2()));
    row(
        "Tool calls per human turn",
        decimal(t.toolCallsPerHumanTurn()),
        count(t.toolCalls()) + " calls / " + count(t.humanTurns()) + " turns");
    row(
        "Longest autonomous stretch",
        decimal(t.longestAutonomousMinutes()) + " min",
        "longest tool-call run " + t.longestToolRun());
    row(
        "Delegated work",
        percent(t.delegatedShare()),
        count(t.subagents())
            + " subagents, longest delegated task "
            + decimal(t.longestDelegatedMinutes())
            + " min");
    row(
        "Verified task success",
        share(t.verifiedTasks(), t.tasks()),
        count(t.verifiedTasks()) + " of " + count(t.tasks()) + " tasks");
    row(
        "Verified success, open-ended tasks",
        share(t.openEndedVerified(), t.openEndedTasks()),
        count(t.openEndedVerified()) + " of " + count(t.openEndedTasks()) + " debugging tasks");
    row(
        "Cost of tokens",
        cost(t.pricedCostUsd(), t.unpricedTokens()),
        count(t.tokens()) + " tokens");
    html.append("</tbody>\n</table>\n");
    if (sessions.weeks().isEmpty()) {
      html.append("<p class=\"empty\">No session has a start time, so there is nothing to chart.")
          .append("</p>\n");
    } else {
      chart("sessionsInterventions", "Interventions per session per week, tier 1 and tier 2");
      chart(
          "sessionsAutonomy", "Tool calls per human turn and longest autonomous stretch per week");
      chart("sessionsDelegation", "Subagents, delegated share and longest delegated task per week");
      chart("sessionsSuccess", "Verified task success per week, all and open-ended tasks");
    }
    groups("By model", "Model (main session's most used)", sessions.byModel());
    groups("By CLI version", "CLI version", sessions.byCliVersion());
    costs();
    html.append("</section>\n");
  }

  private void row(String label, String value, String detail) {
    html.append("<tr><th>")
        .append(escape(label))
        .append("</th><td>")
        .append(escape(value))
        .append("</td><td class=\"text\">")
        .append(escape(detail))
        .append("</td></tr>\n");
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

  private void groups(String title, String keyLabel, List<Group> groups) {
    html.append("<h3>").append(escape(title)).append("</h3>\n");
    html.append("<table class=\"numbers\">\n<thead><tr><th>Agent</th><th>")
        .append(escape(keyLabel))
        .append("</th><th>Sessions</th><th>Human turns</th><th>Tool calls / turn</th>")
        .append("<th>Tier 1 / session</th><th>Tier 2 / session</th><th>Tasks</th>")
        .append("<th>Verified success</th><th>Tokens</th><th>Cost (USD)</th></tr></thead>\n")
        .append("<tbody>\n");
    for (Group group : groups) {
      html.append("<tr><th>")
          .append(escape(group.agent()))
          .append("</th><td class=\"text\">")
          .append(escape(group.key()))
          .append("</td><td>")
          .append(count(group.sessions()))
          .append("</td><td>")
          .append(count(group.humanTurns()))
          .append("</td><td>")
          .append(decimal(group.toolCallsPerHumanTurn()))
          .append("</td><td>")
          .append(decimal(group.tier1PerSession()))
          .append("</td><td>")
          .append(decimal(group.tier2PerSession()))
          .append("</td><td>")
          .append(count(group.tasks()))
          .append("</td><td>")
          .append(group.taskSuccess().map(HtmlReport::percent).orElse("n/a"))
          .append("</td><td>")
          .append(count(group.tokens()))
          .append("</td><td>")
          .append(escape(cost(group.pricedCostUsd(), group.unpricedTokens())))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private void costs() {
    html.append("<h3>Tokens and cost per day</h3>\n")
        .append("<p class=\"explain\">UTC days; cost from the price table in use at scan time ")
        .append("(list prices per million tokens; see docs/CONFIG.md). A model with no price ")
        .append("has an unknown cost, shown as \u201cunknown\u201d, never as 0.</p>\n");
    if (sessions.costPerDay().isEmpty()) {
      html.append("<p class=\"empty\">No token usage recorded.</p>\n");
      return;
    }
    html.append("<table class=\"numbers compact\" id=\"sessions-cost\">\n<thead><tr><th>Day</th>")
        .append("<th>Model</th><th>Input</th><th>Output</th><th>Cache write</th>")
        .append("<th>Cache read</th><th>Cost (USD)</th></tr></thead>\n<tbody>\n");
    for (DayCost day : sessions.costPerDay()) {
      html.append("<tr><th>")
          .append(day.day())
          .append("</th><td class=\"text\">")
          .append(escape(day.model()))
          .append("</td><td>")
          .append(count(day.input()))
          .append("</td><td>")
          .append(count(day.output()))
          .append("</td><td>")
          .append(count(day.cacheCreation()))
          .append("</td><td>")
          .append(count(day.cacheRead()))
          .append("</td><td>")
          .append(day.costUsd().map(SessionsSection::dollars).orElse("unknown"))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static String cost(double priced, long unpriced) {
    return unpriced == 0
        ? dollars(priced)
        : "at least " + dollars(priced) + " (" + count(unpriced) + " tokens unpriced)";
  }

  static String dollars(double value) {
    return String.format(Locale.ROOT, value >= 1 ? "$%,.2f" : "$%.4f", value);
  }

  private static String share(int part, int whole) {
    return whole == 0 ? "n/a" : percent((double) part / whole);
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%,.2f", value);
  }
}
