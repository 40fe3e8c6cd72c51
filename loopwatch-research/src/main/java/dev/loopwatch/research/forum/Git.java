package dev.loopwatch.research.forum;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code git} against one repository, with a timeout and its output kept. */
final class Git {
  private static final int TIMEOUT_SECONDS = 120;
  private static final int MAX_BYTES = 1 << 20;

  private Git() {}

  /**
   * The outcome of one git command.
   *
   * @param exitCode the exit code
   * @param output stdout
   * @param error stderr
   */
  record Outcome(int exitCode, String output, String error) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code git --git-dir=REPO ARGS}, reading at most 1 MiB of each stream. */
  static Outcome run(Path repository, String... arguments) {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + repository));
    command.addAll(List.of(arguments));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().put("GIT_TERMINAL_PROMPT", "0");
      builder.environment().remove("GIT_DIR");
      Process process = builder.start();
      CompletableFuture<byte[]> error =
          CompletableFuture.supplyAsync(
              () -> read(process.getErrorStream()), command1 -> Thread.ofVirtual().start(command1));
      byte[] output = read(process.getInputStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new LoopwatchException(
            LoopwatchException.Kind.EXTERNAL,
            "git " + arguments[0] + " in " + repository + " took over " + TIMEOUT_SECONDS + " s");
      }
      return new Outcome(
          process.exitValue(),
          new String(output, StandardCharsets.UTF_8),
          new String(error.get(), StandardCharsets.UTF_8).strip());
    } catch (IOException | UncheckedIOException | ExecutionException e) {
      throw LoopwatchException.external("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted while running git", e);
    }
  }

  private static byte[] read(InputStream in) {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_BYTES);
      in.transferTo(OutputStreamSink.INSTANCE);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Discards what is past the cap, so the process never blocks on a full pipe. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
