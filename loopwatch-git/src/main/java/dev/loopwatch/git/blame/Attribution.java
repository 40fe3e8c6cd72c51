package dev.loopwatch.git.blame;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.Confidence;

/**
 * The AI evidence covering one line: how strong it is and which agent it names.
 *
 * @param confidence the strongest confidence among the evidence covering the line
 * @param agent the canonical agent id ({@code claude-code}, {@code copilot}, ... or {@code
 *     unknown})
 */
public record Attribution(Confidence confidence, String agent) {
  public Attribution {
    requireNonNull(confidence, "confidence is null");
    requireNonNull(agent, "agent is null");
  }
}
