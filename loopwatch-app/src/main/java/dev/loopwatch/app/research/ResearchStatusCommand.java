package dev.loopwatch.app.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.VerboseOption;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.run.Orchestrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch research status}: a run's agents, statuses, budget left and forum activity. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {"  loopwatch research status runs/r1", "  loopwatch research status runs/r1 --json"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Show a research run, live or ended.",
      "Each agent's status, attempts, what it used and the budget it has left, the best dev",
      "PGR so far and the forum's posts per kind, read from run.json, scoring.jsonl and",
      "forum.jsonl."
    })
public final class ResearchStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUNDIR", description = "The run folder.")
  Path folder;

  @Option(names = "--json", description = "Print run.json with a forum summary as JSON.")
  boolean json;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    Path runJson = Orchestrator.runJson(folder);
    if (!Files.isRegularFile(runJson)) {
      throw LoopwatchException.userInput(folder + " is not a research run folder (no run.json)");
    }
    JsonNode record;
    try {
      record = Json.mapper().readTree(runJson.toFile());
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + runJson + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode node = record.deepCopy();
      List<Post> posts = Forum.read(Orchestrator.forumLog(folder));
      ObjectNode forum = node.putObject("forum");
      forum.put("posts", posts.size());
      ObjectNode kinds = forum.putObject("byKind");
      byKind(posts).forEach(kinds::put);
      if (posts.isEmpty()) {
        forum.putNull("lastAt");
      } else {
        forum.put("lastAt", posts.getLast().at().toString());
      }
      java.util.Optional<ResearchSummary.Scored> best = RunFolder.bestDev(folder);
      if (best.isEmpty()) {
        node.putNull("bestDev");
      } else {
        ObjectNode dev = node.putObject("bestDev");
        dev.put("agent", best.get().agent());
        dev.put("pgr", best.get().pgr());
        dev.put("transferAccuracy", best.get().accuracy());
        dev.put("seeds", best.get().seedPgrs().size());
        dev.put("snapshot", best.get().snapshot());
        dev.put("at", best.get().at().toString());
      }
      Json.print(node, out);
    } else {
      print(record, folder.toAbsolutePath().normalize(), out);
    }
    return 0;
  }

  private static Map<String, Long> byKind(List<Post> posts) {
    Map<String, Long> kinds = new TreeMap<>();
    posts.forEach(post -> kinds.merge(post.kind().wire(), 1L, Long::sum));
    return kinds;
  }

  /** Prints a run.json as text: a header, one line per agent, the forum's activity. */
  static void print(JsonNode record, Path folder, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "run %s: task %s, %s, started %s%s%n",
        folder,
        record.path("task").asText(),
        record.path("state").asText(),
        record.path("startedAt").asText(),
        record.hasNonNull("endedAt") ? ", ended " + record.path("endedAt").asText() : "");
    out.println("network: " + record.path("sandbox").path("network").asText("?"));
    out.println("scoring: " + record.path("scoring").asText("?"));
    if (record.path("directions").path("reused").asBoolean()) {
      out.println("directions: " + record.path("directions").path("note").asText());
    }
    if (record.hasNonNull("error")) {
      out.println("error: " + record.path("error").asText());
    }
    JsonNode budget = record.path("budgets").path("agent");
    out.printf(
        Locale.ROOT,
        "%-5s %-18s %8s %9s %8s %6s %9s %8s %6s  %s%n",
        "agent",
        "status",
        "attempts",
        "wall s",
        "cpu s",
        "subs",
        "tokens",
        "cost $",
        "posts",
        "budget left / reason");
    for (JsonNode agent : record.path("agentStatuses")) {
      JsonNode spent = agent.path("spent");
      String left =
          agent.hasNonNull("stopReason")
              ? "stopped: " + agent.path("stopReason").asText()
              : agent.hasNonNull("failure")
                  ? "failed: " + agent.path("failure").asText()
                  : left(budget, spent);
      out.printf(
          Locale.ROOT,
          "%-5s %-18s %8d %9.1f %8.1f %6d %9d %8.2f %6d  %s%n",
          agent.path("name").asText(),
          agent.path("status").asText(),
          agent.path("attempts").size(),
          spent.path("wallSeconds").asDouble(),
          spent.path("cpuSeconds").asDouble(),
          spent.path("submissions").asLong(),
          spent.path("tokens").asLong(),
          spent.path("costUsd").asDouble(),
          agent.path("posts").asLong(),
          left);
    }
    runLeft(record).ifPresent(left -> out.println("run budget left: " + left));
    out.println(
        RunFolder.bestDev(folder)
            .map(best ->
                String.format(
                    Locale.ROOT,
                    "best dev PGR so far: %.3f (transfer accuracy %.4f; %s, %d %s%s; dev split,"
                        + " not the sealed score)",
                    best.pgr(),
                    best.accuracy(),
                    best.agent(),
                    best.seedPgrs().size(),
                    best.seedPgrs().size() == 1 ? "seed" : "seeds",
                    best.snapshot().isEmpty()
                        ? ""
                        : ", snapshot " + ReportText.abbreviate(best.snapshot())))
            .orElse("best dev PGR so far: none (no dev submission yet)"));
    List<Post> posts = Forum.read(folder.resolve("forum.jsonl"));
    List<String> kinds = new ArrayList<>();
    byKind(posts).forEach((kind, count) -> kinds.add(count + " " + kind));
    out.println(
        "forum: "
            + posts.size()
            + (posts.size() == 1 ? " post" : " posts")
            + (kinds.isEmpty() ? "" : " (" + String.join(", ", kinds) + ")")
            + (posts.isEmpty() ? "" : ", last " + posts.getLast().at()));
  }

  /**
   * What the run's own budget has left: its wall from startedAt to endedAt (or now), the rest
   * summed over agents; empty when the run has no budget.
   */
  private static java.util.Optional<String> runLeft(JsonNode record) {
    JsonNode budget = record.path("budgets").path("run");
    ObjectNode spent = Json.mapper().createObjectNode();
    double cpu = 0;
    double cost = 0;
    long tokens = 0;
    long submissions = 0;
    for (JsonNode agent : record.path("agentStatuses")) {
      cpu += agent.path("spent").path("cpuSeconds").asDouble();
      cost += agent.path("spent").path("costUsd").asDouble();
      tokens += agent.path("spent").path("tokens").asLong();
      submissions += agent.path("spent").path("submissions").asLong();
    }
    java.time.Instant start = java.time.Instant.parse(record.path("startedAt").asText());
    java.time.Instant end =
        record.hasNonNull("endedAt")
            ? java.time.Instant.parse(record.path("endedAt").asText())
            : java.time.Instant.now();
    spent.put("wallSeconds", java.time.Duration.between(start, end).toMillis() / 1000.0);
    spent.put("cpuSeconds", cpu);
    spent.put("costUsd", cost);
    spent.put("tokens", tokens);
    spent.put("submissions", submissions);
    String left = left(budget, spent);
    return left.equals("no budget") ? java.util.Optional.empty() : java.util.Optional.of(left);
  }

  private static String left(JsonNode budget, JsonNode spent) {
    List<String> parts = new ArrayList<>();
    addLeft(parts, "wall %.1f s", budget.path("wallSeconds"), spent.path("wallSeconds"));
    addLeft(parts, "cpu %.1f s", budget.path("cpuSeconds"), spent.path("cpuSeconds"));
    addLeft(parts, "%.0f submissions", budget.path("submissions"), spent.path("submissions"));
    addLeft(parts, "%.0f tokens", budget.path("tokens"), spent.path("tokens"));
    addLeft(parts, "$%.2f", budget.path("costUsd"), spent.path("costUsd"));
    return parts.isEmpty() ? "no budget" : String.join(", ", parts);
  }

  private static void addLeft(List<String> parts, String format, JsonNode limit, JsonNode used) {
    if (limit.isNumber()) {
      parts.add(
          String.format(Locale.ROOT, format, Math.max(0, limit.asDouble() - used.asDouble())));
    }
  }
}
