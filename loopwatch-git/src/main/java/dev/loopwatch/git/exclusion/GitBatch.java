package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One git batch command fed its whole input on stdin. The input is written from its own virtual
 * thread while the caller reads stdout, so neither side blocks on a full pipe buffer.
 */
final class GitBatch {
  private GitBatch() {}

  /**
   * Runs {@code git globalOptions... args...} with {@code input} on stdin and returns its stdout.
   *
   * @throws LoopwatchException EXTERNAL naming the command if git exits non-zero or the pipes fail
   */
  static byte[] run(
      Git git,
      List<String> globalOptions,
      List<String> args,
      Map<String, String> environment,
      byte[] input) {
    requireNonNull(git, "git is null");
    requireNonNull(globalOptions, "globalOptions is null");
    requireNonNull(args, "args is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(input, "input is null");
    List<String> command = new ArrayList<>(globalOptions);
    command.addAll(args);
    try (ChildProcess child = git.startInteractive(command, environment)) {
      AtomicReference<IOException> writeFailure = new AtomicReference<>();
      Thread writer =
          Thread.ofVirtual()
              .name("lw-git-stdin")
              .start(() -> {
                try (OutputStream stdin = child.stdin()) {
                  stdin.write(input);
                } catch (IOException e) {
                  writeFailure.set(e);
                }
              });
      byte[] output;
      try (InputStream stdout = child.stdout()) {
        output = stdout.readAllBytes();
      } catch (IOException e) {
        throw LoopwatchException.external(
            "reading output of git " + String.join(" ", args) + ": " + e.getMessage(), e);
      }
      int code = child.waitFor();
      join(writer);
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
      IOException failure = writeFailure.get();
      if (failure != null) {
        throw LoopwatchException.external(
            "writing input of git " + String.join(" ", args) + ": " + failure.getMessage(),
            failure);
      }
      return output;
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted writing to git", e);
    }
  }
}
