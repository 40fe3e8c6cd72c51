package dev.loopwatch.core.process;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An owned child process: started with a deadline, its stdout streamed to the caller, its stderr
 * kept for the error message, and its whole process tree killed if the caller stops early or the
 * deadline passes.
 */
public final class ChildProcess implements AutoCloseable {
  private static final int STDERR_KEEP_BYTES = 64 * 1024;

  private final List<String> command;
  private final Process process;
  private final Thread stderrPump;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final long deadlineNanos;
  private final Thread watchdog;

  private ChildProcess(List<String> command, Process process, Duration timeout) {
    this.command = List.copyOf(command);
    this.process = process;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.stderrPump = Thread.ofVirtual().name("lw-stderr").start(this::pumpStderr);
    this.watchdog =
        Thread.ofVirtual()
            .name("lw-watchdog")
            .start(() -> {
              try {
                if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                  killTree();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  /** Starts {@code command} in {@code directory} with extra environment variables. */
  public static ChildProcess start(
      List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
    requireNonNull(command, "command is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(timeout, "timeout is null");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return new ChildProcess(command, process, timeout);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot run '" + command.getFirst() + "': " + e.getMessage(), e);
    }
  }

  /** Starts {@code command} with stdin left open for the caller to write to. */
  public static ChildProcess startInteractive(
      List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    try {
      return new ChildProcess(command, builder.start(), timeout);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot run '" + command.getFirst() + "': " + e.getMessage(), e);
    }
  }

  /** The child's standard output. */
  public InputStream stdout() {
    return process.getInputStream();
  }

  /** The child's standard input (only open for {@link #startInteractive}). */
  public java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Waits for the child to exit and returns its exit code; the deadline still applies. */
  public int waitFor() {
    try {
      long remaining = deadlineNanos - System.nanoTime();
      if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
        killTree();
        throw LoopwatchException.external(
            "'" + String.join(" ", command) + "' did not finish in time and was stopped", null);
      }
      stderrPump.join();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted waiting for " + command.getFirst(), e);
    }
  }

  /** Whether the deadline passed and the child was stopped. */
  public boolean timedOut() {
    return System.nanoTime() > deadlineNanos && !process.isAlive();
  }

  /** What the child wrote on stderr so far (the first 64 KiB), trimmed. */
  public String stderrText() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8).strip();
    }
  }

  /** The command line, for messages. */
  public List<String> command() {
    return command;
  }

  private void pumpStderr() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getErrorStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (stderr) {
          int room = STDERR_KEEP_BYTES - stderr.size();
          if (room > 0) {
            stderr.write(buffer, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException e) {
      // The child is gone; what was read is kept.
    }
  }

  private void killTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Kills the child and its descendants if they are still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      killTree();
    }
    watchdog.interrupt();
    try {
      process.getInputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
