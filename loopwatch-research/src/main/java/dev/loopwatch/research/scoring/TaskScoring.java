package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.research.run.ScoringEndpoint;
import dev.loopwatch.research.w2s.AgentData;
import dev.loopwatch.research.w2s.W2sExperiment;
import java.nio.file.Path;
import java.util.Map;

/**
 * A weak-to-strong task plugged into a research run: its sealed scoring server on the run's socket,
 * and its agent-visible data (messages, features, weak labels; never test labels) in each agent's
 * workspace under {@code task/}.
 */
public final class TaskScoring implements ScoringEndpoint {
  private final W2sExperiment experiment;

  /** Scores {@code experiment}'s task. */
  public TaskScoring(W2sExperiment experiment) {
    this.experiment = requireNonNull(experiment, "experiment is null");
  }

  @Override
  public Serving start(Path socket, Map<String, String> agentsByToken, Path runFolder) {
    return ScoringServer.serve(experiment, agentsByToken, socket, runFolder);
  }

  @Override
  public void prepareWorkspace(Path workspace) {
    AgentData.write(experiment, workspace.resolve("task"));
  }
}
