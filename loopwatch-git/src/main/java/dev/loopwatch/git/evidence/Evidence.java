package dev.loopwatch.git.evidence;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One detector's finding that an AI agent wrote (part of) a commit.
 *
 * @param detector which detector found it, e.g. {@code co-author-trailer}, {@code git-ai-note}
 * @param confidence how strong the finding is
 * @param agent canonical agent id, e.g. {@code claude-code}, {@code copilot}, {@code cursor},
 *     {@code unknown}
 * @param model the model, when the evidence names it (e.g. {@code Claude Opus 4.5})
 * @param detail the text that matched, for audit (a trailer line, a note key, a branch name)
 */
public record Evidence(
    String detector, Confidence confidence, String agent, Optional<String> model, String detail) {
  public Evidence {
    requireNonNull(detector, "detector is null");
    requireNonNull(confidence, "confidence is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(model, "model is null");
    requireNonNull(detail, "detail is null");
  }
}
