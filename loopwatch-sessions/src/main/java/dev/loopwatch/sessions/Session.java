package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One agent session (a main session or a subagent's sidechain), normalised.
 *
 * @param agent the canonical agent id, such as {@code claude-code} or {@code codex}
 * @param id the session id (for subagents, the agent id)
 * @param files the transcript files it was read from
 * @param cwd the working directory, when recorded
 * @param gitBranch the git branch, when recorded
 * @param cliVersion the agent CLI version (the first one seen), when recorded
 * @param start the time of the first event, when there is one
 * @param end the time of the last event, when there is one; empty when the transcript records no
 *     per-event times (Aider), so wall-clock numbers are not invented for it
 * @param models the models seen, sorted
 * @param parentId the session or subagent that delegated to this one; empty for main sessions
 * @param depth 0 for a main session, 1 for its subagents, 2 for theirs
 * @param turns the turns in order
 * @param interventions the interventions found, in order
 */
public record Session(
    String agent,
    String id,
    List<Path> files,
    Optional<String> cwd,
    Optional<String> gitBranch,
    Optional<String> cliVersion,
    Optional<Instant> start,
    Optional<Instant> end,
    List<String> models,
    Optional<String> parentId,
    int depth,
    List<Turn> turns,
    List<Intervention> interventions) {

  /** Checks for nulls and copies the lists. */
  public Session {
    requireNonNull(agent, "agent is null");
    requireNonNull(id, "id is null");
    files = List.copyOf(files);
    requireNonNull(cwd, "cwd is null");
    requireNonNull(gitBranch, "gitBranch is null");
    requireNonNull(cliVersion, "cliVersion is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    models = List.copyOf(models);
    requireNonNull(parentId, "parentId is null");
    turns = List.copyOf(turns);
    interventions = List.copyOf(interventions);
    if (depth < 0) {
      throw new IllegalArgumentException("depth is negative: " + depth);
    }
    if (parentId.isPresent() != (depth > 0)) {
      throw new IllegalArgumentException("depth " + depth + " does not match parent " + parentId);
    }
  }

  /**
   * Assembles a session from its events in order: splits them into turns, takes start, end and
   * models from the turns and finds the tier-1 interventions. Empty strings stand for absent
   * context fields.
   *
   * @param agent the canonical agent id
   * @param id the session id
   * @param files the transcript files
   * @param cwd the working directory, or empty
   * @param gitBranch the git branch, or empty
   * @param cliVersion the CLI version, or empty
   * @param parentId the delegating session, or empty for a main session
   * @param depth 0 for a main session, else the nesting depth
   * @param events the events in order
   */
  public static Session assemble(
      String agent,
      String id,
      List<Path> files,
      String cwd,
      String gitBranch,
      String cliVersion,
      String parentId,
      int depth,
      List<Event> events) {
    List<Turn> turns = Turn.split(events);
    TreeSet<String> models = new TreeSet<>();
    Instant start = null;
    Instant end = null;
    for (Turn turn : turns) {
      models.addAll(turn.models());
      start = start == null || turn.start().isBefore(start) ? turn.start() : start;
      end = end == null || turn.end().isAfter(end) ? turn.end() : end;
    }
    return new Session(
        agent,
        id,
        files,
        present(cwd),
        present(gitBranch),
        present(cliVersion),
        Optional.ofNullable(start),
        Optional.ofNullable(end),
        List.copyOf(models),
        present(parentId),
        depth,
        turns,
        Interventions.tier1(id, turns));
  }

  private static Optional<String> present(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** Returns whether this is a subagent (sidechain) session. */
  public boolean subagent() {
    return parentId.isPresent();
  }

  /** Returns all events of all turns, in order. */
  public List<Event> events() {
    return turns.stream().flatMap(turn -> turn.events().stream()).toList();
  }

  /** Returns the tokens of this session's own assistant messages (not its subagents'). */
  public Usage usage() {
    Usage sum = Usage.ZERO;
    for (Turn turn : turns) {
      for (Event event : turn.events()) {
        if (event instanceof Event.TokenUsage tokens) {
          sum = sum.plus(tokens.usage());
        }
      }
    }
    return sum;
  }
}
