package dev.loopwatch.sessions;

import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterventionsTest {

  private static final ReadResult CLAUDE =
      new ClaudeCodeReader().read(resource("tasks/claude/projects"));

  private static List<String> describe(List<Intervention> interventions) {
    return interventions.stream()
        .map(found ->
            found.tier().number()
                + ":"
                + found.kind().id()
                + "@"
                + found.turnIndex()
                + " "
                + found.evidence())
        .toList();
  }

  private static List<String> tier2(ReadResult result) {
    List<String> all = new ArrayList<>();
    for (Session session : result.sessions()) {
      all.addAll(describe(Interventions.tier2(session.id(), session.turns())));
    }
    return all;
  }

  @Test
  void tier2_claudeFixtures_findsTakeOverAndCorrectionsButNotPromptsAfterClear() {
    assertThat(tier2(CLAUDE))
        .containsExactly(
            "2:correct@1 \"no\": No, I meant the loader for the YAML config too",
            "2:take_over@1 bash-input: <bash-input>git log --oneline -3</bash-input>",
            "2:correct@1 \"you broke\": that’s the wrong file, you broke the client retries");
  }

  @Test
  void tier2_codexRollout_countsRollbackAndCorrection() {
    ReadResult codex = new CodexReader().read(resource("tasks/codex/sessions"));
    assertThat(tier2(codex))
        .containsExactly(
            "2:correct@0 rollback: ",
            "2:correct@1 \"wait\": wait, keep the BOM in the raw column and commit");
  }

  @Test
  void tier2_shopFixture_keepsTier1Separate() {
    Session main = new ClaudeCodeReader().read(resource("claude/projects")).sessions().getFirst();
    assertThat(main.interventions()).extracting(Intervention::tier).containsOnly(Tier.MARKER);
    assertThat(describe(Interventions.tier2(main.id(), main.turns())))
        .containsExactly("2:take_over@2 bash-input: <bash-input>git status</bash-input>");
  }

  @Test
  void tier3_classifier_labelsFollowUpPromptsWithThePreviousAgentText() {
    Session session = CLAUDE.sessions().getFirst();
    List<String> asked = new ArrayList<>();
    PromptClassifier classifier =
        (previous, prompt) -> {
          asked.add(previous + " -> " + prompt);
          return prompt.startsWith("thanks")
              ? Optional.empty()
              : Optional.of(new PromptClassifier.Label(InterventionKind.STEER, "redirects"));
        };
    assertThat(describe(Interventions.tier3(session.id(), session.turns(), classifier)))
        .containsExactly("3:steer@1 redirects");
    assertThat(asked)
        .containsExactly(
            "Fixed the null check in ConfigLoader; all 12 tests pass. -> No, I meant the loader"
                + " for the YAML config too",
            "Added the endpoint. -> thanks, looks good");
  }
}
