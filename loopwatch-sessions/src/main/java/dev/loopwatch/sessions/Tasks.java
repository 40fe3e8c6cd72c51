package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits sessions into tasks and labels each task's outcome from hard evidence in the transcript.
 *
 * <p><b>Tasks.</b> Only main sessions have tasks (a subagent's work belongs to its parent's task).
 * A session's first human prompt starts a task, and so does the first human prompt after a {@code
 * /clear}, {@code /new} or {@code /reset} command; every other turn (follow-up prompts included)
 * continues the current task. Activity before the first prompt belongs to no task.
 *
 * <p><b>Evidence.</b> An edit is a {@code Write}, {@code Edit}, {@code MultiEdit}, {@code
 * NotebookEdit} or {@code apply_patch} tool call. A check is a shell tool call ({@code Bash},
 * {@code shell}, {@code exec_command}, {@code local_shell}, {@code shell_command}) whose command
 * runs a test or build tool ({@code mvn}, {@code gradle}, {@code npm test}, {@code pytest}, {@code
 * cargo test}, {@code go test}, {@code make}, ...; see {@link #CHECK}); it passed when its result
 * is OK and failed when its result is an error. A commit is a shell call running {@code git commit}
 * or {@code git push} whose result is OK. A confirmation is a follow-up prompt matching {@code
 * confirmation-phrases.txt} that is not a correction; a frustration is a follow-up prompt matching
 * {@code correction-phrases.txt} that is the task's last prompt. A correction the user follows with
 * another prompt in the same task (a mid-task "no, I meant ...") is a steer: it counts as a tier-2
 * intervention but is not outcome evidence.
 *
 * <p><b>Outcome</b>, first rule that applies:
 *
 * <ol>
 *   <li>the last human-relevant event (ignoring meta lines, tokens and reasoning) is an interrupt
 *       or a human rejection: {@code abandoned};
 *   <li>among the evidence after the last edit (all of it when nothing was edited), the latest is a
 *       passed check, a commit or a confirmation: {@code verified_success}; a failed check or a
 *       frustration: {@code failure};
 *   <li>a check passed or a commit was made before the last edit: {@code partial};
 *   <li>the agent did nothing after the first prompt: {@code abandoned};
 *   <li>the agent edited and its last act was text to the user: {@code unverified_success};
 *   <li>otherwise: {@code unclear}.
 * </ol>
 *
 * <p><b>Open-ended</b> tasks debug something: the first prompt names a crash, error, exception,
 * failure, traceback, panic and the like (see {@link #OPEN_ENDED_PROMPT}), or before the first edit
 * a tool output shows a traceback, panic, build failure or failed test (see {@link #ERROR_OUTPUT}).
 */
public final class Tasks {

  /** A command that runs tests or a build. */
  static final Pattern CHECK =
      Pattern.compile(
          "(?i)(?:^|[\\s;&|(/])(?:mvnw?|gradlew?|make|pytest|tox|ctest|jest|vitest|tsc"
              + "|(?:npm|pnpm|yarn|bun)\\s+(?:run\\s+)?(?:test|build|check)"
              + "|python3?\\s+-m\\s+(?:pytest|unittest)"
              + "|cargo\\s+(?:test|build|check|nextest)"
              + "|go\\s+(?:test|build|vet)"
              + "|dotnet\\s+(?:test|build)"
              + "|bazel\\s+(?:test|build))(?![\\w-])");

  /** A command that commits or pushes. */
  static final Pattern COMMIT =
      Pattern.compile("(?i)\\bgit\\s+(?:-\\S+\\s+(?:\\S+\\s+)?)?(commit|push)\\b");

  /** Wording of a first prompt that makes a task open-ended. */
  static final Pattern OPEN_ENDED_PROMPT =
      Pattern.compile(
          "(?i)\\b(crash(?:es|ed|ing)?|errors?|exceptions?|stack ?traces?|traceback|"
              + "fail(?:s|ed|ing|ures?)?|broken|segfaults?|panic(?:s|ked)?|regression|"
              + "oom|out of memory|hangs?|debugging)\\b");

  /** Tool output that shows something broke. */
  static final Pattern ERROR_OUTPUT =
      Pattern.compile(
          "Traceback \\(most recent call last\\)|Exception in thread|panic:|Segmentation fault"
              + "|core dumped|BUILD FAILURE|\\bFAILED\\b|AssertionError|npm ERR!|error\\[E\\d+\\]");

  private static final Set<String> EDIT_TOOLS =
      Set.of("Write", "Edit", "MultiEdit", "NotebookEdit", "apply_patch");
  private static final Set<String> SHELL_TOOLS =
      Set.of("Bash", "shell", "exec_command", "local_shell", "shell_command");
  private static final Phrases CONFIRMATIONS = Phrases.load("confirmation-phrases.txt");

  private Tasks() {}

  /** Returns the tasks of {@code session} in order; empty for subagent sessions. */
  public static List<Task> of(Session session) {
    requireNonNull(session, "session is null");
    if (session.subagent()) {
      return List.of();
    }
    List<List<Turn>> groups = new ArrayList<>();
    List<Turn> current = null;
    boolean reset = false;
    for (Turn turn : session.turns()) {
      if (turn.human() && (current == null || reset)) {
        current = new ArrayList<>();
        groups.add(current);
        reset = false;
      }
      if (current != null) {
        current.add(turn);
      }
      for (Event event : turn.events()) {
        if (Interventions.isReset(event)) {
          reset = true;
        }
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (List<Turn> group : groups) {
      tasks.add(label(session.id(), tasks.size(), group));
    }
    return List.copyOf(tasks);
  }

  private enum Call {
    CHECK,
    COMMIT
  }

  private record Evidence(boolean positive, String text) {
    boolean frustration() {
      return text.startsWith(FRUSTRATION);
    }
  }

  private static final String FRUSTRATION = "frustration: ";

  private static Task label(String sessionId, int index, List<Turn> turns) {
    List<Event> events = turns.stream().flatMap(turn -> turn.events().stream()).toList();
    Event.HumanPrompt first = (Event.HumanPrompt) events.getFirst();
    Map<String, Call> calls = new HashMap<>();
    Map<String, String> commands = new HashMap<>();
    List<Evidence> sinceEdit = new ArrayList<>();
    boolean staleSuccess = false;
    boolean edited = false;
    boolean acted = false;
    Event last = null;
    Optional<String> openEnded = match(OPEN_ENDED_PROMPT, first.text()).map(w -> "prompt: " + w);
    for (Event event : events.subList(1, events.size())) {
      switch (event) {
        case Event.ToolCall call -> {
          acted = true;
          last = event;
          if (EDIT_TOOLS.contains(call.name())) {
            edited = true;
            staleSuccess |= sinceEdit.stream().anyMatch(Evidence::positive);
            sinceEdit.clear();
          } else if (SHELL_TOOLS.contains(call.name())) {
            if (COMMIT.matcher(call.inputSummary()).find()) {
              calls.put(call.id(), Call.COMMIT);
            } else if (CHECK.matcher(call.inputSummary()).find()) {
              calls.put(call.id(), Call.CHECK);
            }
            commands.put(call.id(), call.inputSummary());
          }
        }
        case Event.ToolResult result -> {
          last = event;
          if (!edited && openEnded.isEmpty()) {
            openEnded = match(ERROR_OUTPUT, result.text()).map(w -> "tool output: " + w);
          }
          Call call = calls.get(result.toolUseId());
          String command = commands.getOrDefault(result.toolUseId(), "");
          if (call != null && result.status() == ResultStatus.OK) {
            sinceEdit.add(
                new Evidence(true, (call == Call.CHECK ? "check passed: " : "commit: ") + command));
          } else if (call == Call.CHECK && result.status() == ResultStatus.ERROR) {
            sinceEdit.add(new Evidence(false, "check failed: " + command));
          }
        }
        case Event.HumanPrompt prompt -> {
          last = event;
          // A correction the user followed with another prompt was a steer, not the verdict.
          sinceEdit.removeIf(Evidence::frustration);
          Optional<String> correction = Interventions.correctionPhrase(prompt.text());
          if (correction.isPresent()) {
            sinceEdit.add(new Evidence(false, FRUSTRATION + prompt.text()));
          } else if (CONFIRMATIONS.match(prompt.text()).isPresent()) {
            sinceEdit.add(new Evidence(true, "user confirmed: " + prompt.text()));
          }
        }
        case Event.AssistantText text -> {
          acted = true;
          last = event;
        }
        case Event.Interruption interruption -> {
          if (!(last instanceof Event.ToolResult result && humanRejection(result))) {
            last = event;
          }
        }
        case Event.QueuedPrompt queued -> last = event;
        case Event.DelegatedPrompt delegated -> {}
        case Event.Reasoning reasoning -> {}
        case Event.Compaction compaction -> {}
        case Event.TokenUsage usage -> {}
        case Event.Meta meta -> {}
      }
    }
    TaskOutcome outcome;
    String evidence;
    if (last instanceof Event.Interruption interruption) {
      outcome = TaskOutcome.ABANDONED;
      evidence = "interrupted: " + interruption.marker();
    } else if (last instanceof Event.ToolResult result && humanRejection(result)) {
      outcome = TaskOutcome.ABANDONED;
      evidence = "rejected: " + result.text();
    } else if (!sinceEdit.isEmpty()) {
      Evidence latest = sinceEdit.getLast();
      outcome = latest.positive() ? TaskOutcome.VERIFIED_SUCCESS : TaskOutcome.FAILURE;
      evidence = latest.text();
    } else if (staleSuccess) {
      outcome = TaskOutcome.PARTIAL;
      evidence = "edited after the last passed check or commit";
    } else if (!acted) {
      outcome = TaskOutcome.ABANDONED;
      evidence = "no agent activity";
    } else if (edited && last instanceof Event.AssistantText) {
      outcome = TaskOutcome.UNVERIFIED_SUCCESS;
      evidence = "edited, no check or commit after the last edit";
    } else {
      outcome = TaskOutcome.UNCLEAR;
      evidence = edited ? "edited, no final answer" : "no edits and no checks";
    }
    Turn lastTurn = turns.getLast();
    return new Task(
        sessionId,
        index,
        turns.getFirst().index(),
        lastTurn.index(),
        first.at(),
        lastTurn.end(),
        first.text(),
        outcome,
        evidence.length() > 200 ? evidence.substring(0, 200) + "…" : evidence,
        openEnded);
  }

  private static boolean humanRejection(Event.ToolResult result) {
    return result.status() == ResultStatus.REJECTED_BY_HUMAN
        || result.status() == ResultStatus.PLAN_REJECTED_BY_HUMAN;
  }

  private static Optional<String> match(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
  }
}
