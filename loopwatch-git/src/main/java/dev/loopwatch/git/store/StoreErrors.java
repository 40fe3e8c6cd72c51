package dev.loopwatch.git.store;

import dev.loopwatch.core.error.LoopwatchException;
import java.sql.SQLException;

/** Turns SQL failures into the one user-facing error type. */
final class StoreErrors {
  private StoreErrors() {}

  static LoopwatchException wrap(String what, SQLException e) {
    String message =
        e.getMessage() == null ? "unknown error" : e.getMessage().lines().findFirst().orElse("");
    return LoopwatchException.external("store: " + what + ": " + message, e);
  }
}
