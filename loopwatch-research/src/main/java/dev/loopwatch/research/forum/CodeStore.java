package dev.loopwatch.research.forum;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The run's shared code store: a bare git repository in the run folder. Agents read it directly
 * (bound read-only into their sandboxes) and write to it only through {@link #push}, which takes a
 * git bundle and stores its single head under a ref the pushing agent owns: {@code
 * refs/heads/agents/NAME} or below it. The namespace check is the harness's, outside the sandbox,
 * against the identity the agent's token proved; nothing the agent sends can widen it. A commit a
 * result pins is kept by a {@code refs/results/SEQUENCE} ref, and automatic gc is off, so snapshots
 * outlive force-pushes.
 */
public final class CodeStore {
  /** The largest bundle a push may send (64 MiB). */
  public static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private final Path repository;
  private final Path incoming;

  private CodeStore(Path repository, Path incoming) {
    this.repository = repository;
    this.incoming = incoming;
  }

  /** Creates an empty bare repository at {@code repository} (with gc off). */
  public static CodeStore create(Path repository) {
    requireNonNull(repository, "repository is null");
    try {
      Files.createDirectories(repository);
      Git.Outcome init = Git.run(repository, "init", "--bare", "--quiet");
      if (!init.ok()) {
        throw LoopwatchException.external(
            "cannot create the code store " + repository + ": " + init.error(), null);
      }
      Git.run(repository, "config", "gc.auto", "0");
      Git.run(repository, "config", "core.logAllRefUpdates", "true");
      Path incoming = Files.createDirectories(repository.resolveSibling("incoming"));
      return new CodeStore(repository, incoming);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot create the code store " + repository + ": " + e.getMessage(), e);
    }
  }

  /**
   * The text of {@code path} in the commit {@code commit} of the bare repository {@code
   * repository}, or empty when the commit or the file is not there.
   */
  public static Optional<String> show(Path repository, String commit, String path) {
    requireNonNull(repository, "repository is null");
    if (!COMMIT.matcher(commit).matches()) {
      return Optional.empty();
    }
    Git.Outcome shown = Git.run(repository, "show", commit + ":" + path);
    return shown.ok() ? Optional.of(shown.output()) : Optional.empty();
  }

  /** The bare repository. */
  public Path repository() {
    return repository;
  }

  /** Why {@code ref} may not be pushed by {@code agent}, or empty when it may. */
  static java.util.Optional<String> refProblem(String agent, String ref) {
    String own = "agents/" + agent;
    if (!ref.equals(own) && !ref.startsWith(own + "/")) {
      return java.util.Optional.of(
          "agent " + agent + " may push only " + own + " or " + own + "/*, not " + ref);
    }
    return java.util.Optional.empty();
  }

  /**
   * Stores the single head of {@code bundle} as {@code refs/heads/REF} for {@code agent}.
   *
   * @param agent the pushing agent (proven by its token)
   * @param ref the branch, {@code agents/AGENT} or below it
   * @param bundle a git bundle file (deleted afterwards)
   * @return the commit stored
   * @throws PushRefused when the ref is not the agent's (forbidden) or the bundle is unusable
   */
  public synchronized String push(String agent, String ref, Path bundle) {
    requireNonNull(agent, "agent is null");
    requireNonNull(ref, "ref is null");
    try {
      java.util.Optional<String> problem = refProblem(agent, ref);
      if (problem.isPresent()) {
        throw new PushRefused(true, problem.get());
      }
      if (!Git.run(repository, "check-ref-format", "refs/heads/" + ref).ok()) {
        throw new PushRefused(false, "not a valid branch name: " + ref);
      }
      Git.Outcome heads = Git.run(repository, "bundle", "list-heads", bundle.toString());
      if (!heads.ok()) {
        throw new PushRefused(false, "not a git bundle: " + firstLine(heads.error()));
      }
      List<String> lines = heads.output().lines().filter(line -> !line.isBlank()).toList();
      if (lines.size() != 1) {
        throw new PushRefused(
            false, "the bundle must hold exactly one head, it holds " + lines.size());
      }
      String[] head = lines.getFirst().split(" ", 2);
      Git.Outcome verify = Git.run(repository, "bundle", "verify", "--quiet", bundle.toString());
      if (!verify.ok()) {
        throw new PushRefused(false, "the bundle does not apply: " + firstLine(verify.error()));
      }
      Git.Outcome fetch =
          Git.run(
              repository,
              "fetch",
              "--quiet",
              "--no-tags",
              "--no-write-fetch-head",
              bundle.toString(),
              "+" + head[1] + ":refs/heads/" + ref);
      if (!fetch.ok()) {
        throw new PushRefused(false, "cannot store the bundle: " + firstLine(fetch.error()));
      }
      return head[0];
    } finally {
      try {
        Files.deleteIfExists(bundle);
      } catch (IOException e) {
        // A leftover file in the harness's incoming folder is harmless.
      }
    }
  }

  /** A new file in the harness-private incoming folder for the next pushed bundle. */
  public Path newBundleFile() {
    try {
      return Files.createTempFile(incoming, "push-", ".bundle");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot receive a bundle: " + e.getMessage(), e);
    }
  }

  /** Whether {@code commit} (a full hex id) is a commit in the store. */
  public boolean hasCommit(String commit) {
    return COMMIT.matcher(commit).matches()
        && Git.run(repository, "cat-file", "-e", commit + "^{commit}").ok();
  }

  /** Keeps {@code commit} reachable as {@code refs/results/SEQUENCE}. */
  void keep(long sequence, String commit) {
    Git.run(repository, "update-ref", "refs/results/" + sequence, commit);
  }

  /** The branches below {@code refs/heads/agents/}, sorted, as {@code name commit} lines. */
  public List<String> branches() {
    return Git.run(
            repository, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/")
        .output()
        .lines()
        .filter(line -> !line.isBlank())
        .sorted()
        .toList();
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("").strip();
  }

  /** A push the store refuses: 403 when the ref is not the agent's, else 400. */
  public static final class PushRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean forbidden;

    PushRefused(boolean forbidden, String message) {
      super(message);
      this.forbidden = forbidden;
    }

    /** Whether the ref belongs to another agent (HTTP 403) rather than the bundle being bad. */
    public boolean forbidden() {
      return forbidden;
    }
  }
}
