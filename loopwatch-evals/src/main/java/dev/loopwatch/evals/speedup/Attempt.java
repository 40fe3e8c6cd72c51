package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One agent attempt at a speedup task: the baseline copied into a fresh workspace (no hidden seeds,
 * no reference), a {@code score} helper there that grades the workspace on the practice seeds, the
 * agent command run in the workspace under a time budget (its whole process tree killed at the
 * end), its output kept as the transcript, every score it asked for logged outside the workspace,
 * and the final workspace graded on the hidden seeds.
 */
public final class Attempt {
  private Attempt() {}

  /**
   * What an attempt produced.
   *
   * @param folder the attempt's folder (workspace, practice task, transcript, score log)
   * @param agentExitCode the agent command's exit code (137 when stopped at the budget)
   * @param budgetExhausted whether the agent was stopped at the budget
   * @param agentSeconds how long the agent ran
   * @param scores the score log, one JSON line per score the agent asked for
   * @param grade the final grading on the hidden seeds
   */
  public record Result(
      Path folder,
      int agentExitCode,
      boolean budgetExhausted,
      double agentSeconds,
      List<String> scores,
      GradeReport grade) {
    public Result {
      requireNonNull(folder, "folder is null");
      scores = List.copyOf(requireNonNull(scores, "scores is null"));
      requireNonNull(grade, "grade is null");
    }

    /** The agent's stdout and stderr. */
    public Path transcript() {
      return folder.resolve("transcript.txt");
    }
  }

  /**
   * Runs an attempt.
   *
   * @param task the task (with its hidden seeds)
   * @param agentCommand the agent, run with {@code /bin/sh -c} in the workspace
   * @param budget the agent's time limit
   * @param scoreCommand the argv that runs {@code loopwatch} (the score helper appends {@code
   *     speedup grade --practice ...})
   * @param options options for the final grading
   * @param progress one line per stage
   */
  public static Result run(
      TaskSpec task,
      String agentCommand,
      Duration budget,
      List<String> scoreCommand,
      GradeOptions options,
      Consumer<String> progress) {
    requireNonNull(task, "task is null");
    requireNonNull(agentCommand, "agentCommand is null");
    requireNonNull(budget, "budget is null");
    if (task.practiceSeeds().isEmpty()) {
      throw LoopwatchException.userInput(
          task.folder().resolve(TaskSpec.FILE_NAME) + ": an attempt needs practice_seeds");
    }
    try {
      Path folder = Files.createTempDirectory("loopwatch-attempt-");
      Path workspace = folder.resolve("workspace");
      Trees.copy(task.baseline(), workspace);
      Path practice = writePracticeTask(task, folder.resolve("practice-task"));
      Path scores = folder.resolve("scores.jsonl");
      Files.createFile(scores);
      Path score = workspace.resolve("score");
      List<String> argv = new java.util.ArrayList<>(scoreCommand);
      argv.addAll(
          List.of(
              "speedup",
              "grade",
              "--practice",
              "--no-reference",
              "--score-log",
              scores.toString(),
              practice.toString()));
      Files.writeString(
          score,
          "#!/bin/sh\n"
              + "# Grades this workspace on the practice seeds only; prints verdicts and speedup.\n"
              + "exec "
              + argv.stream().map(Attempt::quote).collect(Collectors.joining(" "))
              + " \"$(cd \"$(dirname \"$0\")\" && pwd)\" \"$@\"\n",
          StandardCharsets.UTF_8);
      score.toFile().setExecutable(true, false);
      progress.accept("running the agent in " + workspace + " for at most " + budget);
      ProcessBuilder builder =
          new ProcessBuilder("setsid", "/bin/sh", "-c", agentCommand).directory(workspace.toFile());
      builder.environment().put("LOOPWATCH_SCORE", score.toString());
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.redirectErrorStream(true);
      builder.redirectOutput(folder.resolve("transcript.txt").toFile());
      long start = System.nanoTime();
      Process process = builder.start();
      boolean finished = process.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      ProcessScan.killAll(process.pid());
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      int exit = finished ? process.exitValue() : 137;
      progress.accept("grading the final workspace on the hidden seeds");
      GradeReport grade = Grader.grade(task, new Candidate.Folder(workspace), options, progress);
      return new Result(
          folder,
          exit,
          !finished,
          seconds,
          Files.readAllLines(scores, StandardCharsets.UTF_8),
          grade);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot set up the attempt: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted while the agent ran", e);
    }
  }

