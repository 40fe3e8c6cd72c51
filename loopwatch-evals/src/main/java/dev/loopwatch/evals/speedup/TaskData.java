package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * The grading data of a task, passed to every run as {@code {data}}: a folder shipped with the
 * task, or a generator the harness runs for each seed at grading time.
 */
public sealed interface TaskData {
  /**
   * A folder of grading data (the {@code data = "folder"} form), copied next to each run.
   *
   * @param folder the folder (absolute, inside the task folder)
   */
  record Folder(Path folder) implements TaskData {
    public Folder {
      requireNonNull(folder, "folder is null");
    }
  }

  /**
   * A generator (the {@code data = [argv]} form): run from the task folder, in the sandbox, once
   * per seed of a grading, with {@code {seed}} replaced by the seed and {@code {data}} by a
   * harness-owned path it must create (a file or a folder); a fresh copy of what it wrote is passed
   * to each run.
   *
   * @param argv the generator's argv
   */
  record Generator(List<String> argv) implements TaskData {
    public Generator {
      argv = List.copyOf(requireNonNull(argv, "argv is null"));
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv is empty");
      }
    }
  }
}
