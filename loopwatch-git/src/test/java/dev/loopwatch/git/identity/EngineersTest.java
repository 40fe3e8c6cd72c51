package dev.loopwatch.git.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.log.CommitInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineersTest {
  private static final String COPILOT = "198982749+Copilot@users.noreply.github.com";
  private final IdentityTable table = IdentityTable.builtIn();

  @Test
  void creditedHuman_humanAuthor_author() {
    CommitInfo commit =
        commit(
            "Alice",
            "alice@example.com",
            "GitHub",
            "noreply@github.com",
            "Fix\n\nCo-authored-by: Bob <bob@example.com>\n");

    assertThat(Engineers.creditedHuman(commit, table))
        .contains(new Identity("Alice", "alice@example.com", IdentityKind.HUMAN, Optional.empty()));
  }

  @Test
  void creditedHuman_agentAuthor_firstHumanCoAuthor() {
    CommitInfo commit =
        commit(
            "copilot-swe-agent[bot]",
            COPILOT,
            "GitHub",
            "noreply@github.com",
            "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-authored-by: Bob <bob@example.com>\n"
                + "Co-authored-by: Carol <carol@example.com>\n");

    assertThat(Engineers.creditedHuman(commit, table))
        .contains(new Identity("Bob", "bob@example.com", IdentityKind.HUMAN, Optional.empty()));
  }

  @Test
  void creditedHuman_agentAuthorHumanCommitter_committer() {
    CommitInfo commit =
        commit(
            "devin-ai-integration[bot]",
            "158243242+devin-ai-integration[bot]@users.noreply.github.com",
            "Dana",
            "dana@example.com",
            "Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");

    assertThat(Engineers.creditedHuman(commit, table))
        .contains(new Identity("Dana", "dana@example.com", IdentityKind.HUMAN, Optional.empty()));
  }

  @Test
  void creditedHuman_botAuthorWebFlowCommitter_empty() {
    CommitInfo commit =
        commit(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com",
            "GitHub",
            "noreply@github.com",
            "Bump x from 1 to 2\n\nSigned-off-by: dependabot[bot] <support@github.com>\n");

    assertThat(Engineers.creditedHuman(commit, table)).isEmpty();
  }

  @Test
  void creditedHuman_agentAuthorAndCommitter_empty() {
    CommitInfo commit =
        commit(
            "copilot-swe-agent[bot]",
            COPILOT,
            "copilot-swe-agent[bot]",
            COPILOT,
            "Fix\n\nDetails\n");

    assertThat(Engineers.creditedHuman(commit, table)).isEmpty();
  }

  @Test
  void creditedHuman_humanCoAuthorOutsideTrailerBlock_ignored() {
    CommitInfo commit =
        commit(
            "copilot-swe-agent[bot]",
            COPILOT,
            "GitLab",
            "noreply@gitlab.com",
            "Fix\n\nCo-authored-by: Bob <bob@example.com>\n\nA closing paragraph of prose.\n");

    assertThat(Engineers.creditedHuman(commit, table)).isEmpty();
  }

  static CommitInfo commit(
      String authorName,
      String authorEmail,
      String committerName,
      String committerEmail,
      String message) {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    return new CommitInfo(
        "0".repeat(40),
        List.of("1".repeat(40)),
        authorName,
        authorEmail,
        committerName,
        committerEmail,
        at,
        at,
        message);
  }
}
