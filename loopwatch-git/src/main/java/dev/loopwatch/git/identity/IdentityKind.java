package dev.loopwatch.git.identity;

/** Who is behind a git identity. */
public enum IdentityKind {
  /** A person (the default for any identity the table does not know). */
  HUMAN,
  /** A coding agent acting on its own identity (Copilot coding agent, Devin, Jules ...). */
  AGENT,
  /**
   * Automation that is not a coding agent (dependabot, renovate, github-actions ...): never AI,
   * never an engineer.
   */
  BOT
}
