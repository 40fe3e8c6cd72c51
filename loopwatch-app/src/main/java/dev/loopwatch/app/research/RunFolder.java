package dev.loopwatch.app.research;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.research.ResearchSummary.AgentRow;
import dev.loopwatch.app.research.ResearchSummary.Baselines;
import dev.loopwatch.app.research.ResearchSummary.Best;
import dev.loopwatch.app.research.ResearchSummary.CurvePoint;
import dev.loopwatch.app.research.ResearchSummary.Flag;
import dev.loopwatch.app.research.ResearchSummary.Human;
import dev.loopwatch.app.research.ResearchSummary.Scored;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.forum.PostKind;
import dev.loopwatch.research.run.Orchestrator;
import dev.loopwatch.research.scoring.Finalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reads a research run folder ({@code run.json}, {@code forum.jsonl}, {@code scoring.jsonl} and,
 * once finalized, {@code final.json}) into a {@link ResearchSummary}.
 *
 * <p>Agent-hours and dollars at a result's time are interpolated, since the run folder records each
 * agent's totals, not when it spent them: the agents are taken to start together, when the
 * longest-running one must have started to end with the run (the run's own start includes preparing
 * the task), each to run for its recorded wall time (its attempts back to back) and to spend its
 * dollars evenly over it. The summary says so in its caveats.
 */
final class RunFolder {
  /** Fewer seeds than this and a number is mostly noise (the forum's own minimum for a result). */
  static final int MIN_SEEDS = Forum.MIN_SEEDS;

  private RunFolder() {}

  /**
   * The summary of the run in {@code folder}.
   *
   * @param folder the run folder
   * @param bootstrap resamples of the seeds behind the best result's interval
   * @param seed the bootstrap's seed
   * @param human the human baseline to show, if any
   * @throws LoopwatchException (user input) when the folder is not a run folder or a file in it
   *     cannot be read
   */
  static ResearchSummary summary(Path folder, int bootstrap, long seed, Optional<Human> human) {
    requireNonNull(folder, "folder is null");
    requireNonNull(human, "human is null");
    Path runJson = Orchestrator.runJson(folder);
    if (!Files.isRegularFile(runJson)) {
      throw LoopwatchException.userInput(folder + " is not a research run folder (no run.json)");
    }
    JsonNode run = readJson(runJson);
    String task = run.path("task").asText("");
    Instant startedAt = instant(run.path("startedAt"), runJson, "startedAt");
    Optional<Instant> endedAt =
        run.path("endedAt").isTextual()
            ? Optional.of(instant(run.path("endedAt"), runJson, "endedAt"))
            : Optional.empty();
    List<Post> posts = Forum.read(Orchestrator.forumLog(folder));
    List<JsonNode> decisions = lines(folder.resolve("scoring.jsonl"));
    Path finalJson = folder.resolve(Finalization.FILE);
    boolean sealed = Files.isRegularFile(finalJson);

    Baselines baselines = baselines(decisions);
    Map<String, String> resultOfSubmission = new LinkedHashMap<>();
    for (JsonNode entry : decisions) {
      if (entry.path("event").asText().equals("final")) {
        resultOfSubmission.put(entry.path("submission").asText(), entry.path("result").asText(""));
      }
    }
    List<Flag> flags = flags(decisions, resultOfSubmission, runJson);
    List<Scored> scored = new ArrayList<>();
    List<String> notScored = new ArrayList<>();
    if (sealed) {
      JsonNode outcome = readJson(finalJson);
      scored.addAll(sealedResults(outcome, posts, finalJson));
      outcome.path("unscored").forEach(line -> notScored.add(line.asText()));
    } else {
      scored.addAll(devGroups(decisions, runJson));
    }
    scored.sort(Comparator.comparing(Scored::at).thenComparing(Scored::id));

    Map<String, Agent> agents = agents(run);
    List<CurvePoint> curve =
        curve(scored, agents.values(), agentsStart(startedAt, endedAt, agents));
    Optional<Best> best = best(scored, bootstrap, seed);
    List<AgentRow> rows = rows(agents, posts, flags, scored);
    double agentHours = agents.values().stream().mapToDouble(Agent::wallSeconds).sum() / 3600;
    double costUsd = agents.values().stream().mapToDouble(Agent::costUsd).sum();
    long tokens = agents.values().stream().mapToLong(Agent::tokens).sum();
    List<String> caveats =
        caveats(
            run.path("state").asText(""),
            sealed,
            best,
            bootstrap,
            tokens > 0 || costUsd > 0,
            notScored.size());
    return new ResearchSummary(
        task + "/" + startedAt,
        task,
        folder.toAbsolutePath().normalize().toString(),
        run.path("agentCommand").asText(""),
        run.path("state").asText(""),
        startedAt,
        endedAt,
        sealed,
        baselines,
        scored,
        best,
        rows,
        flags,
        curve,
        agentHours,
        costUsd,
        human,
        notScored,
        bootstrap,
        seed,
        caveats);
  }

