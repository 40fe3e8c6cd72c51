package dev.loopwatch.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch sessions} on Gemini CLI, Copilot CLI and Aider fixtures. */
class SessionsAgentsTest {

  private static final Path ROOT = resource("");
  private static final Path GEMINI = resource("gemini/tmp");
  private static final Path COPILOT = resource("copilot/session-state");
  private static final Path AIDER = resource("aider");

  @TempDir Path temp;

  private static Path resource(String relative) {
    try {
      return Path.of(
          SessionsAgentsTest.class.getResource("/dev/loopwatch/app/sessions/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String... args) throws Exception {
    CliRun run = CliRun.run(args);
    assertThat(run.code()).as(run.err()).isZero();
    return Json.mapper().readTree(run.out());
  }

  @Test
  void sessions_geminiFolder_readsBothRecordingForms() throws Exception {
    JsonNode json = json("sessions", "--json", GEMINI.toString());
    assertThat(json.at("/sessions").asInt()).isEqualTo(2);
    assertThat(json.at("/humanTurns").asInt()).isEqualTo(6);
    assertThat(json.at("/interventions/tier1/reject").asInt()).isEqualTo(1);
    assertThat(json.at("/interventions/tier1/interrupt").asInt()).isEqualTo(1);
    assertThat(json.at("/interventions/tier2/correct").asInt()).isEqualTo(2);
    assertThat(json.at("/autonomy/toolCalls").asInt()).isEqualTo(9);
    assertThat(json.at("/tokens/input").asLong()).isEqualTo(2010 + 4305);
    assertThat(json.at("/tokens/cacheRead").asLong()).isEqualTo(2700 + 8900);
    assertThat(json.at("/perSession/0/agent").asText()).isEqualTo("gemini");
  }

  @Test
  void sessions_copilotFolder_countsSubagentAndDenials() throws Exception {
    JsonNode json = json("sessions", "--json", COPILOT.toString());
    assertThat(json.at("/sessions").asInt()).isEqualTo(1);
    assertThat(json.at("/subagentSessions").asInt()).isEqualTo(1);
    assertThat(json.at("/delegation/maxDepth").asInt()).isEqualTo(1);
    assertThat(json.at("/delegation/subagentToolCalls").asInt()).isEqualTo(1);
    assertThat(json.at("/interventions/tier1/reject").asInt()).isEqualTo(1);
    assertThat(json.at("/interventions/tier1/policy_denial").asInt()).isEqualTo(1);
    assertThat(json.at("/interventions/tier1/interrupt").asInt()).isEqualTo(1);
    assertThat(json.at("/tokens/output").asLong()).isEqualTo(600);
  }

  @Test
  void sessions_aiderFolder_noAgentHours() {
    CliRun run = CliRun.run("sessions", AIDER.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .contains(
            "Read: " + AIDER + " (aider)",
            "Sessions: 2 main, 0 subagent; 5 human turns; 0.00 hours of agent work",
            "Autonomy: 5 tool calls, 1.00 per human turn, longest run 2",
            "  aider  shop@2026-03-24T09:15:02Z  2026-03-24T09:15:02Z            3           5"
                + "            2      1      1      1         0");
  }

  @Test
  void sessions_agentOption_picksOneAgentOfAMixedFolder() throws Exception {
    JsonNode json = json("sessions", "--json", "--agent", "copilot", ROOT.toString());
    assertThat(json.at("/sessions").asInt()).isEqualTo(1);
    assertThat(json.at("/perSession/0/agent").asText()).isEqualTo("copilot");
  }

  @Test
  void given_layouts_detectedPerAgentInReadOrder() {
    assertThat(SessionsCommand.given(List.of(GEMINI, COPILOT, AIDER)))
        .containsExactly(
            new SessionsCommand.Source(GEMINI, "gemini"),
            new SessionsCommand.Source(COPILOT, "copilot"),
            new SessionsCommand.Source(AIDER, "aider"));
    assertThat(SessionsCommand.given(List.of(ROOT)))
        .extracting(SessionsCommand.Source::agent)
        .containsExactly("claude", "codex", "gemini", "copilot", "aider");
  }

  @Test
  void defaultSources_geminiAndCopilotHomes_afterClaudeAndCodex() throws Exception {
    Path home = temp.resolve("home");
    Files.createDirectories(home.resolve(".claude/projects"));
    Files.createDirectories(home.resolve(".gemini/tmp"));
    Files.createDirectories(home.resolve(".copilot/session-state"));

    assertThat(SessionsCommand.defaultSources(Map.of(), home))
        .containsExactly(
            new SessionsCommand.Source(home.resolve(".claude/projects"), "claude"),
            new SessionsCommand.Source(home.resolve(".gemini/tmp"), "gemini"),
            new SessionsCommand.Source(home.resolve(".copilot/session-state"), "copilot"));
  }
}
