package dev.loopwatch.research.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.speedup.RunResult;
import dev.loopwatch.evals.speedup.Sandbox;
import dev.loopwatch.research.agent.AgentFolders;
import dev.loopwatch.research.agent.AgentSandbox;
import dev.loopwatch.research.agent.TranscriptUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One agent of a run while it runs: its attempts (started, restarted after a crash up to the limit,
 * stopped when asked), what it has used, and its status. Its own thread runs {@link #run}; the
 * orchestrator's supervisor reads {@link #spent} and calls {@link #stop}. Only this class touches
 * its sandboxed processes.
 */
final class AgentRun implements Runnable {
  private final String name;
  private final String direction;
  private final AgentFolders folders;
  private final String command;
  private final Map<String, String> environment;
  private final AgentSandbox sandbox;
  private final int restarts;
  private final Consumer<String> progress;
  private final Path runFolder;

  private final List<ObjectNode> attempts = new ArrayList<>();
  private AgentStatus status = AgentStatus.RUNNING;
  private Optional<String> stopReason = Optional.empty();
  private Optional<String> failure = Optional.empty();
  private double endedWall;
  private double endedCpu;
  private Sandbox.Running current;
  private TranscriptUsage transcripts = TranscriptUsage.NONE;

  AgentRun(
      String name,
      String direction,
      AgentFolders folders,
      String command,
      Map<String, String> environment,
      AgentSandbox sandbox,
      int restarts,
      Path runFolder,
      Consumer<String> progress) {
    this.name = name;
    this.direction = direction;
    this.folders = folders;
    this.command = command;
    this.environment = Map.copyOf(environment);
    this.sandbox = sandbox;
    this.restarts = restarts;
    this.runFolder = runFolder;
    this.progress = progress;
  }

  String name() {
    return name;
  }

  AgentFolders folders() {
    return folders;
  }

  synchronized AgentStatus status() {
    return status;
  }

  @Override
  public void run() {
    for (int attempt = 1; ; attempt++) {
      Sandbox.Running running;
      synchronized (this) {
        if (stopReason.isPresent()) {
          status = AgentStatus.STOPPED_BY_BUDGET;
          return;
        }
        try {
          running = sandbox.start(folders, command, environment, attempt);
        } catch (LoopwatchException e) {
          failure = Optional.of(e.getMessage());
          status = AgentStatus.FAILED;
          progress.accept(name + " failed: " + e.getMessage());
          return;
        }
        current = running;
      }
      try (running) {
        // Returns when the tree exits, or at once when stop() killed it.
        RunResult result = running.await();
        synchronized (this) {
          endedWall += result.wallSeconds();
          endedCpu += result.cpuSeconds().orElse(0);
          current = null;
          attempts.add(attemptJson(attempt, result));
          if (result.timedOut() && stopReason.isPresent()) {
            status = AgentStatus.STOPPED_BY_BUDGET;
            progress.accept(name + " stopped by budget: " + stopReason.get());
            return;
          }
          if (result.exitCode() == 0) {
            status = AgentStatus.FINISHED;
            progress.accept(name + " finished");
            return;
          }
          if (attempt > restarts) {
            status = AgentStatus.CRASHED;
            progress.accept(
                name
                    + " crashed (exit "
                    + result.exitCode()
                    + ") on attempt "
                    + attempt
                    + "; no restarts left");
            return;
          }
          progress.accept(
              name
                  + " crashed (exit "
                  + result.exitCode()
                  + "); restart "
                  + attempt
                  + " of "
                  + restarts);
        }
      } catch (LoopwatchException e) {
        synchronized (this) {
          current = null;
          failure = Optional.of(e.getMessage());
          status = AgentStatus.FAILED;
        }
        return;
      }
    }
  }

  /**
   * Stops the agent for {@code reason}: its running attempt's whole tree is killed (on a thread of
   * its own, so the caller does not wait), and it is not restarted.
   */
  synchronized void stop(String reason) {
    if (stopReason.isPresent() || status.ended()) {
      return;
    }
    stopReason = Optional.of(reason);
    Sandbox.Running running = current;
    if (running != null) {
      Thread.ofVirtual().name("lw-stop-" + name).start(running::stop);
    }
  }

  /** Sets the tokens and dollars read from its transcripts. */
  synchronized void transcripts(TranscriptUsage usage) {
    transcripts = usage;
  }

  /** What it has used so far: ended attempts plus the running one. */
  synchronized Spent spent(SubmissionCounter submissions) {
    double wall = endedWall;
    double cpu = endedCpu;
    if (current != null) {
      wall += current.elapsedNanos() / 1e9;
      cpu += current.cpuSeconds().orElse(0);
    }
    return new Spent(
        wall, cpu, submissions.submissions(name), transcripts.tokens(), transcripts.costUsd());
  }

  /** Its entry in run.json. */
  synchronized ObjectNode toJson(SubmissionCounter submissions, long posts) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name);
    node.put("status", status.wire());
    node.put("direction", direction);
    node.put("workspace", runFolder.relativize(folders.workspace()).toString());
    if (stopReason.isPresent()) {
      node.put("stopReason", stopReason.get());
    } else {
      node.putNull("stopReason");
    }
    if (failure.isPresent()) {
      node.put("failure", failure.get());
    } else {
      node.putNull("failure");
    }
    node.put("posts", posts);
    Spent spent = spent(submissions);
    ObjectNode used = node.putObject("spent");
    used.put("wallSeconds", round(spent.wallSeconds()));
    used.put("cpuSeconds", round(spent.cpuSeconds()));
    used.put("submissions", spent.submissions());
    used.put("tokens", spent.tokens());
    used.put("costUsd", round(spent.costUsd()));
    var unpriced = used.putArray("unpricedModels");
    transcripts.unpricedModels().forEach(unpriced::add);
    var list = node.putArray("attempts");
    attempts.forEach(list::add);
    return node;
  }

  private ObjectNode attemptJson(int attempt, RunResult result) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("attempt", attempt);
    node.put("exitCode", result.exitCode());
    node.put("killed", result.timedOut());
    node.put("wallSeconds", round(result.wallSeconds()));
    if (result.cpuSeconds().isPresent()) {
      node.put("cpuSeconds", round(result.cpuSeconds().getAsDouble()));
    } else {
      node.putNull("cpuSeconds");
    }
    var hit = node.putArray("limitsHit");
    result.limitsHit().forEach(hit::add);
    var leftovers = node.putArray("leftovers");
    result.leftovers().forEach(leftovers::add);
    node.put("logs", runFolder.relativize(folders.attempt(attempt)).toString());
    return node;
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
