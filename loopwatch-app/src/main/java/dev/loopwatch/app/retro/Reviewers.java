package dev.loopwatch.app.retro;

import dev.loopwatch.git.review.CommandReviewer;
import dev.loopwatch.git.review.Reviewer;
import java.time.Duration;
import java.util.Optional;

/** Turns a {@code --reviewer} value into a reviewer: a built-in analyzer name or a command. */
final class Reviewers {
  private Reviewers() {}

  /** The reviewer for {@code spec}, named {@code name} when given. */
  static Reviewer create(String spec, Optional<String> name, Duration timeout) {
    String command = spec.strip();
    if (command.isEmpty()) {
      throw dev.loopwatch.core.error.LoopwatchException.userInput("--reviewer is empty");
    }
    return new CommandReviewer(
        name.orElseGet(() -> CommandReviewer.defaultName(command)), command, timeout);
  }
}
