package dev.loopwatch.git.evidence;

/** How strongly a piece of evidence shows that lines were written by an AI agent. */
public enum Confidence {
  /** Line level: the tool that wrote the lines recorded which ones (git-ai notes, Agent Trace). */
  STRONG,
  /**
   * Change level: the commit says an agent took part (co-author trailers, footers, agent bot
   * identities).
   */
  MEDIUM,
  /**
   * Not authorship, shown and never counted: a merged agent branch name (claude/, copilot/ ...),
   * aider's committer-only marker, a code-review bot's committed suggestion.
   */
  WEAK
}
