package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
   * Runs an attempt, the agent without network.
   *
   * @see #run(TaskSpec, String, Duration, List, GradeOptions, boolean, Consumer)
   */
  public static Result run(
      TaskSpec task,
      String agentCommand,
      Duration budget,
      List<String> scoreCommand,
      GradeOptions options,
      Consumer<String> progress) {
    return run(task, agentCommand, budget, scoreCommand, options, false, progress);
  }

  /**
   * Runs an attempt: the agent in the same kind of sandbox as a graded run, seeing only its
   * workspace (at {@code /work}) and the score channel (at {@code /out}); never the jar, the task
   * folder, the reference or the grading seeds.
   *
   * <p>The score helper ({@code /work/score}) speaks a file-drop protocol the harness watches: it
   * writes {@code /out/ID.request} (its arguments, one line; written to a temporary name, then
   * renamed), and waits for {@code /out/ID.exit}, then prints {@code /out/ID.stderr} (progress) and
   * {@code /out/ID.response} (the report) and exits with that code. For each request the harness,
   * outside the sandbox, runs {@code scoreCommand speedup grade --practice --no-reference
   * --score-log SCORES PRACTICE_TASK WORKSPACE ARGS} (itself sandboxed like any grading) and writes
   * the answer back.
   *
   * @param task the task (with its hidden seeds)
   * @param agentCommand the agent, run with {@code /bin/sh -c} in the workspace
   * @param budget the agent's time limit
   * @param scoreCommand the argv that runs {@code loopwatch} (the harness appends {@code speedup
   *     grade --practice ...})
   * @param options options for the final grading
   * @param agentNetwork give the agent the host's network (its model API); never graded runs
   * @param progress one line per stage
   */
  public static Result run(
      TaskSpec task,
      String agentCommand,
      Duration budget,
      List<String> scoreCommand,
      GradeOptions options,
      boolean agentNetwork,
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
      Path channel = Files.createDirectories(folder.resolve("score-channel"));
      Path score = workspace.resolve("score");
      Files.writeString(score, SCORE_HELPER, StandardCharsets.UTF_8);
      score.toFile().setExecutable(true, false);
      Limits limits =
          new Limits(
              (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toSeconds())),
              task.limits().memoryMb(),
              task.limits().cpus(),
              task.limits().fileMb(),
              Math.max(task.limits().pids(), 1024),
              0);
      Sandbox sandbox = new Sandbox(limits, options.unsafeNoSandbox(), agentNetwork);
      Sandbox.Mounts mounts = new Sandbox.Mounts(workspace, Optional.empty(), Optional.of(channel));
      List<String> base = new ArrayList<>(scoreCommand);
      base.addAll(
          List.of(
              "speedup",
              "grade",
              "--practice",
              "--no-reference",
              "--score-log",
              scores.toString(),
              practice.toString(),
              workspace.toString()));
      progress.accept(
          "running the agent in "
              + workspace
              + " for at most "
              + budget
              + (agentNetwork ? " (with the network)" : " (no network)"));
      ScoreServer server = new ScoreServer(channel, base, sandbox.sandboxed());
      Thread watcher = Thread.ofVirtual().name("lw-score").start(server);
      RunResult agent;
      try {
        agent =
            sandbox.run(
                // One stream, interleaved as written, like a terminal: the transcript.
                List.of("/bin/sh", "-c", "exec 2>&1\n" + agentCommand),
                mounts,
                folder.resolve("agent-logs"),
                Map.of("LOOPWATCH_SCORE", sandbox.workPath(mounts).resolve("score").toString()));
      } finally {
        server.stop();
        watcher.join(Duration.ofSeconds(30));
      }
      Files.write(
          folder.resolve("transcript.txt"),
          concat(folder.resolve("agent-logs/stdout.txt"), folder.resolve("agent-logs/stderr.txt")));
      Trees.reclaim(workspace);
      Trees.delete(channel);
      int exit = agent.timedOut() ? 137 : agent.exitCode();
      progress.accept("grading the final workspace on fresh hidden seeds");
      GradeReport grade = Grader.grade(task, new Candidate.Folder(workspace), options, progress);
      return new Result(
          folder,
          exit,
          agent.timedOut(),
          agent.wallSeconds(),
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

  /** The score helper in the agent's workspace: a file drop the harness answers. */
  static final String SCORE_HELPER =
      "#!/bin/sh\n"
          + "# Grades this workspace on the practice seeds (public), through the harness: writes a\n"
          + "# request into /out and waits for the answer. Arguments (e.g. --json) are passed on.\n"
          + "id=$$-$(date +%s%N)\n"
          + "printf '%s\\n' \"$*\" > /out/$id.tmp && mv /out/$id.tmp /out/$id.request || exit 3\n"
          + "while [ ! -f /out/$id.exit ]; do sleep 0.2; done\n"
          + "cat /out/$id.stderr >&2\n"
          + "cat /out/$id.response\n"
          + "exit \"$(cat /out/$id.exit)\"\n";

  private static byte[] concat(Path first, Path second) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Path file : List.of(first, second)) {
      if (Files.isRegularFile(file)) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
          in.transferTo(out);
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * Answers score requests dropped into the channel folder until stopped: each request runs the
   * score command outside the sandbox (one at a time), its output becomes the response.
   */
  private static final class ScoreServer implements Runnable {
    private final Path channel;
    private final List<String> command;
    private final boolean sandboxed;
    private volatile boolean stopped;

    ScoreServer(Path channel, List<String> command, boolean sandboxed) {
      this.channel = channel;
      this.command = List.copyOf(command);
      this.sandboxed = sandboxed;
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void run() {
      while (!stopped) {
        try (java.util.stream.Stream<Path> entries = Files.list(channel)) {
          for (Path request :
              entries
                  .filter(path -> path.getFileName().toString().endsWith(".request"))
                  .sorted()
                  .toList()) {
            answer(request);
          }
          Thread.sleep(100);
        } catch (IOException e) {
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void answer(Path request) throws IOException, InterruptedException {
      String name = request.getFileName().toString();
      String id = name.substring(0, name.length() - ".request".length());
      if (!id.matches("[0-9-]+")) {
        Files.deleteIfExists(request);
        return;
      }
      String line;
      try (java.io.InputStream in = Files.newInputStream(request)) {
        line = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
      Files.deleteIfExists(request);
      List<String> argv = new ArrayList<>(command);
      if (!sandboxed) {
        argv.add(argv.indexOf("--practice"), "--unsafe-no-sandbox");
      }
      for (String argument : line.split("\\s+")) {
        if (argument.equals("--json")) {
          argv.add(argument);
        }
      }
      Path response = channel.resolve(id + ".response");
      Path errors = channel.resolve(id + ".stderr");
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectOutput(response.toFile())
              .redirectError(errors.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process process = builder.start();
      int exit = process.waitFor(6, TimeUnit.HOURS) ? process.exitValue() : 3;
      process.destroyForcibly();
      giveAway(response);
      giveAway(errors);
      Path exitFile = channel.resolve(id + ".exit.tmp");
      Files.writeString(exitFile, exit + "\n", StandardCharsets.UTF_8);
      giveAway(exitFile);
      Files.move(
          exitFile, channel.resolve(id + ".exit"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void giveAway(Path file) throws IOException {
      if (Sandbox.root()) {
        Files.setAttribute(file, "unix:uid", Sandbox.uid());
        Files.setAttribute(file, "unix:gid", Sandbox.uid());
      }
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
        Trees.copyGeneratorFiles(task, folder);
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
}
