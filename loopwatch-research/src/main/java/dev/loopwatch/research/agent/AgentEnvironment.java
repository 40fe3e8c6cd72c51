package dev.loopwatch.research.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables that tell an agent who it is and where the run's endpoints are (the
 * names are documented in docs/RESEARCH.md, "Running agents"). Paths are as the agent sees them
 * inside its sandbox.
 */
public final class AgentEnvironment {
  /** The agent's name, e.g. {@code a1}. */
  public static final String AGENT = "LOOPWATCH_AGENT";

  /** The agent's secret token, sent as {@code Authorization: Bearer TOKEN}. */
  public static final String TOKEN = "LOOPWATCH_TOKEN";

  /** The agent's starting direction (one line of the directions file). */
  public static final String DIRECTION = "LOOPWATCH_DIRECTION";

  /** The agent's workspace folder (also its current directory). */
  public static final String WORKSPACE = "LOOPWATCH_WORKSPACE";

  /** The forum's Unix-domain socket. */
  public static final String FORUM_SOCKET = "LOOPWATCH_FORUM_SOCKET";

  /** The forum's base URL, to use with the socket ({@code curl --unix-socket}). */
  public static final String FORUM_URL = "LOOPWATCH_FORUM_URL";

  /** The scoring server's Unix-domain socket, when the run has one. */
  public static final String SCORE_SOCKET = "LOOPWATCH_SCORE_SOCKET";

  /** The scoring server's base URL, to use with its socket. */
  public static final String SCORE_URL = "LOOPWATCH_SCORE_URL";

  /** The code store (a bare git repository, read-only: clone and fetch; push with lw-push). */
  public static final String GIT_URL = "LOOPWATCH_GIT_URL";

  /** Where the endpoints are mounted in every agent's sandbox. */
  public static final Path ENDPOINTS = Path.of("/run/loopwatch");

  /** Where the code store is mounted (read-only). */
  public static final Path STORE = Path.of("/run/loopwatch-store.git");

  /** The agent's HOME (its own folder, kept in the run folder: transcripts are read from it). */
  public static final Path HOME = Path.of("/home/agent");

  /** The forum's socket file name inside the endpoints folder. */
  public static final String FORUM_SOCKET_NAME = "forum.sock";

  /** The scoring server's socket file name inside the endpoints folder. */
  public static final String SCORE_SOCKET_NAME = "score.sock";

  private AgentEnvironment() {}

  /**
   * The variables for one agent.
   *
   * @param agent its name
   * @param token its token
   * @param direction its starting direction
   * @param workspace its workspace as it sees it
   * @param scoring whether the run has a scoring server
   */
  public static Map<String, String> of(
      String agent, String token, String direction, Path workspace, boolean scoring) {
    requireNonNull(agent, "agent is null");
    requireNonNull(token, "token is null");
    requireNonNull(direction, "direction is null");
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AGENT, agent);
    env.put(TOKEN, token);
    env.put(DIRECTION, direction);
    env.put(WORKSPACE, workspace.toString());
    env.put(FORUM_SOCKET, ENDPOINTS.resolve(FORUM_SOCKET_NAME).toString());
    env.put(FORUM_URL, "http://forum");
    if (scoring) {
      env.put(SCORE_SOCKET, ENDPOINTS.resolve(SCORE_SOCKET_NAME).toString());
      env.put(SCORE_URL, "http://score");
    }
    env.put(GIT_URL, STORE.toString());
    env.put("HOME", HOME.toString());
    env.put("PATH", ENDPOINTS.resolve("bin") + ":" + javaBin() + ":/usr/local/bin:/usr/bin:/bin");
    env.put("GIT_AUTHOR_NAME", agent);
    env.put("GIT_AUTHOR_EMAIL", agent + "@agents.loopwatch.invalid");
    env.put("GIT_COMMITTER_NAME", agent);
    env.put("GIT_COMMITTER_EMAIL", agent + "@agents.loopwatch.invalid");
    return env;
  }

  private static String javaBin() {
    return Optional.ofNullable(System.getProperty("java.home"))
        .map(home -> Path.of(home, "bin").toString())
        .orElse("/usr/bin");
  }

  /**
   * The agent's starting {@code ~/.gitconfig}: the code store belongs to the harness's user, and
   * git reads another user's repository only when a global or system config names it safe (a {@code
   * -c} or environment setting is ignored for this key).
   */
  public static final String GITCONFIG =
      "[safe]\n\tdirectory = " + STORE + "\n[init]\n\tdefaultBranch = main\n";

  /**
   * The {@code lw-push} helper on every agent's PATH: bundles a branch (default HEAD) of the git
   * repository in the current folder and sends it to the forum's push endpoint as {@code
   * agents/$LOOPWATCH_AGENT/NAME}; prints the server's answer (the commit) and fails on refusal.
   */
  public static final String PUSH_HELPER =
      "#!/bin/sh\n"
          + "# lw-push [REF [REV]]: send REV (a branch or HEAD; default HEAD) of the repository in\n"
          + "# the current folder to the run's code store as branch REF (default\n"
          + "# agents/$LOOPWATCH_AGENT/main). Only agents/$LOOPWATCH_AGENT[/...] is accepted.\n"
          + "set -e\n"
          + "ref=${1:-agents/$LOOPWATCH_AGENT/main}\n"
          + "rev=${2:-HEAD}\n"
          + "tmp=$(mktemp -d)\n"
          + "trap 'rm -rf \"$tmp\"' EXIT\n"
          + "git bundle create -q \"$tmp/push.bundle\" \"$rev\"\n"
          + "curl -sS --fail-with-body --unix-socket \"$LOOPWATCH_FORUM_SOCKET\" \\\n"
          + "  -H \"Authorization: Bearer $LOOPWATCH_TOKEN\" \\\n"
          + "  -H 'Content-Type: application/octet-stream' \\\n"
          + "  --data-binary \"@$tmp/push.bundle\" \\\n"
          + "  \"$LOOPWATCH_FORUM_URL/git/push?ref=$ref\"\n";
}
