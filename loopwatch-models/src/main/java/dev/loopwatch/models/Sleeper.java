package dev.loopwatch.models;

import java.time.Duration;

/** Waits; tests pass one that records the waits instead. */
@FunctionalInterface
public interface Sleeper {
  /** The real clock: {@link Thread#sleep(Duration)}. */
  Sleeper REAL =
      duration -> {
        try {
          Thread.sleep(duration);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting", e);
        }
      };

  /** Waits for {@code duration}. */
  void sleep(Duration duration);
}
