package dev.loopwatch.git.identity;

import static java.util.Objects.requireNonNull;

/**
 * A code-review bot whose suggestions people commit: GitHub's "Commit suggestion" and "Apply
 * suggestions from code review" add the bot as a {@code Co-authored-by} trailer of a commit the
 * person authors.
 *
 * @param name the bot's name, e.g. {@code gemini-code-assist}
 * @param agent the canonical agent family the bot belongs to, e.g. {@code gemini}
 * @param rule the table row that matched, e.g. {@code github-id 176961590}
 */
public record ReviewBot(String name, String agent, String rule) {
  public ReviewBot {
    requireNonNull(name, "name is null");
    requireNonNull(agent, "agent is null");
    requireNonNull(rule, "rule is null");
  }
}
