package dev.loopwatch.core.detour;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One thing that happened in a session, as text a model can read.
 *
 * @param role who or what produced it
 * @param at when, if the transcript records it
 * @param text the text; for a tool call the tool name and its input, for a tool result its status
 *     and output
 */
public record Step(Role role, Optional<Instant> at, String text) {

  /** Who or what produced a step. */
  public enum Role {
    /** A prompt the human typed. */
    USER("user"),
    /** Text the agent wrote to the user. */
    ASSISTANT("assistant"),
    /** A tool call of the agent. */
    TOOL_CALL("tool_call"),
    /** The result of a tool call. */
    TOOL_RESULT("tool_result"),
    /** The human stopped the agent. */
    INTERRUPT("interrupt"),
    /** Anything else worth keeping: a slash command, a shell command the human ran, a rewind. */
    NOTE("note");

    private final String id;

    Role(String id) {
      this.id = id;
    }

    /** Returns the stable id used in files, such as {@code tool_call}. */
    public String id() {
      return id;
    }

    /** Returns the role with this id, or empty. */
    public static Optional<Role> of(String id) {
      return Arrays.stream(values()).filter(role -> role.id.equals(id)).findFirst();
    }
  }

  /** Checks for nulls. */
  public Step {
    requireNonNull(role, "role is null");
    requireNonNull(at, "at is null");
    requireNonNull(text, "text is null");
  }

  /** Returns a copy with {@code text} in place of this step's text. */
  public Step withText(String text) {
    return new Step(role, at, text);
  }
}
