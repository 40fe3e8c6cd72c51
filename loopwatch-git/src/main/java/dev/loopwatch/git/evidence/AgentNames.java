package dev.loopwatch.git.evidence;

import java.util.Locale;
import java.util.Optional;

/**
 * Maps the tool names agents write into their records (git-ai, Agent Trace) to Loopwatch's
 * canonical agent ids.
 */
public final class AgentNames {
  /** The agent id for evidence that names no known agent. */
  public static final String UNKNOWN = "unknown";

  private AgentNames() {}

  /** The canonical agent id for {@code tool}, if Loopwatch knows the tool. */
  public static Optional<String> canonical(String tool) {
    String agent =
        switch (tool.strip().toLowerCase(Locale.ROOT)) {
          case "cursor" -> "cursor";
          case "claude", "claude-code" -> "claude-code";
          case "windsurf" -> "windsurf";
          case "copilot", "github-copilot" -> "copilot";
          case "gemini", "gemini-cli" -> "gemini";
          case "codex" -> "codex";
          case "amp" -> "amp";
          case "aider" -> "aider";
          case "devin" -> "devin";
          case "jules" -> "jules";
          case "amazon-q" -> "amazon-q";
          case "openhands" -> "openhands";
          case "replit" -> "replit";
          default -> null;
        };
    return Optional.ofNullable(agent);
  }
}
