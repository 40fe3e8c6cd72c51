package dev.loopwatch.git.evidence.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.EvidenceClass;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.log.CommitInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageEvidenceTest {
  private static final String HUMAN_NAME = "Alice";
  private static final String HUMAN_EMAIL = "alice@example.com";

  private static final String CLAUDE_FOOTER =
      "footer line /Generated with \\[Claude Code\\]\\(https?://(claude\\.ai/code|(www\\.)?claude\\.com/claude-code)[^)]*\\)/";
  private static final String ANTHROPIC = "Co-authored-by identity email noreply@anthropic.com";

  private final MessageEvidence detector = new MessageEvidence(IdentityTable.builtIn());

  @Test
  void detect_claudeCodeDefaultMessage_trailerThenFooter() {
    List<Evidence> evidence =
        detect(
            """
            Fix the parser

            It dropped the last line.

            🤖 Generated with [Claude Code](https://claude.ai/code)

            Co-Authored-By: Claude <noreply@anthropic.com>
            """);

    assertThat(evidence)
        .containsExactly(
            medium(
                "co-author-trailer",
                "claude-code",
                null,
                ANTHROPIC,
                "Co-authored-by: Claude <noreply@anthropic.com>"),
            medium(
                "footer",
                "claude-code",
                null,
                CLAUDE_FOOTER,
                "🤖 Generated with [Claude Code](https://claude.ai/code)"));
  }

  @Test
  void detect_claudeComFooterAndModelTrailer_modelExtracted() {
    List<Evidence> evidence =
        detect(
            """
            Add cache

            🤖 Generated with [Claude Code](https://claude.com/claude-code)

            Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>
            """);

    assertThat(evidence)
        .containsExactly(
            medium(
                "co-author-trailer",
                "claude-code",
                "Claude Opus 4.5",
                ANTHROPIC,
                "Co-authored-by: Claude Opus 4.5 <noreply@anthropic.com>"),
            medium(
                "footer",
                "claude-code",
                null,
                CLAUDE_FOOTER,
                "🤖 Generated with [Claude Code](https://claude.com/claude-code)"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Co-authored-by",
        "Co-Authored-By",
        "co-authored-by",
        "CO-AUTHORED-BY",
        "Co-authored-By"
      })
  void detect_coAuthorKeyCaseVariants_detected(String key) {
    List<Evidence> evidence =
        detect("Subject\n\n" + key + ": Claude Sonnet 4 <noreply@anthropic.com>\n");

    assertThat(evidence)
        .containsExactly(
            medium(
                "co-author-trailer",
                "claude-code",
                "Claude Sonnet 4",
                ANTHROPIC,
                "Co-authored-by: Claude Sonnet 4 <noreply@anthropic.com>"));
  }

  @Test
  void detect_claudeCodeName_noModel() {
    assertThat(detect("S\n\nCo-authored-by: Claude Code <noreply@anthropic.com>"))
        .containsExactly(
            medium(
                "co-author-trailer",
                "claude-code",
                null,
                ANTHROPIC,
                "Co-authored-by: Claude Code <noreply@anthropic.com>"));
  }

  @Test
  void detect_aiderTrailer_modelFromParentheses() {
    assertThat(detect("feat: x\n\nCo-authored-by: aider (openai/gpt-4o) <aider@aider.chat>\n"))
        .containsExactly(
            medium(
                "co-author-trailer",
                "aider",
                "openai/gpt-4o",
                "Co-authored-by identity email aider@aider.chat",
                "Co-authored-by: aider (openai/gpt-4o) <aider@aider.chat>"));
  }

  @Test
  void detect_otherAgentCoAuthors_agentWithoutModel() {
    List<Evidence> evidence =
        detect(
            """
            Subject

            Co-authored-by: Cursor Agent <cursoragent@cursor.com>
            Co-authored-by: Codex <noreply@openai.com>
            Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>
            Co-authored-by: openhands <openhands@all-hands.dev>
            """);

    assertThat(evidence)
        .containsExactly(
            medium(
                "co-author-trailer",
                "cursor",
                null,
                "Co-authored-by identity email cursoragent@cursor.com",
                "Co-authored-by: Cursor Agent <cursoragent@cursor.com>"),
            medium(
                "co-author-trailer",
                "codex",
                null,
                "Co-authored-by identity email noreply@openai.com",
                "Co-authored-by: Codex <noreply@openai.com>"),
            medium(
                "co-author-trailer",
                "copilot",
                null,
                "Co-authored-by identity github-id 175728472",
                "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>"),
            medium(
                "co-author-trailer",
                "openhands",
                null,
                "Co-authored-by identity email openhands@all-hands.dev",
                "Co-authored-by: openhands <openhands@all-hands.dev>"));
  }

  @Test
  void detect_humanAndBotCoAuthors_nothing() {
    assertThat(
            detect(
                """
                Subject

                Co-authored-by: Claude Dupont <claude.dupont@example.com>
                Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>
                Signed-off-by: Alice <alice@example.com>
                """))
        .isEmpty();
  }

  @Test
  void detect_duplicateTrailers_oneFinding() {
    assertThat(
            detect(
                "S\n\nCo-authored-by: Claude <noreply@anthropic.com>\nCo-authored-by: Claude <noreply@anthropic.com>\n"))
        .containsExactly(
            medium(
                "co-author-trailer",
                "claude-code",
                null,
                ANTHROPIC,
                "Co-authored-by: Claude <noreply@anthropic.com>"));
  }

  @Test
  void detect_trailerNotInLastParagraph_ignored() {
    assertThat(
            detect(
                """
                Subject

                Co-authored-by: Claude <noreply@anthropic.com>
                Made-with: Cursor

                A final paragraph of prose.
                """))
        .isEmpty();
  }

  @Test
  void detect_trailerInSubjectParagraph_ignored() {
    assertThat(detect("Subject\nCo-authored-by: Claude <noreply@anthropic.com>\n")).isEmpty();
  }

  @Test
  void detect_lastParagraphMixingTextAndTrailers_trailerDetected() {
    assertThat(
            detect(
                "Subject\n\nThanks for the review.\nCo-authored-by: Claude <noreply@anthropic.com>\nMore prose.\n"))
        .containsExactly(
            medium(
                "co-author-trailer",
                "claude-code",
                null,
                ANTHROPIC,
                "Co-authored-by: Claude <noreply@anthropic.com>"));
  }

  @Test
  void detect_claudeSessionTrailer_footer() {
    assertThat(detect("Subject\n\nClaude-Session: https://claude.ai/code/session_01AbCdEf\n"))
        .containsExactly(
            medium(
                "footer",
                "claude-code",
                null,
                "footer trailer Claude-Session: /https://claude\\.ai/code/session_\\S+/",
                "Claude-Session: https://claude.ai/code/session_01AbCdEf"));
  }

  @Test
  void detect_madeWithCursor_footer() {
    assertThat(detect("Subject\n\nmade-with: cursor\n"))
        .containsExactly(
            medium(
                "footer",
                "cursor",
                null,
                "footer trailer Made-with: /Cursor/",
                "made-with: cursor"));
  }

  @Test
  void detect_replitAgent_footer() {
    assertThat(
            detect(
                "Subject\n\nReplit-Commit-Author: Agent\nReplit-Commit-Session-Id: 0b1c2d3e-aaaa\n"))
        .containsExactly(
            medium(
                "footer",
                "replit",
                null,
                "footer trailer Replit-Commit-Author: /(Agent|Assistant)/",
                "Replit-Commit-Author: Agent"));
  }

  @Test
  void detect_copilotAutofix_footerOnly() {
    String autofix =
        "Co-authored-by: Copilot Autofix powered by AI <62310815+github-advanced-security[bot]@users.noreply.github.com>";

    assertThat(detect("Potential fix for code scanning alert no. 3\n\n" + autofix + "\n"))
        .containsExactly(
            medium(
                "footer", "copilot", null, "footer line /Copilot Autofix powered by AI/", autofix));
  }

  @Test
  void detect_plainGeneratedWithClaudeCode_footer() {
    assertThat(detect("Subject\n\n🤖 Generated with Claude Code\n"))
        .containsExactly(
            medium(
                "footer",
                "claude-code",
                null,
                "footer line /^\\s*🤖\\s*Generated with Claude Code\\s*$/",
                "🤖 Generated with Claude Code"));
  }

  @Test
  void detect_assistedByKnownAgents_mappedWithModel() {
    List<Evidence> evidence =
        detect(
            """
            mm: fix leak

            Assisted-by: Claude:claude-3-opus coccinelle sparse
            Assisted-by: copilot:gpt-4.1
            ASSISTED-BY: Gemini:gemini-2.5-pro
            Assisted-by: Codex
            Signed-off-by: Alice <alice@example.com>
            """);

    assertThat(evidence)
        .containsExactly(
            medium(
                "assisted-by",
                "claude-code",
                "claude-3-opus",
                "Assisted-by agent name claude",
                "Assisted-by: Claude:claude-3-opus coccinelle sparse"),
            medium(
                "assisted-by",
                "copilot",
                "gpt-4.1",
                "Assisted-by agent name copilot",
                "Assisted-by: copilot:gpt-4.1"),
            medium(
                "assisted-by",
                "gemini",
                "gemini-2.5-pro",
                "Assisted-by agent name gemini",
                "Assisted-by: Gemini:gemini-2.5-pro"),
            medium(
                "assisted-by",
                "codex",
                null,
                "Assisted-by agent name codex",
                "Assisted-by: Codex"));
  }

  @Test
  void detect_assistedByUnknownAgent_unknownWithDetail() {
    assertThat(detect("S\n\nAssisted-by: FooTool:foo-model-7 checkpatch\n"))
        .containsExactly(
            medium(
                "assisted-by",
                "unknown",
                "foo-model-7",
                "Assisted-by unlisted agent name",
                "Assisted-by: FooTool:foo-model-7 checkpatch"));
  }

  @Test
  void detect_assistedByModelNameOnly_unknownAgentWithModel() {
    // The form git.git's history uses.
    assertThat(detect("S\n\nAssisted-by: Claude Opus 4.6\nAssisted-by: Opus 4.7\n"))
        .containsExactly(
            medium(
                "assisted-by",
                "unknown",
                "Claude Opus 4.6",
                "Assisted-by unlisted agent name",
                "Assisted-by: Claude Opus 4.6"),
            medium(
                "assisted-by",
                "unknown",
                "Opus 4.7",
                "Assisted-by unlisted agent name",
                "Assisted-by: Opus 4.7"));
  }

  @Test
  void detect_assistedByHumanAddress_nothing() {
    assertThat(detect("S\n\nAssisted-by: Bob <bob@example.com>\n")).isEmpty();
  }

  @Test
  void detect_agentAuthorAndCommitter_oneIdentityFinding() {
    String email = "198982749+Copilot@users.noreply.github.com";
    CommitInfo commit =
        commit(
            "copilot-swe-agent[bot]",
            email,
            "copilot-swe-agent[bot]",
            email,
            "Fix bug\n\nCo-authored-by: Bob <bob@example.com>\n");

    assertThat(detector.detect(commit))
        .containsExactly(
            medium(
                "agent-identity",
                "copilot",
                null,
                "author identity github-id 198982749",
                "author: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>"));
  }

  @Test
  void detect_agentCommitterOnly_identityFinding() {
    CommitInfo commit =
        commit(HUMAN_NAME, HUMAN_EMAIL, "Cursor Agent", "cursoragent@cursor.com", "Fix bug");

    assertThat(detector.detect(commit))
        .containsExactly(
            medium(
                "agent-identity",
                "cursor",
                null,
                "committer identity email cursoragent@cursor.com",
                "committer: Cursor Agent <cursoragent@cursor.com>"));
  }

  @Test
  void detect_aiderSuffixOnAuthorAndCommitter_oneFinding() {
    CommitInfo commit =
        commit("Bob (aider)", "bob@example.com", "Bob (aider)", "bob@example.com", "aider: tweak");

    assertThat(detector.detect(commit))
        .containsExactly(
            medium(
                "aider-suffix",
                "aider",
                null,
                "author name suffix (aider)",
                "author: Bob (aider) <bob@example.com>"));
  }

  @Test
  void detect_aiderSuffixOnCommitterOnly_weakCommitterFinding() {
    // aider commits the user's own pending edits with the user as author and "<user> (aider)" as
    // committer before its own change (1,093 such commits in Aider-AI/aider): not aider's lines.
    CommitInfo commit = commit("Bob", "bob@example.com", "Bob (Aider)", "bob@example.com", "tweak");

    assertThat(detector.detect(commit))
        .containsExactly(
            new Evidence(
                "aider-committer-suffix",
                Confidence.WEAK,
                "aider",
                Optional.empty(),
                "committer name suffix (aider)",
                "committer: Bob (Aider) <bob@example.com>"));
    assertThat(detector.detect(commit).getFirst().evidenceClass())
        .isEqualTo(EvidenceClass.CIRCUMSTANTIAL);
  }

  @Test
  void detect_everyKind_definedOrder() {
    CommitInfo commit =
        commit(
            "Bob (aider)",
            "bob@example.com",
            "Cursor Agent",
            "cursoragent@cursor.com",
            """
            Subject mentioning Copilot Autofix powered by AI

            Co-authored-by: aider (anthropic/claude-sonnet-4) <aider@aider.chat>
            Made-with: Cursor
            """);

    assertThat(detector.detect(commit))
        .containsExactly(
            medium(
                "co-author-trailer",
                "aider",
                "anthropic/claude-sonnet-4",
                "Co-authored-by identity email aider@aider.chat",
                "Co-authored-by: aider (anthropic/claude-sonnet-4) <aider@aider.chat>"),
            medium(
                "footer",
                "cursor",
                null,
                "footer trailer Made-with: /Cursor/",
                "Made-with: Cursor"),
            medium(
                "footer",
                "copilot",
                null,
                "footer line /Copilot Autofix powered by AI/",
                "Subject mentioning Copilot Autofix powered by AI"),
            medium(
                "agent-identity",
                "cursor",
                null,
                "committer identity email cursoragent@cursor.com",
                "committer: Cursor Agent <cursoragent@cursor.com>"),
            medium(
                "aider-suffix",
                "aider",
                null,
                "author name suffix (aider)",
                "author: Bob (aider) <bob@example.com>"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>"
            + " | gemini | github-id 176961590",
        "Copilot <175728472+copilot-pull-request-reviewer[bot]@users.noreply.github.com>"
            + " | copilot"
            + " | email-regex '([0-9]+\\+)?copilot-pull-request-reviewer\\[bot\\]@users\\.noreply\\.github\\.com'",
        "coderabbitai[bot] <136622811+coderabbitai[bot]@users.noreply.github.com>"
            + " | coderabbit | github-id 136622811",
      })
  void detect_reviewBotCoAuthor_weakReviewSuggestion(String coAuthor, String agent, String rule) {
    // GitHub adds the review bot as co-author when a person commits one of its suggestions.
    List<Evidence> evidence =
        detect(
            "docs: update changelog\n\nApply suggestions from code review\n\nCo-authored-by: "
                + coAuthor
                + "\n");

    assertThat(evidence)
        .containsExactly(
            new Evidence(
                "review-suggestion",
                Confidence.WEAK,
                agent,
                Optional.empty(),
                "Co-authored-by review bot " + rule,
                "Co-authored-by: " + coAuthor));
    assertThat(evidence.getFirst().evidenceClass()).isEqualTo(EvidenceClass.REVIEW_SUGGESTION);
    assertThat(evidence.getFirst().evidenceClass().countsTowardShare()).isFalse();
  }

  @Test
  void detect_claudeAndReviewBotCoAuthors_bothInMessageOrder() {
    List<Evidence> evidence =
        detect(
            """
            Fix retry

            Co-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>
            Co-Authored-By: Claude <noreply@anthropic.com>
            """);

    assertThat(evidence)
        .extracting(Evidence::detector, Evidence::confidence, Evidence::agent)
        .containsExactly(
            tuple("review-suggestion", Confidence.WEAK, "gemini"),
            tuple("co-author-trailer", Confidence.MEDIUM, "claude-code"));
  }

  @Test
  void detect_humanCommitWithoutMarkers_nothing() {
    assertThat(
            detect(
                "Refactor Claude integration\n\nThe Claude client now retries.\n\nSigned-off-by: Claude <claude@example.org>\n"))
        .isEmpty();
  }

  private List<Evidence> detect(String message) {
    return detector.detect(commit(HUMAN_NAME, HUMAN_EMAIL, HUMAN_NAME, HUMAN_EMAIL, message));
  }

  static Evidence medium(
      String detector, String agent, String model, String source, String detail) {
    return new Evidence(
        detector, Confidence.MEDIUM, agent, Optional.ofNullable(model), source, detail);
  }

  static CommitInfo commit(
      String authorName,
      String authorEmail,
      String committerName,
      String committerEmail,
      String message) {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    return new CommitInfo(
        "a".repeat(40),
        List.of("b".repeat(40)),
        authorName,
        authorEmail,
        committerName,
        committerEmail,
        at,
        at,
        message);
  }
}
