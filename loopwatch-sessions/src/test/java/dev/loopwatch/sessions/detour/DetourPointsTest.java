package dev.loopwatch.sessions.detour;

import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.detour.DetourPoint;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.aider.AiderReader;
import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import dev.loopwatch.sessions.copilot.CopilotReader;
import dev.loopwatch.sessions.gemini.GeminiReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetourPointsTest {

  private static List<DetourPoint> points(ReadResult result) {
    List<DetourPoint> all = new ArrayList<>();
    for (Session session : result.sessions()) {
      all.addAll(DetourPoints.of(session));
    }
    return all;
  }

  private static String triggers(DetourPoint point) {
    return String.join(
        ",",
        point.triggers().stream().map(trigger -> trigger.tier() + ":" + trigger.kind()).toList());
  }

  private static List<String> describe(List<DetourPoint> points) {
    return points.stream().map(point -> triggers(point) + " -> " + point.humanNextStep()).toList();
  }

  @Test
  void of_shopFixture_findsSteersAndTheInterruptButNotRejections() {
    List<DetourPoint> points = points(new ClaudeCodeReader().read(resource("claude/projects")));

    assertThat(describe(points))
        .containsExactly(
            "1:steer -> also update the changelog",
            "1:interrupt -> Now plan the refund feature",
            "1:steer -> stop and summarize what you changed");
  }

  @Test
  void of_steer_cutsTheContextBeforeTheSteerAndStartsTheOutcomeAfterIt() {
    DetourPoint steer = points(new ClaudeCodeReader().read(resource("claude/projects"))).getFirst();

    assertThat(steer.before().getLast())
        .isEqualTo(new Step(Step.Role.TOOL_CALL, steer.before().getLast().at(), "Bash: npm test"));
    assertThat(steer.before()).extracting(Step::text).doesNotContain("also update the changelog");
    assertThat(steer.after().getFirst().text())
        .isEqualTo("denied_by_policy: Permission to use Bash has been denied.");
    assertThat(steer.agent()).isEqualTo("claude-code");
    assertThat(steer.sessionId()).isEqualTo("1f0e2d3c-4b5a-4c6d-8e7f-901234567890");
  }

  @Test
  void of_interrupt_cutsBeforeTheMarkerAndTakesTheNextPrompt() {
    DetourPoint interrupt = points(new ClaudeCodeReader().read(resource("claude/projects"))).get(1);

    assertThat(interrupt.triggers())
        .containsExactly(new Trigger("interrupt", 1, "[Request interrupted by user]"));
    assertThat(interrupt.before().getLast().text())
        .isEqualTo("The checkout test passes now with the helper.");
    assertThat(interrupt.after().getFirst().text()).startsWith("ExitPlanMode: ");
  }

  @Test
  void of_correctionFollowUp_carriesTheTaskOutcomeAndStopsTheOutcomeAtClear() {
    List<DetourPoint> points =
        points(new ClaudeCodeReader().read(resource("tasks/claude/projects")));

    assertThat(describe(points))
        .containsExactly(
            "2:correct -> No, I meant the loader for the YAML config too",
            "2:correct -> that’s the wrong file, you broke the client retries");
    DetourPoint first = points.getFirst();
    assertThat(first.taskOutcome()).contains("verified_success");
    assertThat(first.taskEvidence()).contains("commit: git commit -am 'Fix null config loaders'");
    assertThat(first.before().getFirst())
        .isEqualTo(
            new Step(
                Step.Role.USER,
                first.before().getFirst().at(),
                "The app crashes on startup with a NullPointerException in ConfigLoader"));
    assertThat(first.after()).extracting(Step::text).noneMatch(text -> text.contains("/clear"));
    assertThat(first.after().getLast().text()).startsWith("bash-input: ");
    assertThat(points.get(1).taskOutcome()).contains("failure");
  }

  @Test
  void of_rewind_isACorrectionAnsweredByTheNextPrompt() {
    List<DetourPoint> points =
        points(new ClaudeCodeReader().read(resource("claude-rewind/projects")));

    assertThat(describe(points))
        .containsExactly("2:correct -> add a /ready endpoint that checks the database connection");
    assertThat(points.getFirst().triggers().getFirst().evidence()).startsWith("rewind: ");
  }

  @Test
  void of_rollbackThenCorrection_makesOnePointCutAtTheRollback() {
    List<DetourPoint> points = points(new CodexReader().read(resource("tasks/codex/sessions")));

    assertThat(describe(points))
        .containsExactly("2:correct,2:correct -> wait, keep the BOM in the raw column and commit");
    assertThat(points.getFirst().triggers().getFirst().evidence()).isEqualTo("rollback: ");
    assertThat(points.getFirst().taskOutcome()).contains("verified_success");
  }

  @Test
  void of_otherAgents_findPointsInEveryReader() {
    assertThat(describe(points(new CodexReader().read(resource("codex")))))
        .containsExactly(
            "1:steer -> use the express router please", "1:interrupt -> just add the route");
    assertThat(describe(points(new GeminiReader().read(resource("gemini/tmp")))))
        .containsExactly(
            "2:correct -> no, put the flag in src/cli/options.ts instead",
            "2:correct -> use a fake clock in the retry test");
    assertThat(describe(points(new CopilotReader().read(resource("copilot/session-state")))))
        .containsExactly("1:interrupt,2:correct -> stop, the edit is enough; run go test");
    assertThat(describe(points(new AiderReader().read(resource("aider")))))
        .hasSize(2)
        .last()
        .isEqualTo("1:interrupt -> just summarise it in one line");
  }

  @Test
  void of_subagentSession_hasNoPoints() {
    List<Session> subagents =
        new ClaudeCodeReader()
            .read(resource("claude/projects")).sessions().stream()
                .filter(Session::subagent)
                .toList();

    assertThat(subagents).isNotEmpty();
    assertThat(subagents).allSatisfy(session -> assertThat(DetourPoints.of(session)).isEmpty());
  }

  @Test
  void of_aiderWithoutTimes_leavesStepTimesEmptyOrReal() {
    List<DetourPoint> points = points(new AiderReader().read(resource("aider")));

    assertThat(points)
        .flatExtracting(DetourPoint::before)
        .extracting(Step::at)
        .doesNotContain(Optional.of(java.time.Instant.EPOCH));
  }
}
