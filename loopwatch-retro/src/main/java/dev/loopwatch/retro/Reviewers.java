package dev.loopwatch.retro;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.retro.model.ModelRetro;
import dev.loopwatch.retro.review.CommandReviewer;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewRequest;
import dev.loopwatch.retro.review.Reviewer;
import dev.loopwatch.retro.review.ShellCommand;
import dev.loopwatch.retro.review.analyzers.PmdReviewer;
import dev.loopwatch.retro.review.analyzers.SpotBugsReviewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns a {@code --reviewer} value into a reviewer: {@code pmd}, {@code pmd:RULESET.xml}, {@code
 * spotbugs}, {@code model:NAME} (a model of loopwatch.toml, named NAME by default), or else a
 * command, whose first word, when a relative path, is resolved against the caller's working
 * directory (reviews run inside a temporary worktree).
 */
public final class Reviewers {
  private Reviewers() {}

  /**
   * The reviewer for {@code spec}, named {@code name} when given; {@code models} opens {@code
   * model:NAME} reviewers (present whenever a spec names a model).
   */
  public static Reviewer create(
      String spec, Optional<String> name, Duration timeout, Optional<ModelRetro> models) {
    String command = spec.strip();
    if (command.isEmpty()) {
      throw LoopwatchException.userInput("--reviewer is empty");
    }
    Reviewer reviewer;
    if (ModelRetro.names(command)) {
      return models
          .orElseThrow(() -> new IllegalStateException("no models for " + command))
          .reviewer(command, name);
    } else if (command.equals("pmd")) {
      reviewer = PmdReviewer.withDefaultRulesets();
    } else if (command.startsWith("pmd:")) {
      Path ruleset = Path.of(command.substring("pmd:".length()));
      if (!Files.isRegularFile(ruleset)) {
        throw LoopwatchException.userInput(
            "--reviewer " + command + ": no ruleset file " + ruleset);
      }
      reviewer = PmdReviewer.withRuleset(ruleset);
    } else if (command.equals("spotbugs")) {
      reviewer = SpotBugsReviewer.create();
    } else {
      String resolved = ShellCommand.resolve(command, Path.of("").toAbsolutePath(), "--reviewer");
      return new CommandReviewer(
          name.orElseGet(() -> CommandReviewer.defaultName(command)), resolved, timeout);
    }
    return name.<Reviewer>map(n -> new Named(n, reviewer)).orElse(reviewer);
  }

  /** A built-in reviewer under another name. */
  private record Named(String name, Reviewer delegate) implements Reviewer {
    @Override
    public ReviewOutcome review(ReviewRequest request) {
      return delegate.review(request);
    }
  }
}
