package dev.loopwatch.sessions.detour;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.detour.DetourPoint;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Intervention;
import dev.loopwatch.sessions.InterventionKind;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Task;
import dev.loopwatch.sessions.Tasks;
import dev.loopwatch.sessions.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the detour points of a session: the places where the human stepped in and then gave a new
 * instruction.
 *
 * <p><b>Rules.</b> Only main sessions are read (a subagent takes no instructions from the human). A
 * trigger is a tier-1 {@code steer} or {@code interrupt} or a tier-1 or tier-2 {@code correct} (see
 * {@link Interventions}); take-overs, rejections and policy denials are not detours of the
 * conversation and are left out. The instruction that follows a trigger is the trigger itself when
 * it is a prompt (a steer typed while the agent worked, a follow-up prompt worded as a correction),
 * else the next human or queued prompt of the session (after an interrupt, a rollback or a rewind).
 * A trigger with no later prompt, or whose next prompt comes after a {@code /clear}, {@code /new}
 * or {@code /reset} (a new task, not a reply), gives no point. Several triggers leading to the same
 * instruction (an interrupt and the correction typed after it) make one point, cut at the earliest.
 *
 * <p><b>Context and outcome.</b> {@code before} holds every step of the session before the earliest
 * trigger; {@code after} holds the steps after the instruction up to the end of the task it belongs
 * to (see {@link Tasks}), and the task's outcome label comes with it. Reasoning blocks, token
 * counts and bookkeeping lines are left out; slash commands, shell commands the human ran, files
 * changed outside the agent, rewinds, rollbacks and compactions are kept as notes.
 */
public final class DetourPoints {

  private static final Set<String> NOTE_KINDS =
      Set.of("command", "bash-input", "external-edit", "rollback", "rewind");

  private DetourPoints() {}

  /** Returns the detour points of {@code session}, in the order of their instructions. */
  public static List<DetourPoint> of(Session session) {
    requireNonNull(session, "session is null");
    if (session.subagent()) {
      return List.of();
    }
    List<Event> events = new ArrayList<>();
    List<Integer> turnOf = new ArrayList<>();
    int[] turnStart = new int[session.turns().size() + 1];
    for (Turn turn : session.turns()) {
      turnStart[turn.index()] = events.size();
      for (Event event : turn.events()) {
        events.add(event);
        turnOf.add(turn.index());
      }
    }
    turnStart[session.turns().size()] = events.size();
    List<Intervention> triggers = new ArrayList<>();
    for (Intervention found : session.interventions()) {
      if (found.kind() == InterventionKind.STEER
          || found.kind() == InterventionKind.INTERRUPT
          || found.kind() == InterventionKind.CORRECT) {
        triggers.add(found);
      }
    }
    for (Intervention found : Interventions.tier2(session.id(), session.turns())) {
      if (found.kind() == InterventionKind.CORRECT) {
        triggers.add(found);
      }
    }
    BitSet used = new BitSet();
    Map<Integer, List<Located>> byInstruction = new TreeMap<>();
    for (Intervention trigger : triggers) {
      int at = locate(events, turnStart, trigger, used);
      if (at < 0) {
        continue;
      }
      used.set(at);
      int instruction = instructionAfter(events, at);
      if (instruction >= 0) {
        byInstruction
            .computeIfAbsent(instruction, key -> new ArrayList<>())
            .add(new Located(at, trigger));
      }
    }
    List<Task> tasks = Tasks.of(session);
    List<DetourPoint> points = new ArrayList<>();
    for (Map.Entry<Integer, List<Located>> entry : byInstruction.entrySet()) {
      int instruction = entry.getKey();
      List<Located> located = new ArrayList<>(entry.getValue());
      located.sort((a, b) -> Integer.compare(a.position(), b.position()));
      int cut = located.getFirst().position();
      Optional<Task> task = taskOf(tasks, turnOf.get(instruction));
      int taskEnd = task.map(found -> turnStart[found.lastTurn() + 1]).orElse(events.size());
      int end = instruction + 1;
      while (end < taskEnd && !Interventions.isReset(events.get(end))) {
        end++;
      }
      Event given = events.get(instruction);
      points.add(
          new DetourPoint(
              session.agent(),
              session.id(),
              instruction,
              given.at(),
              located.stream()
                  .map(found ->
                      new Trigger(
                          found.intervention().kind().id(),
                          found.intervention().tier().number(),
                          found.intervention().evidence()))
                  .toList(),
              steps(events.subList(0, cut)),
              promptText(given),
              steps(events.subList(instruction + 1, end)),
              task.map(found -> found.outcome().id()),
              task.map(Task::evidence)));
    }
    return List.copyOf(points);
  }

