package dev.loopwatch.research.scoring;

/** A request the server answers with {@code status} and a one-line message. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  /** Seconds for a {@code Retry-After} header, or 0 for none. */
  final long retryAfter;

  HttpError(int status, String message) {
    this(status, message, 0);
  }

  HttpError(int status, String message, long retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}
