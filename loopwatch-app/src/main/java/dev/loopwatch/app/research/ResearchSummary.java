package dev.loopwatch.app.research;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a research run folder shows, as {@code research report} prints it and the store keeps it.
 * Sealed numbers come from {@code final.json}; a run not finalized yet has dev numbers only, and
 * {@link #sealed()} says which. Built by {@link RunFolder#summary}.
 *
 * @param runId the run's id: {@code TASK/STARTED_AT}, the same on every machine the folder is on
 * @param task the task id
 * @param folder the run folder, absolute
 * @param agentCommand the agents' command
 * @param state the run's state in run.json ({@code ended}, {@code running}, ...)
 * @param startedAt when the run started
 * @param endedAt when it ended, if it did
 * @param sealed whether the numbers are sealed-split scores ({@code research finalize} ran)
 * @param baselines the task's pre-registered baselines (mean accuracy over seeds)
 * @param scored every scored result (sealed) or dev group (not sealed), in time order
 * @param best the best of {@code scored} by mean PGR (the earliest on a tie), with its intervals
 * @param agents one row per agent, by name
 * @param flags every probe flag with its evidence, in time order
 * @param curve the best PGR so far at each scored result, against agent-hours and dollars spent
 * @param agentHours wall hours summed over agents
 * @param costUsd dollars summed over agents (from their transcripts)
 * @param human the human baseline to show as a reference line, if given
 * @param notScored results finalize could not score, each with why
 * @param bootstrap resamples behind {@link Best#bootstrapLow()} and {@link Best#bootstrapHigh()}
 * @param seed the bootstrap's seed
 * @param caveats what a reader must know next to the numbers, one sentence each
 */
public record ResearchSummary(
    String runId,
    String task,
    String folder,
    String agentCommand,
    String state,
    Instant startedAt,
    Optional<Instant> endedAt,
    boolean sealed,
    Baselines baselines,
    List<Scored> scored,
    Optional<Best> best,
    List<AgentRow> agents,
    List<Flag> flags,
    List<CurvePoint> curve,
    double agentHours,
    double costUsd,
    Optional<Human> human,
    List<String> notScored,
    int bootstrap,
    long seed,
    List<String> caveats) {
  /** Checks the fields and copies the lists. */
  public ResearchSummary {
    requireNonNull(runId, "runId is null");
    requireNonNull(task, "task is null");
    requireNonNull(folder, "folder is null");
    requireNonNull(agentCommand, "agentCommand is null");
    requireNonNull(state, "state is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(baselines, "baselines is null");
    scored = List.copyOf(scored);
    requireNonNull(best, "best is null");
    agents = List.copyOf(agents);
    flags = List.copyOf(flags);
    curve = List.copyOf(curve);
    requireNonNull(human, "human is null");
    notScored = List.copyOf(notScored);
    caveats = List.copyOf(caveats);
  }

  /** The split the numbers are on: {@code sealed} or {@code dev}. */
  public String split() {
    return sealed ? "sealed" : "dev";
  }

  /**
   * The task's pre-registered baselines: mean accuracy over the task's seeds; zero when unknown.
   *
   * @param weak the weak teacher
   * @param ceiling the strong model trained on true labels
   * @param naive the strong model trained on the weak labels
   */
  public record Baselines(double weak, double ceiling, double naive) {}

  /**
   * One scored result: a forum result scored on the sealed split, or (before finalize) the dev
   * submissions of one agent for one snapshot.
   *
   * @param id the result ({@code #3}) or, for dev, the agent and snapshot or first submission
   * @param agent who posted or submitted it
   * @param at when it was posted (sealed) or last submitted (dev)
   * @param title the result's title (empty for dev)
   * @param snapshot the snapshot commit, empty when none
   * @param pgr mean PGR over its seeds
   * @param accuracy mean transfer accuracy over its seeds, always shown next to the PGR
   * @param seedPgrs the PGR of each seed, in seed order
   * @param tLow lower end of the Student-t 95% interval over seeds, empty with one seed
   * @param tHigh upper end of that interval
   * @param flags probe flags its predictions raised
   */
  public record Scored(
      String id,
      String agent,
      Instant at,
      String title,
      String snapshot,
      double pgr,
      double accuracy,
      List<Double> seedPgrs,
      OptionalDouble tLow,
      OptionalDouble tHigh,
      int flags) {
    /** Checks the fields and copies the list. */
    public Scored {
      requireNonNull(id, "id is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(at, "at is null");
      requireNonNull(title, "title is null");
      requireNonNull(snapshot, "snapshot is null");
      seedPgrs = List.copyOf(seedPgrs);
      requireNonNull(tLow, "tLow is null");
      requireNonNull(tHigh, "tHigh is null");
    }

    /** How many seeds the numbers are over. */
    public int seeds() {
      return seedPgrs.size();
    }
  }

  /**
   * The best scored result with its 95% percentile-bootstrap interval over seeds.
   *
   * @param result the result
   * @param bootstrapLow lower end of the bootstrap interval of its mean PGR
   * @param bootstrapHigh upper end
   * @param among how many scored results it was chosen from
   */
  public record Best(Scored result, double bootstrapLow, double bootstrapHigh, int among) {
    /** Checks the fields. */
    public Best {
      requireNonNull(result, "result is null");
    }
  }

  /**
   * One agent's row.
   *
   * @param name the agent
   * @param status its status ({@code finished}, {@code crashed}, {@code stopped_by_budget}, ...)
   * @param reason the budget that stopped it or why it failed, empty otherwise
   * @param posts its forum posts
   * @param results its result posts
   * @param submissions its dev submissions
   * @param flags probe flags raised by its submissions
   * @param wallSeconds wall time over its attempts
   * @param cpuSeconds CPU time over its attempts
   * @param tokens tokens in its transcripts
   * @param costUsd dollars in its transcripts
   * @param costPerAgentHour dollars per wall hour, empty when it ran no time
   * @param bestPgr its best scored PGR on the report's split, empty when none
   */
  public record AgentRow(
      String name,
      String status,
      String reason,
      int posts,
      int results,
      int submissions,
      int flags,
      double wallSeconds,
      double cpuSeconds,
      long tokens,
      double costUsd,
      OptionalDouble costPerAgentHour,
      OptionalDouble bestPgr) {
    /** Checks the fields. */
    public AgentRow {
      requireNonNull(name, "name is null");
      requireNonNull(status, "status is null");
      requireNonNull(reason, "reason is null");
      requireNonNull(costPerAgentHour, "costPerAgentHour is null");
      requireNonNull(bestPgr, "bestPgr is null");
    }

    /** Wall hours. */
    public double agentHours() {
      return wallSeconds / 3600;
    }
  }

  /**
   * A probe flag from the scoring log.
   *
   * @param at when the flagged submission arrived
   * @param split {@code dev} or {@code sealed}
   * @param kind {@code few_flips}, {@code near_duplicate_burst}, {@code constant}, ...
   * @param agent the agent whose submission or result raised it
   * @param submission the submission's id ({@code s...} dev, {@code f...} sealed)
   * @param result the result a sealed submission scored, empty for dev
   * @param seed the seed
   * @param evidence the evidence as compact JSON
   */
  public record Flag(
      Instant at,
      String split,
      String kind,
      String agent,
      String submission,
      String result,
      long seed,
      String evidence) {
    /** Checks the fields. */
    public Flag {
      requireNonNull(at, "at is null");
      requireNonNull(split, "split is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(submission, "submission is null");
      requireNonNull(result, "result is null");
      requireNonNull(evidence, "evidence is null");
    }
  }

  /**
   * The best PGR so far when a scored result arrived.
   *
   * @param at when it arrived
   * @param agentHours agent wall hours spent by then, summed over agents
   * @param costUsd dollars spent by then, summed over agents
   * @param bestPgr the best mean PGR among results up to it
   * @param result the result that arrived
   */
  public record CurvePoint(
      Instant at, double agentHours, double costUsd, double bestPgr, String result) {
    /** Checks the fields. */
    public CurvePoint {
      requireNonNull(at, "at is null");
      requireNonNull(result, "result is null");
    }
  }

  /**
   * A human baseline drawn as a reference line.
   *
   * @param pgr the humans' PGR
   * @param source where the number comes from
   */
  public record Human(double pgr, String source) {
    /** Checks the fields. */
    public Human {
      requireNonNull(source, "source is null");
    }
  }
}
