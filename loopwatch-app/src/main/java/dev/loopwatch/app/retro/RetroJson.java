package dev.loopwatch.app.retro;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.RetroResult.IncidentResult;
import dev.loopwatch.retro.RetroResult.Rate;
import dev.loopwatch.retro.RetroResult.ReviewResult;
import dev.loopwatch.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The {@code --json} output of {@code loopwatch retro}: snake_case fields, {@code null} for absent
 * values, reviewers and incidents in input order, severities sorted (documented in docs/RETRO.md).
 */
final class RetroJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RetroJson() {}

  static ObjectNode of(RetroResult result) {
    ObjectNode root = NODES.objectNode();
    root.put("window", result.window());
    root.put("seed", result.seed());
    root.put("judged", result.judged());
    root.put("stopped_by_budget", result.stoppedByBudget());
    root.set("judge_model_calls", result.judgeModelCalls().map(RetroJson::calls).orElse(null));
    ArrayNode controls = root.putArray("controls");
    result.controls().forEach(controls::add);
    ArrayNode reviewers = root.putArray("reviewers");
    for (ReviewerSummary summary : result.summaries()) {
      ObjectNode node = reviewers.addObject();
      node.put("name", summary.reviewer());
      ObjectNode funnel = node.putObject("funnel");
      funnel.put("incidents", summary.funnel().incidents());
      funnel.put("fix_found", summary.funnel().fixFound());
      funnel.put("introducing_found", summary.funnel().introducingFound());
      funnel.put("rebuilt", summary.funnel().rebuilt());
      funnel.put("traceable", summary.funnel().traceable());
      funnel.put("not_applicable", summary.funnel().notApplicable());
      funnel.put("applicable", summary.funnel().applicable());
      funnel.put("reviewer_errors", summary.funnel().errors());
      funnel.put("stopped_by_budget", summary.funnel().stoppedByBudget());
      funnel.put("reviewed", summary.funnel().reviewed());
      funnel.put("caught_strict", summary.funnel().strictCaught());
      funnel.put("missed_strict", summary.funnel().strictMissed());
      if (result.judged()) {
        funnel.put("caught_judged", summary.funnel().judgedCaught());
        funnel.put("judge_errors", summary.funnel().judgeErrors());
        funnel.put("judge_stopped_by_budget", summary.funnel().judgeStopped());
      } else {
        funnel.putNull("caught_judged");
        funnel.putNull("judge_errors");
        funnel.putNull("judge_stopped_by_budget");
      }
      node.set("strict", rate(summary.strict()));
      node.set("judged", summary.judgedRate().map(RetroJson::rate).orElse(null));
      node.set("strict_by_severity", bySeverity(summary.strictBySeverity()));
      node.set(
          "judged_by_severity",
          result.judged() ? bySeverity(summary.judgedBySeverity()) : NODES.nullNode());
      ObjectNode control = node.putObject("controls");
      control.put("reviewed", summary.controls().reviewed());
      control.put("not_applicable", summary.controls().notApplicable());
      control.put("reviewer_errors", summary.controls().errors());
      control.put("stopped_by_budget", summary.controls().stoppedByBudget());
      control.put("findings", summary.controls().findings());
      control.put("flagged", summary.controls().flagged());
      control.set("findings_per_change", interval(summary.controls().perChange()));
      node.put("wall_seconds", summary.wallTime().toMillis() / 1000.0);
      if (summary.costReports() == 0) {
        node.putNull("cost_usd");
      } else {
        node.put("cost_usd", summary.costUsd());
      }
      node.set("model_calls", summary.modelCalls().map(RetroJson::calls).orElse(null));
    }
    ArrayNode incidents = root.putArray("incidents");
    for (IncidentResult incident : result.incidents()) {
      ObjectNode node = incidents.addObject();
      node.put("incident_id", incident.incident().id());
      node.put("severity", incident.incident().severity());
      node.put("source", incident.incident().source());
      node.put("stage", incident.stage().label());
      node.put("detail", incident.detail());
      ArrayNode fixes = node.putArray("fix_commits");
      incident.fixes().forEach(fixes::add);
      ArrayNode mergeFixes = node.putArray("merge_fixes");
      incident.mergeFixes().forEach(mergeFixes::add);
      node.put("introducing", incident.introducing().orElse(null));
      node.put("introducing_declared", incident.declared());
      node.put("pr_url", incident.incident().prUrl().orElse(null));
      node.put("base", incident.base().orElse(null));
      node.put("head", incident.head().orElse(null));
      ArrayNode lines = node.putArray("buggy_lines");
      for (LineRef line : incident.buggyLines()) {
        lines.addObject().put("file", line.path()).put("line", line.line());
      }
      ArrayNode reviews = node.putArray("reviews");
      for (ReviewResult review : incident.reviews()) {
        ObjectNode one = reviews.addObject();
        one.put("reviewer", review.reviewer());
        one.put("error", review.error().orElse(null));
        one.put("not_applicable", review.notApplicable().orElse(null));
        one.put("stopped_by_budget", review.stoppedByBudget().orElse(null));
        one.put(
            "counted",
            incident.stage() == RetroResult.Stage.REVIEWED
                && !incident.buggyLines().isEmpty()
                && review.notApplicable().isEmpty()
                && review.error().isEmpty()
                && review.stoppedByBudget().isEmpty());
        one.put("findings", review.findings());
        one.set("caught_strict_by", review.strictCatch().map(RetroJson::finding).orElse(null));
        one.set(
            "caught_judged_by",
            review
                .judgedCatch()
                .map(j -> {
                  ObjectNode judged = finding(j.finding());
                  judged.put("score", j.score());
                  judged.put("reason", j.reason());
                  return judged;
                })
                .orElse(null));
        one.put("judge_errors", review.judgeErrors());
        one.put("judge_stopped_by_budget", review.judgeStopped());
        one.put("wall_seconds", review.wallTime().toMillis() / 1000.0);
        one.put("cost_usd", review.costUsd().orElse(null));
        one.set("model_calls", review.modelCalls().map(RetroJson::calls).orElse(null));
      }
    }
    return root;
  }

  private static ObjectNode calls(ModelCalls calls) {
    ObjectNode node = NODES.objectNode();
    node.put("calls", calls.calls());
    node.put("cache_hits", calls.cacheHits());
    node.put("input_tokens", calls.inputTokens());
    node.put("output_tokens", calls.outputTokens());
    node.put("cost_usd", calls.costUsd());
    node.put("unknown_cost_calls", calls.unknownCostCalls());
    node.put("cost_avoided_usd", calls.costAvoidedUsd());
    return node;
  }

  private static ObjectNode finding(Finding finding) {
    ObjectNode node = NODES.objectNode();
    node.put("file", finding.file());
    node.put("start_line", finding.startLine());
    node.put("end_line", finding.endLine());
    node.put("message", finding.message());
    node.put("severity", finding.severity());
    return node;
  }

  private static ObjectNode rate(Rate rate) {
    ObjectNode node = NODES.objectNode();
    node.put("caught", rate.caught());
    node.put("reviewed", rate.reviewed());
    node.set("rate", interval(rate.interval()));
    return node;
  }

  private static ObjectNode bySeverity(SortedMap<String, Rate> rates) {
    ObjectNode node = NODES.objectNode();
    for (Map.Entry<String, Rate> entry : rates.entrySet()) {
      node.set(entry.getKey(), rate(entry.getValue()));
    }
    return node;
  }

  private static com.fasterxml.jackson.databind.JsonNode interval(
      Optional<Bootstrap.Interval> interval) {
    if (interval.isEmpty()) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    node.put("estimate", interval.get().estimate());
    node.put("low", interval.get().low());
    node.put("high", interval.get().high());
    node.put("level", interval.get().level());
    return node;
  }
}
