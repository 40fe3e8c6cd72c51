package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A user command run once through {@code /bin/sh -c}: stdin written, stdout collected, a deadline
 * after which the whole process tree is killed. Used by {@link CommandReviewer} and the
 * retrospective's judge.
 *
 * <p>Never throws for the command's own failures: a command that cannot start, exits non-zero or
 * overruns its deadline comes back as a {@link Result} saying so.
 */
public final class ShellCommand {
  /** Extra time after the deadline for the killed tree's pipes to close. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private ShellCommand() {}

  /**
   * Runs {@code command} in {@code directory} with {@code environment} added, writing {@code stdin}
   * to it, and waits at most {@code timeout}.
   */
  public static Result run(
      String command,
      Path directory,
      Map<String, String> environment,
      String stdin,
      Duration timeout) {
    requireNonNull(command, "command is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(stdin, "stdin is null");
    requireNonNull(timeout, "timeout is null");
    long started = System.nanoTime();
    ChildProcess child;
    try {
      child =
          ChildProcess.startInteractive(
              List.of("/bin/sh", "-c", command), directory, environment, timeout);
    } catch (LoopwatchException e) {
      return new Result.NotStarted(e.getMessage(), elapsed(started));
    }
    try (child) {
      Thread.ofVirtual()
          .name("lw-review-stdin")
          .start(() -> {
            try (OutputStream in = child.stdin()) {
              in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
              // The command closed its stdin without reading it all; that is its right.
            }
          });
      CompletableFuture<Exit> exit = new CompletableFuture<>();
      Thread.ofVirtual()
          .name("lw-review-wait")
          .start(() -> {
            try {
              byte[] out = child.stdout().readAllBytes();
              int code = child.waitFor();
              exit.complete(new Exit(code, new String(out, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
              exit.completeExceptionally(e);
            }
          });
      try {
        Exit done = exit.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        if (done.code() != 0 && child.timedOut()) {
          return new Result.TimedOut(timeout, elapsed(started));
        }
        return new Result.Exited(done.code(), done.stdout(), child.stderrText(), elapsed(started));
      } catch (TimeoutException e) {
        return new Result.TimedOut(timeout, elapsed(started));
      } catch (ExecutionException e) {
        if (child.timedOut() || System.nanoTime() - started >= timeout.toNanos()) {
          return new Result.TimedOut(timeout, elapsed(started));
        }
        return new Result.NotStarted(String.valueOf(e.getCause().getMessage()), elapsed(started));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted waiting for '" + command + "'", e);
      }
    }
  }

  /**
   * {@code command} with its first word made absolute against {@code cwd} when that word is a
   * relative path (contains a {@code /}), so that {@code ./review.sh} means the caller's script
   * wherever the command later runs.
   *
   * @throws LoopwatchException USER_INPUT naming {@code option} if the command is blank, or its
   *     first word is a path that is not an executable file
   */
  public static String resolve(String command, Path cwd, String option) {
    requireNonNull(command, "command is null");
    requireNonNull(cwd, "cwd is null");
    requireNonNull(option, "option is null");
    String strip = command.strip();
    if (strip.isEmpty()) {
      throw LoopwatchException.userInput(option + " is empty");
    }
    String[] parts = strip.split("\\s+", 2);
    String first = parts[0];
    if (!first.contains("/")) {
      return command;
    }
    Path file = cwd.toAbsolutePath().resolve(first).normalize();
    if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
      throw LoopwatchException.userInput(
          option
              + " "
              + first
              + ": "
              + (Files.exists(file) ? "not an executable file: " : "no such file: ")
              + file);
    }
    return quote(file.toString()) + (parts.length > 1 ? " " + parts[1] : "");
  }

  private static String quote(String word) {
    if (word.matches("[A-Za-z0-9_./+:@%=,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static Duration elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private record Exit(int code, String stdout) {}

  /** How a run ended. */
  public sealed interface Result {
    /** The wall time from start to end. */
    Duration wallTime();

    /**
     * The command ran to its end.
     *
     * @param exitCode its exit code
     * @param stdout everything it printed on stdout
     * @param stderr the first 64 KiB of its stderr, trimmed
     */
    record Exited(int exitCode, String stdout, String stderr, Duration wallTime) implements Result {
      /** Checks the fields are present. */
      public Exited {
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        requireNonNull(wallTime, "wallTime is null");
      }
    }

    /**
     * The command overran its deadline and its process tree was killed.
     *
     * @param limit the deadline it had
     */
    record TimedOut(Duration limit, Duration wallTime) implements Result {
      /** Checks the fields are present. */
      public TimedOut {
        requireNonNull(limit, "limit is null");
        requireNonNull(wallTime, "wallTime is null");
      }
    }

    /**
     * The command could not be started or waited for.
     *
     * @param reason why
     */
    record NotStarted(String reason, Duration wallTime) implements Result {
      /** Checks the fields are present. */
      public NotStarted {
        requireNonNull(reason, "reason is null");
        requireNonNull(wallTime, "wallTime is null");
      }
    }
  }
}