  /**
   * A copy of the task with the practice seeds only: no grading seeds, no reference. A data
   * generator's files come along: every entry of the task folder except {@code task.toml}, the
   * reference and the baseline (which is copied as {@code baseline}).
   */
  static Path writePracticeTask(TaskSpec task, Path folder) throws IOException {
    Trees.copy(task.baseline(), folder.resolve("baseline"));
    Optional<TaskData> data = task.data();
    StringBuilder toml = new StringBuilder();
    toml.append("name = ").append(quoteToml(task.name())).append('\n');
    toml.append("practice_only = true\n");
    toml.append("baseline = \"baseline\"\n");
    switch (data.orElse(null)) {
      case null -> {}
      case TaskData.Folder(Path source) -> {
        Trees.copy(source, folder.resolve("data"));
        toml.append("data = \"data\"\n");
      }
      case TaskData.Generator(List<String> argv) -> {
        List<Path> entries;
        try (java.util.stream.Stream<Path> list = Files.list(task.folder())) {
          entries = list.sorted().toList();
        }
        for (Path entry : entries) {
          boolean skip =
              entry.getFileName().toString().equals(TaskSpec.FILE_NAME)
                  || entry.equals(task.baseline())
                  || task.reference().filter(entry::equals).isPresent()
                  || entry.getFileName().toString().equals("baseline");
          if (skip) {
            continue;
          }
          if (Files.isDirectory(entry)) {
            Trees.copy(entry, folder.resolve(entry.getFileName().toString()));
          } else {
            Files.copy(entry, folder.resolve(entry.getFileName().toString()));
          }
        }
        toml.append("data = ").append(list(argv)).append('\n');
      }
    }
    toml.append("build = ").append(list(task.build())).append('\n');
    toml.append("run = ").append(list(task.run())).append('\n');
    toml.append("editable = ").append(list(task.editable())).append('\n');
    toml.append("outputs = [");
    for (int i = 0; i < task.outputs().size(); i++) {
      toml.append(i == 0 ? "" : ", ");
      switch (task.outputs().get(i)) {
        case OutputRule.Exact exact ->
            toml.append("{ file = ").append(quoteToml(exact.file())).append(", rule = \"exact\" }");
        case OutputRule.Numeric numeric ->
            toml.append("{ file = ")
                .append(quoteToml(numeric.file()))
                .append(", rule = \"numeric\", abs_tol = ")
                .append(numeric.absTol())
                .append(", rel_tol = ")
                .append(numeric.relTol())
                .append(" }");
      }
    }
    toml.append("]\n");
    toml.append("practice_seeds = ").append(task.practiceSeeds()).append('\n');
    toml.append("max_speedup = ").append(task.maxSpeedup()).append('\n');
    toml.append(
        String.format(
            java.util.Locale.ROOT,
            "limits = { wall_seconds = %d, memory_mb = %d, cpus = %d, file_mb = %d, pids = %d%s"
                + " }%n",
            task.limits().wallSeconds(),
            task.limits().memoryMb(),
            task.limits().cpus(),
            task.limits().fileMb(),
            task.limits().pids(),
            task.limits().outputMb() > 0 ? ", output_mb = " + task.limits().outputMb() : ""));
    toml.append("pairs = ").append(task.pairs()).append('\n');
    Files.writeString(folder.resolve(TaskSpec.FILE_NAME), toml.toString(), StandardCharsets.UTF_8);
    return folder;
  }

  private static String list(List<String> values) {
    return values.stream().map(Attempt::quoteToml).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String quoteToml(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
