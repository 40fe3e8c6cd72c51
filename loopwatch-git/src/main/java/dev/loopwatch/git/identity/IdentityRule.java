package dev.loopwatch.git.identity;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One row of the identity table: what it matches and what a match means.
 *
 * @param matcher which emails the row matches
 * @param kind AGENT or BOT
 * @param label canonical agent id for AGENT rows, the bot's name for BOT rows
 */
record IdentityRule(Matcher matcher, IdentityKind kind, String label) implements IdentityTable.Row {
  IdentityRule {
    requireNonNull(matcher, "matcher is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(label, "label is null");
    if (kind == IdentityKind.HUMAN) {
      throw new IllegalArgumentException(
          "identity rules classify agents and bots, not humans: " + label);
    }
  }

  /** How a row matches an email. */
  sealed interface Matcher {
    /** The matcher as written in the table, e.g. {@code github-id 176961590}. */
    default String describe() {
      return switch (this) {
        case Email email -> "email " + email.email();
        case GithubId id -> "github-id " + id.id();
        case EmailRegex regex -> "email-regex '" + regex.pattern().pattern() + "'";
      };
    }
  }

  /**
   * The whole email, compared case-insensitively.
   *
   * @param email the email in lower case
   */
  record Email(String email) implements Matcher {
    Email {
      requireNonNull(email, "email is null");
    }
  }

  /**
   * The numeric account id of a GitHub noreply email, whatever the login.
   *
   * @param id the account id
   */
  record GithubId(long id) implements Matcher {}

  /**
   * A regex that must match the whole email, case-insensitively.
   *
   * @param pattern the compiled regex
   */
  record EmailRegex(Pattern pattern) implements Matcher {
    EmailRegex {
      requireNonNull(pattern, "pattern is null");
    }
  }
}
