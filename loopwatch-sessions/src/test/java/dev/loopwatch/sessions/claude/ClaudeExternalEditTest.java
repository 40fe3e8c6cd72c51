package dev.loopwatch.sessions.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.Session;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files Claude Code reports as changed outside the agent ("was modified, either by the user or by a
 * linter") are tier-2 take-overs, once per file per turn.
 */
class ClaudeExternalEditTest {
  private static Path projects() throws URISyntaxException {
    return Path.of(
        ClaudeExternalEditTest.class
            .getResource("/dev/loopwatch/sessions/claude-external-edit/projects")
            .toURI());
  }

  @Test
  void read_externalEditNotes_takeOverOncePerFilePerTurn() throws Exception {
    Session session = new ClaudeCodeReader().read(projects()).sessions().getFirst();

    List<String> tier2 =
        Interventions.tier2(session.id(), session.turns()).stream()
            .map(i -> i.kind().id() + "@" + i.turnIndex() + " " + i.evidence())
            .toList();

    assertThat(session.turns()).hasSize(2);
    assertThat(tier2)
        .containsExactly(
            "take_over@0 external-edit: /home/dev/app/src/cart.js",
            "take_over@1 external-edit: /home/dev/app/src/cart.js",
            "take_over@1 external-edit: /home/dev/app/src/tax rules.js");
    assertThat(session.interventions()).isEmpty();
  }
}
