package dev.loopwatch.research.run;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.evals.speedup.Limits;
import java.nio.file.Path;
import java.util.List;

/**
 * What a research run is asked to do.
 *
 * @param task the task's name or folder, as given (recorded)
 * @param agentCommands the agent commands, each run with {@code /bin/sh -c} in its workspace; agent
 *     {@code i} (from 0) runs command {@code i mod K}, so one command runs every agent
 * @param agents the number of agents
 * @param directions their starting directions
 * @param folder the run folder (created; must not exist or be empty)
 * @param agentBudget each agent's budget
 * @param runBudget the whole run's budget (sums over agents; wall is the run's own clock)
 * @param restarts how many times a crashed agent is started again
 * @param agentNetwork share the host's network with agents (for a model API)
 * @param limits each attempt's sandbox limits (memory, CPUs, pids, file size)
 */
public record RunSpec(
    String task,
    List<String> agentCommands,
    int agents,
    Directions directions,
    Path folder,
    Budget agentBudget,
    Budget runBudget,
    int restarts,
    boolean agentNetwork,
    Limits limits) {
  public RunSpec {
    requireNonNull(task, "task is null");
    agentCommands = List.copyOf(requireNonNull(agentCommands, "agentCommands is null"));
    if (agentCommands.isEmpty()) {
      throw new IllegalArgumentException("at least one agent command is needed");
    }
    requireNonNull(directions, "directions is null");
    requireNonNull(folder, "folder is null");
    requireNonNull(agentBudget, "agentBudget is null");
    requireNonNull(runBudget, "runBudget is null");
    requireNonNull(limits, "limits is null");
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be positive: " + agents);
    }
    if (restarts < 0) {
      throw new IllegalArgumentException("restarts must be >= 0: " + restarts);
    }
  }

  /** The command agent {@code index} (from 0) runs. */
  public String agentCommand(int index) {
    return agentCommands.get(index % agentCommands.size());
  }
}
