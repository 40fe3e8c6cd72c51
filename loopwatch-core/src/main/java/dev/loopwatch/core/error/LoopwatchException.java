package dev.loopwatch.core.error;

import static java.util.Objects.requireNonNull;

/**
 * The one user-facing failure type: a kind that decides the exit code and a message that names the
 * file, line, commit or field at fault.
 */
public final class LoopwatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, from the user's point of view; the CLI maps each kind to one exit code. */
  public enum Kind {
    /** The user's input (arguments, files, repositories) is wrong or unusable: exit code 2. */
    USER_INPUT,
    /** Something outside Loopwatch failed (git, the file system, a server): exit code 3. */
    EXTERNAL,
    /** A bug in Loopwatch: exit code 3. */
    INTERNAL
  }

  private final Kind kind;

  public LoopwatchException(Kind kind, String message) {
    super(requireNonNull(message, "message is null"));
    this.kind = requireNonNull(kind, "kind is null");
  }

  public LoopwatchException(Kind kind, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  /** A failure caused by the user's input. */
  public static LoopwatchException userInput(String message) {
    return new LoopwatchException(Kind.USER_INPUT, message);
  }

  /** A failure of something outside Loopwatch. */
  public static LoopwatchException external(String message, Throwable cause) {
    return new LoopwatchException(Kind.EXTERNAL, message, cause);
  }

  /** The kind of this failure. */
  public Kind kind() {
    return kind;
  }
}
