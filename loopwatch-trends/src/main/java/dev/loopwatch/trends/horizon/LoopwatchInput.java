package dev.loopwatch.trends.horizon;

import dev.loopwatch.core.error.LoopwatchException;

/** Builds the user-input failures of this package, all naming {@code file:line}. */
final class LoopwatchInput {
  private LoopwatchInput() {}

  static LoopwatchException fault(String file, int line, String problem) {
    return LoopwatchException.userInput(file + ":" + line + ": " + problem);
  }
}
