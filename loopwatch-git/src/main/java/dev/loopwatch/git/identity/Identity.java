package dev.loopwatch.git.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A classified git identity.
 *
 * @param name display name (mailmapped)
 * @param email email (mailmapped)
 * @param kind human, coding agent or automation bot
 * @param agent canonical agent id when {@code kind} is AGENT (e.g. {@code copilot}), or the bot's
 *     id when BOT
 */
public record Identity(String name, String email, IdentityKind kind, Optional<String> agent) {
  public Identity {
    requireNonNull(name, "name is null");
    requireNonNull(email, "email is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(agent, "agent is null");
  }
}