  private record Located(int position, Intervention intervention) {}

  /** The index of the event that shows {@code trigger}, or -1. */
  private static int locate(
      List<Event> events, int[] turnStart, Intervention trigger, BitSet used) {
    int turn = trigger.turnIndex();
    if (turn + 1 >= turnStart.length) {
      return -1;
    }
    for (int i = turnStart[turn]; i < turnStart[turn + 1]; i++) {
      if (!used.get(i) && shows(events.get(i), trigger)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean shows(Event event, Intervention trigger) {
    if (!event.at().equals(trigger.at())) {
      return false;
    }
    String evidence = trigger.evidence();
    return switch (trigger.kind()) {
      case STEER -> event instanceof Event.QueuedPrompt queued && queued.text().equals(evidence);
      case INTERRUPT ->
          event instanceof Event.Interruption interruption
              && interruption.marker().equals(evidence);
      case CORRECT ->
          (event instanceof Event.HumanPrompt prompt && evidence.endsWith("\": " + prompt.text()))
              || (event instanceof Event.Meta meta
                  && evidence.equals(meta.kind() + ": " + meta.text()));
      case TAKE_OVER, REJECT, POLICY_DENIAL -> false;
    };
  }

  /** The index of the instruction that answers the trigger at {@code at}, or -1. */
  private static int instructionAfter(List<Event> events, int at) {
    if (isPrompt(events.get(at))) {
      return at;
    }
    for (int i = at + 1; i < events.size(); i++) {
      Event event = events.get(i);
      if (isPrompt(event)) {
        return i;
      }
      if (Interventions.isReset(event)) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isPrompt(Event event) {
    return event instanceof Event.HumanPrompt || event instanceof Event.QueuedPrompt;
  }

  private static String promptText(Event event) {
    return switch (event) {
      case Event.HumanPrompt prompt -> prompt.text();
      case Event.QueuedPrompt queued -> queued.text();
      default -> throw new IllegalStateException("not a prompt: " + event);
    };
  }

  private static Optional<Task> taskOf(List<Task> tasks, int turn) {
    for (Task task : tasks) {
      if (turn >= task.firstTurn() && turn <= task.lastTurn()) {
        return Optional.of(task);
      }
    }
    return Optional.empty();
  }

  /** The readable steps of {@code events}, in order. */
  static List<Step> steps(List<Event> events) {
    List<Step> steps = new ArrayList<>();
    for (Event event : events) {
      Optional<Instant> at =
          event.at().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(event.at());
      Step step =
          switch (event) {
            case Event.HumanPrompt prompt -> new Step(Step.Role.USER, at, prompt.text());
            case Event.QueuedPrompt queued -> new Step(Step.Role.USER, at, queued.text());
            case Event.DelegatedPrompt delegated ->
                new Step(Step.Role.NOTE, at, "delegated: " + delegated.text());
            case Event.AssistantText text -> new Step(Step.Role.ASSISTANT, at, text.text());
            case Event.ToolCall call ->
                new Step(Step.Role.TOOL_CALL, at, call.name() + ": " + call.inputSummary());
            case Event.ToolResult result ->
                new Step(
                    Step.Role.TOOL_RESULT,
                    at,
                    result.status().name().toLowerCase(java.util.Locale.ROOT)
                        + ": "
                        + result.text());
            case Event.Interruption interruption ->
                new Step(Step.Role.INTERRUPT, at, interruption.marker());
            case Event.Compaction compaction -> new Step(Step.Role.NOTE, at, "context compacted");
            case Event.Meta meta ->
                NOTE_KINDS.contains(meta.kind())
                    ? new Step(Step.Role.NOTE, at, meta.kind() + ": " + meta.text())
                    : null;
            case Event.Reasoning reasoning -> null;
            case Event.TokenUsage usage -> null;
          };
      if (step != null) {
        steps.add(step);
      }
    }
    return List.copyOf(steps);
  }
}
