package dev.loopwatch.research.run;

import java.nio.file.Path;
import java.util.Map;

/**
 * The seam where a run's scoring server plugs in: the orchestrator gives it a Unix-domain socket
 * path (bound into every agent's sandbox as {@code $LOOPWATCH_SCORE_SOCKET}) and the agents'
 * tokens; it serves submissions there and counts them per agent.
 */
public interface ScoringEndpoint {
  /**
   * Starts serving.
   *
   * @param socket the socket to listen on (must be connectable by the sandbox uid)
   * @param agentsByToken each agent's token to its name
   * @param runFolder the run folder (for the server's own logs)
   * @return the running server
   */
  Serving start(Path socket, Map<String, String> agentsByToken, Path runFolder);

  /** Puts what an agent may see of the task into its {@code workspace}; by default nothing. */
  default void prepareWorkspace(Path workspace) {}

  /** A scoring server serving one run; closing it stops it. */
  interface Serving extends SubmissionCounter, AutoCloseable {
    @Override
    void close();
  }
}
