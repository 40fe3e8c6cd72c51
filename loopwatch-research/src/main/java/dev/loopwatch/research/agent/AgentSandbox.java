package dev.loopwatch.research.agent;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.speedup.Limits;
import dev.loopwatch.evals.speedup.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts agent attempts in the speedup harness's sandbox ({@link Sandbox}: bubblewrap with new
 * namespaces, a new session, a dedicated uid when the harness is root, a cgroup per attempt with
 * CPU, memory and pid limits, and {@code prlimit}).
 *
 * <p>An agent sees: its workspace read-write at {@code /work}, its HOME read-write at {@link
 * AgentEnvironment#HOME}, the run's endpoint sockets and the {@code lw-push} helper read-only at
 * {@link AgentEnvironment#ENDPOINTS}, and the code store read-only at {@link
 * AgentEnvironment#STORE}; plus {@code /usr} and the JDK read-only. Without {@code agentNetwork} it
 * has its own network namespace (only its own {@code lo}), so the Unix sockets are its only way
 * out; with it, it shares the host's network (its model API, and also anything else the host can
 * reach, loopback services included).
 */
public final class AgentSandbox {
  private final Sandbox sandbox;
  private final Path endpoints;
  private final Path store;
  private final boolean agentNetwork;

  /**
   * A sandbox for agents.
   *
   * @param limits each attempt's limits (memory, CPUs, pids, file size; its wall limit is a
   *     backstop, the orchestrator's budgets stop agents first)
   * @param agentNetwork share the host's network
   * @param endpoints the run's endpoints folder (sockets and {@code bin/lw-push})
   * @param store the code store (a bare repository)
   */
  public AgentSandbox(Limits limits, boolean agentNetwork, Path endpoints, Path store) {
    this.sandbox = new Sandbox(limits, false, agentNetwork);
    this.endpoints = requireNonNull(endpoints, "endpoints is null");
    this.store = requireNonNull(store, "store is null");
    this.agentNetwork = agentNetwork;
  }

  /** Whether agents share the host's network. */
  public boolean agentNetwork() {
    return agentNetwork;
  }

  /** What the sandbox does not enforce or measure here (e.g. no cgroups), one line each. */
  public List<String> gaps() {
    return sandbox.gaps();
  }

  /** Writes the {@code lw-push} helper into {@code endpoints/bin}. */
  public static void installHelpers(Path endpoints) {
    try {
      Path bin = Files.createDirectories(endpoints.resolve("bin"));
      Path push = bin.resolve("lw-push");
      Files.writeString(push, AgentEnvironment.PUSH_HELPER, StandardCharsets.UTF_8);
      push.toFile().setExecutable(true, false);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot write the agent helpers in " + endpoints + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts attempt {@code attempt} of an agent: {@code /bin/sh -c COMMAND} in its workspace.
   *
   * @param folders the agent's folders
   * @param command the agent command (paths as the agent sees them)
   * @param environment its variables ({@link AgentEnvironment#of})
   * @param attempt the attempt number, from 1 (names its log folder)
   */
  public Sandbox.Running start(
      AgentFolders folders, String command, Map<String, String> environment, int attempt) {
    Sandbox.Mounts mounts =
        new Sandbox.Mounts(
            folders.workspace(),
            Optional.empty(),
            Optional.empty(),
            List.of(
                new Sandbox.Bind(folders.home(), AgentEnvironment.HOME, true),
                new Sandbox.Bind(endpoints, AgentEnvironment.ENDPOINTS, false),
                new Sandbox.Bind(store, AgentEnvironment.STORE, false)));
    return sandbox.start(
        List.of("/bin/sh", "-c", command), mounts, folders.attempt(attempt), environment);
  }
}
