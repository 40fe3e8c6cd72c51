package dev.loopwatch.git.evidence;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One detector's finding that an AI agent wrote (part of) a commit, or (for review suggestions and
 * weak evidence) took a smaller part in it.
 *
 * @param detector which detector found it, e.g. {@code co-author-trailer}, {@code git-ai-note}
 * @param confidence how strong the finding is; only STRONG and MEDIUM count toward the AI share
 * @param agent canonical agent id, e.g. {@code claude-code}, {@code copilot}, {@code cursor},
 *     {@code unknown}
 * @param model the model, when the evidence names it (e.g. {@code Claude Opus 4.5})
 * @param source the rule that matched, the same for every finding of that rule so findings can be
 *     grouped by it: {@code Co-authored-by identity email noreply@anthropic.com}, {@code
 *     Co-authored-by review bot github-id 176961590}, {@code refs/notes/ai}, {@code merged branch
 *     prefix claude/} ...
 * @param detail the exact text that matched, for audit: the trailer line as written (key and
 *     value), the footer line, the {@code author:} or {@code committer:} identity, the note keys,
 *     the trace record id, the branch name
 */
public record Evidence(
    String detector,
    Confidence confidence,
    String agent,
    Optional<String> model,
    String source,
    String detail) {
  public Evidence {
    requireNonNull(detector, "detector is null");
    requireNonNull(confidence, "confidence is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(model, "model is null");
    requireNonNull(source, "source is null");
    requireNonNull(detail, "detail is null");
  }

  /** The class of this evidence: what it says about who wrote the lines. */
  public EvidenceClass evidenceClass() {
    return EvidenceClass.of(detector, confidence);
  }
}
