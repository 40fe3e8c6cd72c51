package dev.loopwatch.git.evidence.message;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.log.CommitInfo;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weak evidence that a merge brought in an agent's branch, read from the merge subject: GitHub's
 * {@code Merge pull request #12 from owner/claude/fix-x}, git's {@code Merge branch 'copilot/foo'
 * [into main]} and {@code Merge remote-tracking branch 'origin/devin/x'}, GitLab's {@code Merge
 * branch 'cursor/x' into 'main'}. The subject forms and agent branch prefixes come from the data
 * file {@code message-rules.toml}.
 */
public final class BranchPrefixEvidence {
  static final String DETECTOR = "branch-prefix";

  private final MessageRules rules;

  /** A detector using the built-in subject forms and branch prefixes. */
  public BranchPrefixEvidence() {
    this.rules = MessageRules.builtIn();
  }

  /**
   * WEAK evidence when {@code commit} is a merge whose subject names an agent branch; source is the
   * prefix rule, detail the branch name.
   */
  public Optional<Evidence> detect(CommitInfo commit) {
    requireNonNull(commit, "commit is null");
    if (!commit.isMerge()) {
      return Optional.empty();
    }
    String subject = commit.subject().strip();
    for (Pattern form : rules.mergeSubjects()) {
      Matcher matcher = form.matcher(subject);
      if (matcher.matches()) {
        return agentBranch(matcher.group("branch"));
      }
    }
    return Optional.empty();
  }

  private Optional<Evidence> agentBranch(String branch) {
    String normalized = branch.toLowerCase(Locale.ROOT);
    for (MessageRules.BranchPrefix prefix : rules.branchPrefixes()) {
      if (normalized.startsWith(prefix.prefix())
          && normalized.length() > prefix.prefix().length()) {
        return Optional.of(
            new Evidence(
                DETECTOR,
                Confidence.WEAK,
                prefix.agent(),
                Optional.empty(),
                "merged branch prefix " + prefix.prefix(),
                branch));
      }
    }
    return Optional.empty();
  }
}
