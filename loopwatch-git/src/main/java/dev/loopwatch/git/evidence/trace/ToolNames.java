package dev.loopwatch.git.evidence.trace;

import java.util.Locale;

/** Maps Agent Trace {@code tool.name} values to Loopwatch's canonical agent ids. */
final class ToolNames {
  private ToolNames() {}

  /** The canonical agent id for a tool name; {@code unknown} for tools Loopwatch does not know. */
  static String agent(String tool) {
    return switch (tool.strip().toLowerCase(Locale.ROOT)) {
      case "cursor" -> "cursor";
      case "claude-code", "claude" -> "claude-code";
      case "copilot", "github-copilot" -> "copilot";
      case "windsurf" -> "windsurf";
      case "gemini", "gemini-cli" -> "gemini";
      case "codex" -> "codex";
      case "amp" -> "amp";
      case "aider" -> "aider";
      case "devin" -> "devin";
      case "jules" -> "jules";
      case "amazon-q" -> "amazon-q";
      case "openhands" -> "openhands";
      case "replit" -> "replit";
      default -> "unknown";
    };
  }
}
