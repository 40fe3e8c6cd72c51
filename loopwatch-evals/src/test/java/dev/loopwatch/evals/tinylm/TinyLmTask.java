package dev.loopwatch.evals.tinylm;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The tiny-lm task tree as the tests see it: compiles its Java sources with the JDK's compiler and
 * runs them as child processes, the way the speedup harness does (but in quick mode).
 */
final class TinyLmTask {
  static final String ROOT = "/dev/loopwatch/evals/tasks/tiny-lm/";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private TinyLmTask() {}

  /** The task root on the test classpath (a directory under target/classes). */
  static Path root() {
    URL url = requireNonNull(TinyLmTask.class.getResource(ROOT + "task.toml"), "task.toml missing");
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of a file of the task tree, e.g. {@code baseline/src/TinyLm.java}. */
  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles one single-file program (its source given as text, saved as {@code className.java})
   * with {@code --release 21 -Xlint:all -Werror} into {@code directory}/out and returns that
   * class-output directory.
   */
  static Path compile(String className, String source, Path directory) throws IOException {
    Path src = Files.createDirectories(directory.resolve("src")).resolve(className + ".java");
    Files.writeString(src, source, StandardCharsets.UTF_8);
    Path out = Files.createDirectories(directory.resolve("out"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok =
        compiler
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-d", out.toString(), "--release", "21", "-Xlint:all", "-Werror"),
                null,
                compiler
                    .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                    .getJavaFileObjects(src))
            .call();
    if (!ok) {
      throw new IllegalStateException("compiling " + src + " failed:\n" + diagnostics);
    }
    return out;
  }

  /** Runs {@code java -cp classes mainClass args...} and fails unless it exits 0. */
  static void java(Path classes, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classes.toString());
    command.add(mainClass);
    command.addAll(args);
    try (ChildProcess child = ChildProcess.start(command, classes, Map.of(), TIMEOUT)) {
      try (InputStream stdout = child.stdout()) {
        stdout.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int exit = child.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + exit + ": " + child.stderrText());
      }
    }
  }

  /** Generates the corpus for {@code seed} with the task's generator into {@code file}. */
  static void corpus(Path generatorClasses, long seed, Path file) {
    java(
        generatorClasses,
        "CorpusGen",
        List.of("--seed", Long.toString(seed), "--out", file.toString()));
  }

  /** Runs a compiled TinyLm in quick mode and returns its result file's text. */
  static String runQuick(Path classes, long seed, Path corpus, Path result) throws IOException {
    java(
        classes,
        "TinyLm",
        List.of(
            "--seed",
            Long.toString(seed),
            "--data",
            corpus.toString(),
            "--out",
            result.toString(),
            "--quick"));
    return Files.readString(result, StandardCharsets.US_ASCII);
  }
}
