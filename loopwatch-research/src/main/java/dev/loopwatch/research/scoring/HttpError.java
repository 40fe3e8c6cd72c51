package dev.loopwatch.research.scoring;

/** A request the server answers with {@code status} and a one-line message. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }
}
