package dev.loopwatch.evals.speedup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny speedup tasks built from shell scripts: the baseline "program" sleeps 0.3 s and writes
 * numbers computed from the seed by a 20000-term awk loop.
 */
final class TaskTrees {
  /** The baseline program: sleep, then the loop. */
  static final String BASELINE = program("0.2", "20000", "");

  private TaskTrees() {}

  /**
   * A program that sleeps {@code sleep} seconds and sums {@code terms} terms, after {@code
   * prelude}.
   */
  static String program(String sleep, String terms, String prelude) {
    return "#!/bin/sh\n"
        + "seed=\"$1\"\n"
        + "out=\"$2\"\n"
        + prelude
        + "sleep "
        + sleep
        + "\n"
        + "awk -v s=\"$seed\" 'BEGIN { x = 0; for (i = 1; i <= "
        + terms
        + "; i++) x += 1 / (i * i);"
        + " printf \"seed %d\\nloss %.8f\\nacc %.6f\\n\", s, x * s, 1 / (s + 1) }' > \"$out\"\n";
  }

  /** Writes a task folder with a baseline (and optionally reference) under {@code folder}. */
  static Path task(Path folder, String extraToml) {
    write(folder.resolve("baseline/src/prog.sh"), BASELINE);
    write(
        folder.resolve("baseline/build.sh"),
        "#!/bin/sh\nif [ -f src/build-hook.sh ]; then sh src/build-hook.sh; fi\n");
    write(folder.resolve("baseline/lib/constants.txt"), "pi 3.14159\n");
    write(
        folder.resolve("task.toml"),
        """
        name = "tiny-sleep"
        baseline = "baseline"
        build = ["sh", "build.sh"]
        run = ["sh", "src/prog.sh", "{seed}", "{output}"]
        editable = ["src/**"]
        outputs = [{ file = "{output}", rule = "numeric", abs_tol = 1e-4, rel_tol = 1e-3 }]
        check_seeds = 3
        practice_seeds = [1, 2]
        max_speedup = 200
        limits = { wall_seconds = 30, memory_mb = 512, cpus = 2 }
        pairs = 3
        """
            + extraToml);
    return folder;
  }

  /** A candidate: a copy of the baseline with {@code src/prog.sh} replaced. */
  static Path candidate(Path task, Path folder, String program) {
    Trees.copy(task.resolve("baseline"), folder);
    write(folder.resolve("src/prog.sh"), program);
    return folder;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
