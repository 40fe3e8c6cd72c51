package dev.loopwatch.app.speedup;

import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.Candidate;
import dev.loopwatch.evals.speedup.GradeOptions;
import dev.loopwatch.evals.speedup.GradeReport;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.evals.speedup.TaskSpec;
import dev.loopwatch.evals.speedup.Tasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch speedup grade}: grades one candidate against a task. */
@Command(
    name = "grade",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:accepted (every check passed)",
      "1:rejected (a check failed or flagged the candidate for review)",
      "2:usage or input error",
      "3:internal or external failure"
    },
    description = {
      "Grade whether a candidate is faster than the task's baseline without changing its outputs.",
      "Builds the baseline and the candidate from clean copies in a bubblewrap sandbox, compares",
      "their outputs on grading seeds drawn now, times interleaved pairs (each on a fresh seed,",
      "every output checked) and runs the anti-cheat checks."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch speedup grade tiny-lm ./my-candidate",
      "  loopwatch speedup grade path/to/task REPO@3f2a1c --pairs 10 --json",
      "  loopwatch speedup grade tiny-lm reference --db ~/.loopwatch/loopwatch.duckdb"
    })
public final class GradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TASK",
      description = "A task folder or a built-in task name (tiny-lm).")
  String task;

  @Parameters(
      index = "1",
      paramLabel = "CANDIDATE",
      description = "A folder, REPO@COMMIT, or a commit of the task's repository.")
  String candidate;

  @Option(
      names = "--pairs",
      paramLabel = "N",
      description = "Timed pairs (default: the task's pairs).")
  Integer pairs;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--unsafe-no-sandbox",
      description =
          "Grade without the bubblewrap sandbox (when bwrap is unusable here); the report says so first.")
  boolean unsafeNoSandbox;

  @Option(
      names = "--practice",
      description = "Use the practice seeds, not the hidden grading seeds (the score helper).")
  boolean practice;

  @Option(names = "--no-reference", description = "Do not time the task's reference solution.")
  boolean noReference;

  @Option(
      names = "--score-log",
      paramLabel = "FILE",
      hidden = true,
      description = "Append the report as one JSON line to FILE (used by the score helper).")
  Path scoreLog;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description =
          "Also record the result in this store, a DuckDB file (e.g. ~/.loopwatch/loopwatch.duckdb).")
  Path store;

  /** The old spelling of {@code --db}, kept hidden for one release. */
  @Option(names = "--store", hidden = true, paramLabel = "FILE")
  void store(Path path) {
    store = path;
  }

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public Integer call() {
    if (pairs != null && pairs < 2) {
      throw LoopwatchException.userInput("--pairs must be at least 2, not " + pairs);
    }
    TaskSpec spec = Tasks.resolve(task);
    try {
      return call(spec);
    } finally {
      Tasks.release(spec);
    }
  }

  private Integer call(TaskSpec spec) {
    Candidate parsed = Candidate.parse(candidate, spec);
    PrintWriter err = this.spec.commandLine().getErr();
    GradeReport report =
        dev.loopwatch.evals.speedup.Grader.grade(
            spec,
            parsed,
            new GradeOptions(pairs == null ? 0 : pairs, unsafeNoSandbox, practice, !noReference),
            line -> {
              err.println("loopwatch: " + line);
              err.flush();
            });
    if (scoreLog != null) {
      appendLine(scoreLog, report);
    }
    if (store != null) {
      try (Store opened = Store.open(store, StoreParts.ALL)) {
        SpeedupStore.recordGrading(opened, report, Instant.now());
      }
    }
    PrintWriter out = this.spec.commandLine().getOut();
    if (json) {
      Json.print(report, out);
    } else {
      GradeText.print(report, out);
    }
    return report.accepted() ? Main.OK : Main.VIOLATIONS;
  }

  static void appendLine(Path file, Object value) {
    try {
      Files.writeString(
          file,
          Json.mapper().writeValueAsString(value) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }
}
