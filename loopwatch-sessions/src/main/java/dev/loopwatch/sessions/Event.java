package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One normalised thing that happened in a session. A line whose time is unknown carries the time of
 * the line before it (or {@link Instant#EPOCH} at the start of a file).
 */
public sealed interface Event {

  /** Returns when the event happened. */
  Instant at();

  /**
   * A prompt a human typed at the keyboard while the agent was idle; it starts a turn.
   *
   * @param at when
   * @param text the prompt, possibly shortened
   */
  record HumanPrompt(Instant at, String text) implements Event {
    /** Checks for nulls. */
    public HumanPrompt {
      requireNonNull(at, "at is null");
      requireNonNull(text, "text is null");
    }
  }

  /**
   * The task a parent agent handed to a subagent; it starts a turn of the subagent's session.
   *
   * @param at when
   * @param text the task, possibly shortened
   */
  record DelegatedPrompt(Instant at, String text) implements Event {
    /** Checks for nulls. */
    public DelegatedPrompt {
      requireNonNull(at, "at is null");
      requireNonNull(text, "text is null");
    }
  }

  /**
   * A prompt a human typed while the agent was working (queued or steering); it stays in the turn.
   *
   * @param at when
   * @param text the prompt, possibly shortened
   */
  record QueuedPrompt(Instant at, String text) implements Event {
    /** Checks for nulls. */
    public QueuedPrompt {
      requireNonNull(at, "at is null");
      requireNonNull(text, "text is null");
    }
  }

  /**
   * Text the agent wrote to the user.
   *
   * @param at when
   * @param model the model that wrote it, or empty when unknown
   * @param text the text, possibly shortened
   */
  record AssistantText(Instant at, String model, String text) implements Event {
    /** Checks for nulls. */
    public AssistantText {
      requireNonNull(at, "at is null");
      requireNonNull(model, "model is null");
      requireNonNull(text, "text is null");
    }
  }

  /**
   * A thinking or reasoning block of the agent (its content is not kept).
   *
   * @param at when
   */
  record Reasoning(Instant at) implements Event {
    /** Checks for nulls. */
    public Reasoning {
      requireNonNull(at, "at is null");
    }
  }

  /**
   * A tool call made by the agent.
   *
   * @param at when
   * @param id the call id that its result refers to
   * @param name the tool name
   * @param inputSummary the input, shortened to a few hundred characters
   */
  record ToolCall(Instant at, String id, String name, String inputSummary) implements Event {
    /** Checks for nulls. */
    public ToolCall {
      requireNonNull(at, "at is null");
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(inputSummary, "inputSummary is null");
    }
  }

  /**
   * The result of a tool call.
   *
   * @param at when
   * @param toolUseId the id of the call
   * @param status how the call ended
   * @param text the result text, shortened; for rejections the full marker and reason
   */
  record ToolResult(Instant at, String toolUseId, ResultStatus status, String text)
      implements Event {
    /** Checks for nulls. */
    public ToolResult {
      requireNonNull(at, "at is null");
      requireNonNull(toolUseId, "toolUseId is null");
      requireNonNull(status, "status is null");
      requireNonNull(text, "text is null");
    }
  }

  /**
   * The human stopped the agent mid-work (Esc, Ctrl-C, or a Codex turn aborted by the user).
   *
   * @param at when
   * @param marker the exact marker text or abort reason
   */
  record Interruption(Instant at, String marker) implements Event {
    /** Checks for nulls. */
    public Interruption {
      requireNonNull(at, "at is null");
      requireNonNull(marker, "marker is null");
    }
  }

  /**
   * A context compaction boundary.
   *
   * @param at when
   * @param trigger {@code auto}, {@code manual}, or empty when unknown
   * @param preTokens context tokens before compaction, or 0 when unknown
   */
  record Compaction(Instant at, String trigger, long preTokens) implements Event {
    /** Checks for nulls. */
    public Compaction {
      requireNonNull(at, "at is null");
      requireNonNull(trigger, "trigger is null");
    }
  }

  /**
   * The tokens of one assistant message, counted once however often the transcript repeats it.
   *
   * @param at when
   * @param messageId the provider's message id, or empty when unknown
   * @param model the model, or empty when unknown
   * @param usage the tokens
   */
  record TokenUsage(Instant at, String messageId, String model, Usage usage) implements Event {
    /** Checks for nulls. */
    public TokenUsage {
      requireNonNull(at, "at is null");
      requireNonNull(messageId, "messageId is null");
      requireNonNull(model, "model is null");
      requireNonNull(usage, "usage is null");
    }
  }

  /**
   * A line that is neither the human nor the agent speaking: isMeta lines, command wrappers,
   * compact summaries, system lines, notifications and the like.
   *
   * @param at when
   * @param kind a short kind such as {@code meta}, {@code command}, {@code compact-summary}, {@code
   *     system:turn_duration}
   * @param text the text, shortened
   */
  record Meta(Instant at, String kind, String text) implements Event {
    /** Checks for nulls. */
    public Meta {
      requireNonNull(at, "at is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(text, "text is null");
    }
  }
}
