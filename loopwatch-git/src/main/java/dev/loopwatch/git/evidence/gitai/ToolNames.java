package dev.loopwatch.git.evidence.gitai;

import java.util.Locale;
import java.util.Optional;

/** Maps git-ai's {@code agent_id.tool} values to Loopwatch's canonical agent ids. */
final class ToolNames {
  static final String UNKNOWN = "unknown";

  private ToolNames() {}

  /** The canonical agent id for a git-ai tool name, if Loopwatch knows the tool. */
  static Optional<String> agent(String tool) {
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
