package dev.loopwatch.git.evidence.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.log.CommitInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BranchPrefixEvidenceTest {
  private final BranchPrefixEvidence detector = new BranchPrefixEvidence();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Merge pull request #12 from owner/claude/fix-x | claude-code | claude/fix-x",
        "Merge pull request #7 from some-org/copilot/fix-flaky-test | copilot | copilot/fix-flaky-test",
        "Merge branch 'copilot/foo' | copilot | copilot/foo",
        "Merge branch 'codex/x' into main | codex | codex/x",
        "Merge branch 'cursor/x' into 'main' | cursor | cursor/x",
        "Merge remote-tracking branch 'origin/devin/1712345-add-tests' | devin | devin/1712345-add-tests",
        "Merge remote-tracking branch 'upstream/jules/refactor' into main | jules | jules/refactor",
        "Merge branch 'aider/feature' | aider | aider/feature",
        "Merge branch 'gemini/docs' | gemini | gemini/docs",
        "Merge branch 'openhands/fix-issue-3' | openhands | openhands/fix-issue-3",
        "Merge branch 'amp/cleanup' into 'develop' | amp | amp/cleanup",
        "Merge branch 'Claude/Upper-Case' | claude-code | Claude/Upper-Case",
      })
  void detect_mergeOfAgentBranch_weakEvidence(String subject, String agent, String branch) {
    Optional<Evidence> evidence = detector.detect(merge(subject + "\n\nSome body\n"));

    assertThat(evidence)
        .contains(
            new Evidence(
                "branch-prefix",
                Confidence.WEAK,
                agent,
                Optional.empty(),
                "merged branch prefix "
                    + branch.substring(0, branch.indexOf('/') + 1).toLowerCase(Locale.ROOT),
                branch));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Merge pull request #12 from owner/feature/claude-fix",
        "Merge branch 'main' into claude/fix-x",
        "Merge branch 'feature/copilot/x'",
        "Merge branch 'claude'",
        "Merge branch 'claude/'",
        "Merge remote-tracking branch 'origin/main'",
        "Add claude/ prefix support",
        "Revert \"Merge branch 'copilot/foo'\"",
      })
  void detect_mergeOfOtherBranch_empty(String subject) {
    assertThat(detector.detect(merge(subject))).isEmpty();
  }

  @Test
  void detect_nonMergeWithAgentBranchSubject_empty() {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    CommitInfo commit =
        new CommitInfo(
            "c".repeat(40),
            List.of("d".repeat(40)),
            "A",
            "a@example.com",
            "A",
            "a@example.com",
            at,
            at,
            "Merge branch 'claude/fix-x'");

    assertThat(detector.detect(commit)).isEmpty();
  }

  private static CommitInfo merge(String message) {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    return new CommitInfo(
        "c".repeat(40),
        List.of("d".repeat(40), "e".repeat(40)),
        "A",
        "a@example.com",
        "A",
        "a@example.com",
        at,
        at,
        message);
  }
}