  /** One agent's totals from run.json. */
  private record Agent(
      String name,
      String status,
      String reason,
      double wallSeconds,
      double cpuSeconds,
      int submissions,
      long tokens,
      double costUsd) {}

  private static Map<String, Agent> agents(JsonNode run) {
    Map<String, Agent> agents = new TreeMap<>(RunFolder::byAgentName);
    for (JsonNode node : run.path("agentStatuses")) {
      JsonNode spent = node.path("spent");
      String reason =
          node.path("stopReason").isTextual()
              ? node.path("stopReason").asText()
              : node.path("failure").asText("");
      String name = node.path("name").asText();
      agents.put(
          name,
          new Agent(
              name,
              node.path("status").asText(""),
              reason.equals("null") ? "" : reason,
              spent.path("wallSeconds").asDouble(0),
              spent.path("cpuSeconds").asDouble(0),
              spent.path("submissions").asInt(0),
              spent.path("tokens").asLong(0),
              spent.path("costUsd").asDouble(0)));
    }
    return agents;
  }

  /** Agent names in number order ({@code a2} before {@code a10}), then as text. */
  static int byAgentName(String a, String b) {
    if (a.matches("a\\d{1,9}") && b.matches("a\\d{1,9}")) {
      return Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1)));
    }
    return a.compareTo(b);
  }

  private static Baselines baselines(List<JsonNode> decisions) {
    for (JsonNode entry : decisions) {
      if (entry.path("event").asText().equals("started")) {
        return new Baselines(
            entry.path("weak_acc").asDouble(0),
            entry.path("ceiling_acc").asDouble(0),
            entry.path("naive_acc").asDouble(0));
      }
    }
    return new Baselines(0, 0, 0);
  }

  private static List<Flag> flags(
      List<JsonNode> decisions, Map<String, String> resultOfSubmission, Path runJson) {
    List<Flag> flags = new ArrayList<>();
    for (JsonNode entry : decisions) {
      if (!entry.path("event").asText().equals("flag")) {
        continue;
      }
      String submission = entry.path("submission").asText("");
      String result = resultOfSubmission.getOrDefault(submission, "");
      flags.add(
          new Flag(
              instant(entry.path("time"), runJson.resolveSibling("scoring.jsonl"), "time"),
              submission.startsWith("f") ? "sealed" : "dev",
              entry.path("kind").asText(""),
              entry.path("agent").asText(""),
              submission,
              result,
              entry.path("seed").asLong(),
              entry.path("evidence").toString()));
    }
    flags.sort(Comparator.comparing(Flag::at).thenComparing(Flag::submission));
    return flags;
  }

  private static List<Scored> sealedResults(JsonNode outcome, List<Post> posts, Path file) {
    Map<String, Post> bySequence = new LinkedHashMap<>();
    posts.forEach(p -> bySequence.put("#" + p.sequence(), p));
    List<Scored> scored = new ArrayList<>();
    for (JsonNode score : outcome.path("scores")) {
      String result = score.path("result").asText();
      Post post = bySequence.get(result);
      if (post == null) {
        throw LoopwatchException.userInput(
            file + ": result " + result + " is not a post in forum.jsonl");
      }
      List<Double> seedPgrs = new ArrayList<>();
      score.path("seeds").forEach(s -> seedPgrs.add(s.path("pgr").asDouble()));
      boolean interval = seedPgrs.size() > 1;
      scored.add(
          new Scored(
              result,
              score.path("agent").asText(),
              post.at(),
              post.title(),
              score.path("snapshot").asText(""),
              score.path("meanPgr").asDouble(),
              score.path("meanAccuracy").asDouble(),
              seedPgrs,
              interval
                  ? OptionalDouble.of(score.path("pgrCiLow").asDouble())
                  : OptionalDouble.empty(),
              interval
                  ? OptionalDouble.of(score.path("pgrCiHigh").asDouble())
                  : OptionalDouble.empty(),
              score.path("flags").size()));
    }
    return scored;
  }

  /**
   * Before finalize: an agent's dev submissions grouped by the snapshot they name (or each on its
   * own without one), the latest submission per seed.
   */
  private static List<Scored> devGroups(List<JsonNode> decisions, Path runJson) {
    record Key(String agent, String group, boolean snapshot) {}
    Map<Key, TreeMap<Long, JsonNode>> groups = new LinkedHashMap<>();
    Path log = runJson.resolveSibling("scoring.jsonl");
    for (JsonNode entry : decisions) {
      if (!entry.path("event").asText().equals("dev")) {
        continue;
      }
      String snapshot = entry.path("snapshot").asText("");
      Key key =
          new Key(
              entry.path("agent").asText(),
              snapshot.isEmpty() ? entry.path("submission").asText() : snapshot,
              !snapshot.isEmpty());
      groups.computeIfAbsent(key, k -> new TreeMap<>()).put(entry.path("seed").asLong(), entry);
    }
    List<Scored> scored = new ArrayList<>();
    groups.forEach((key, bySeed) -> {
      List<Double> pgrs = new ArrayList<>();
      double accuracy = 0;
      Instant last = Instant.MIN;
      for (JsonNode entry : bySeed.values()) {
        pgrs.add(entry.path("pgr").asDouble());
        accuracy += entry.path("transfer_acc").asDouble();
        Instant at = instant(entry.path("time"), log, "time");
        last = at.isAfter(last) ? at : last;
      }
      String snapshot = key.snapshot() ? key.group() : "";
      scored.add(
          new Scored(
              key.agent() + " dev " + ReportText.abbreviate(key.group()),
              key.agent(),
              last,
              "",
              snapshot,
              mean(pgrs),
              accuracy / pgrs.size(),
              pgrs,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              0));
    });
    return scored;
  }

  /**
   * The dev group (an agent's submissions under one snapshot, latest per seed) with the highest
   * mean PGR so far, the earliest on a tie; empty before any dev submission. For a live status: dev
   * numbers are what agents optimise against, never the sealed score.
   */
  static Optional<Scored> bestDev(Path folder) {
    List<JsonNode> decisions = lines(folder.resolve("scoring.jsonl"));
    Scored best = null;
    for (Scored group : devGroups(decisions, Orchestrator.runJson(folder))) {
      if (!group.seedPgrs().isEmpty() && (best == null || group.pgr() > best.pgr())) {
        best = group;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<Best> best(List<Scored> scored, int bootstrap, long seed) {
    // The highest mean PGR; on a tie the earliest, as scored is in time order.
    Scored chosen = null;
    for (Scored s : scored) {
      if (!s.seedPgrs().isEmpty() && (chosen == null || s.pgr() > chosen.pgr())) {
        chosen = s;
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    double[] values = chosen.seedPgrs().stream().mapToDouble(Double::doubleValue).toArray();
    double[] ones = new double[values.length];
    Arrays.fill(ones, 1);
    Bootstrap.Interval interval = Bootstrap.ratioOfSums(values, ones, 0.95, bootstrap, seed);
    return Optional.of(new Best(chosen, interval.low(), interval.high(), scored.size()));
  }

  /**
   * When the agents started, as far as the folder tells: the run's start includes preparing the
   * task, so an ended run is taken to have started its agents when its longest-running agent must
   * have, counting back from the run's end.
   */
  private static Instant agentsStart(
      Instant startedAt, Optional<Instant> endedAt, Map<String, Agent> agents) {
    double longest = agents.values().stream().mapToDouble(Agent::wallSeconds).max().orElse(0);
    return endedAt
        .map(end -> end.minusNanos((long) (longest * 1e9)))
        .filter(start -> start.isAfter(startedAt))
        .orElse(startedAt);
  }

  private static List<CurvePoint> curve(
      List<Scored> scored, Collection<Agent> agents, Instant startedAt) {
    List<CurvePoint> curve = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (Scored s : scored) {
      best = Math.max(best, s.pgr());
      double elapsed = Math.max(0, Duration.between(startedAt, s.at()).toNanos() / 1e9);
      double seconds = 0;
      double dollars = 0;
      for (Agent agent : agents) {
        double ran = Math.min(elapsed, agent.wallSeconds());
        seconds += ran;
        dollars += agent.wallSeconds() > 0 ? agent.costUsd() * ran / agent.wallSeconds() : 0;
      }
      curve.add(new CurvePoint(s.at(), seconds / 3600, dollars, best, s.id()));
    }
    return curve;
  }

  private static List<AgentRow> rows(
      Map<String, Agent> agents, List<Post> posts, List<Flag> flags, List<Scored> scored) {
    List<AgentRow> rows = new ArrayList<>();
    for (Agent agent : agents.values()) {
      String name = agent.name();
      int postCount = (int) posts.stream().filter(p -> p.agent().equals(name)).count();
      int results =
          (int)
              posts.stream()
                  .filter(p -> p.agent().equals(name) && p.kind() == PostKind.RESULT)
                  .count();
      int flagCount = (int) flags.stream().filter(f -> f.agent().equals(name)).count();
      OptionalDouble best =
          scored.stream().filter(s -> s.agent().equals(name)).mapToDouble(Scored::pgr).max();
      double hours = agent.wallSeconds() / 3600;
      rows.add(
          new AgentRow(
              name,
              agent.status(),
              agent.reason(),
              postCount,
              results,
              agent.submissions(),
              flagCount,
              agent.wallSeconds(),
              agent.cpuSeconds(),
              agent.tokens(),
              agent.costUsd(),
              hours > 0 ? OptionalDouble.of(agent.costUsd() / hours) : OptionalDouble.empty(),
              best));
    }
    return rows;
  }

  private static List<String> caveats(
      String state,
      boolean sealed,
      Optional<Best> best,
      int bootstrap,
      boolean spendRecorded,
      int notScored) {
    List<String> caveats = new ArrayList<>();
    if (!sealed) {
      caveats.add(
          "not finalized: DEV numbers only, on the dev split the agents scored against and could"
              + " tune on; run 'loopwatch research finalize' for sealed scores");
    }
    if (!state.equals("ended")) {
      caveats.add("the run's state is '" + state + "', not ended: the numbers are so far");
    }
    best.ifPresent(b -> {
      if (b.result().seeds() < MIN_SEEDS) {
        caveats.add(
            String.format(
                Locale.ROOT,
                "the best number is over %d seed%s, fewer than %d: noise dominates (seed s.d. of"
                    + " PGR is about 0.2 on w2s-spam)",
                b.result().seeds(),
                b.result().seeds() == 1 ? "" : "s",
                MIN_SEEDS));
      }
      if (b.among() > 1) {
        caveats.add(
            "the best of "
                + b.among()
                + " results is chosen on the split it is scored on: the maximum is biased upward");
      }
      if (b.result().seeds() > 1) {
        caveats.add(
            String.format(
                Locale.ROOT,
                "the bootstrap interval resamples %d seeds (%d resamples); with so few seeds it is"
                    + " narrower than the Student-t interval, which is shown too",
                b.result().seeds(),
                bootstrap));
      }
    });
    if (spendRecorded) {
      caveats.add(
          "tokens and dollars are read from the agents' own transcripts, which the agents can"
              + " write: enough to stop a runaway agent, not an audit");
    } else {
      caveats.add(
          "no agent recorded tokens or dollars (scripted agents, or no transcripts in their HOME):"
              + " the dollar axis is flat at $0");
    }
    caveats.add(
        "agent-hours and dollars at a result's time are interpolated: the agents are taken to start"
            + " together (the longest-running one ending with the run) and to spend evenly over"
            + " their recorded wall time");
    if (notScored > 0) {
      caveats.add(notScored + " result(s) could not be scored on the sealed split (listed)");
    }
    return caveats;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static Instant instant(JsonNode node, Path file, String field) {
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw LoopwatchException.userInput(
          file + ": '" + field + "' is not a time: '" + node.asText() + "'");
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static List<JsonNode> lines(Path file) {
    List<JsonNode> nodes = new ArrayList<>();
    if (!Files.exists(file)) {
      return nodes;
    }
    List<String> text;
    try {
      text = Files.readAllLines(file);
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
    for (int i = 0; i < text.size(); i++) {
      if (!text.get(i).isBlank()) {
        try {
          nodes.add(Json.mapper().readTree(text.get(i)));
        } catch (IOException e) {
          throw LoopwatchException.userInput(file + ":" + (i + 1) + ": not JSON");
        }
      }
    }
    return nodes;
  }
}
