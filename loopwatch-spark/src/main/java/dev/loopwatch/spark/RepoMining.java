package dev.loopwatch.spark;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.io.FileTrees;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.scan.RepositoryMiner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an executor does with one repository: clone it blobless into scratch space when it is a URL
 * (a mirror, so notes such as {@code refs/notes/ai} come along), mine it with {@link
 * RepositoryMiner} on top of its rows folder from the last run, and say how it went. A failure is
 * that repository's result, never the task's, so the others complete.
 */
final class RepoMining {
  private static final Duration CLONE_TIMEOUT = Duration.ofHours(2);

  private RepoMining() {}

  /** Mines {@code task}: a whole repository or one range of a cut chain. Never throws. */
  static MineResult run(MineTask task, JobPaths paths, JobSettings settings) {
    return task.isRange() ? mineRange(task, paths, settings) : mine(task.source(), paths, settings);
  }

  /** Mines {@code source}; never throws for a repository that cannot be cloned or mined. */
  static MineResult mine(RepoSource source, JobPaths paths, JobSettings settings) {
    return withRepository(
        source,
        paths,
        settings,
        new Unit(0, "", source.key()),
        (miner, repo) -> {
          Files.createDirectories(Path.of(paths.rows()));
          return miner.mine(repo, paths.rowsOf(source.key()));
        });
  }

  /**
   * Mines one range of a cut chain into its own folder under {@code OUT/ranges}; never throws for a
   * range that cannot be mined, whose failure then names the range ("range 2 of 4: ...").
   */
  static MineResult mineRange(MineTask task, JobPaths paths, JobSettings settings) {
    return withRepository(
        task.source(),
        paths,
        settings,
        new Unit(task.parts(), task.label() + ": ", task.source().key() + "-range" + task.part()),
        (miner, repo) -> {
          Path folder = paths.rangeOf(task.source().key(), task.part());
          Files.createDirectories(folder.getParent());
          return miner.mineRange(repo, task.chainRange(), folder);
        });
  }

  /**
   * Joins the mined ranges of one cut chain into the repository's folder under {@code OUT/repos};
   * when one of them failed, the repository fails with that range's reason. The ranges' folders are
   * removed either way. Never throws.
   *
   * @param ranges every range of the chain, oldest first
   * @param results each range's result, in the same order
   */
  static MineResult join(
      List<MineTask> ranges, List<MineResult> results, JobPaths paths, JobSettings settings) {
    RepoSource source = ranges.getFirst().source();
    long rangeMillis = results.stream().mapToLong(MineResult::millis).sum();
    try {
      for (int i = 0; i < results.size(); i++) {
        if (!results.get(i).ok()) {
          return results.get(i).withMillis(rangeMillis);
        }
      }
      List<Path> folders =
          ranges.stream().map(task -> paths.rangeOf(source.key(), task.part())).toList();
      List<RepositoryMiner.ChainRange> chain = ranges.stream().map(MineTask::chainRange).toList();
      MineResult joined =
          withRepository(
              source,
              paths,
              settings,
              new Unit(ranges.size(), "", source.key() + "-join"),
              (miner, repo) -> {
                Files.createDirectories(Path.of(paths.rows()));
                return miner.join(repo, chain, folders, paths.rowsOf(source.key()));
              });
      return joined.withMillis(joined.millis() + rangeMillis);
    } finally {
      FileTrees.deleteQuietly(paths.rangesOf(source.key()));
    }
  }

  /**
   * What one call works on: a whole repository, a range or a join.
   *
   * @param ranges how many ranges the repository's chain was cut into (0: mined whole)
   * @param failurePrefix what a failure's reason starts with ("range 2 of 4: ")
   * @param cloneName the scratch folder's name for a URL's clone: its own for every range and the
   *     join, since an executor may run several of one repository's tasks at once
   */
  private record Unit(int ranges, String failurePrefix, String cloneName) {}

  /** What to do with the miner and the repository, once it is at hand. */
  private interface Work {
    RepositoryMiner.Mined run(RepositoryMiner miner, Path repo) throws IOException;
  }

  /**
   * Clones {@code source} blobless into scratch when it is a URL, runs {@code work} on it with a
   * miner and deletes the clone; a failure is the result (its reason after the unit's prefix),
   * never a throw.
   */
  private static MineResult withRepository(
      RepoSource source, JobPaths paths, JobSettings settings, Unit unit, Work work) {
    int ranges = unit.ranges();
    String failurePrefix = unit.failurePrefix();
    long started = System.nanoTime();
    String key = source.key();
    Optional<Path> clone = Optional.empty();
    try {
      Path repo;
      if (source.url()) {
        clone =
            Optional.of(
                cloneBlobless(source.location(), Path.of(paths.scratch()), unit.cloneName()));
        repo = clone.get();
      } else {
        repo = Path.of(source.location());
      }
      RepositoryMiner miner = settings.miner(repo);
      if (source.url()) {
        miner = miner.storedAs(source.location(), source.name());
      }
      RepositoryMiner.Mined mined = work.run(miner, repo);
      return new MineResult(
          key,
          source.location(),
          mined.outcome().name(),
          true,
          mined.outcome().mode(),
          mined.outcome().tip(),
          mined.outcome().changesMined(),
          mined.rows().rows().getOrDefault("git_changes", 0L),
          "",
          0,
          elapsed(started),
          ranges);
    } catch (LoopwatchException e) {
      int code = e.kind() == LoopwatchException.Kind.USER_INPUT ? 2 : 3;
      return failed(source, key, failurePrefix + oneLine(e.getMessage()), code, started, ranges);
    } catch (IOException | RuntimeException e) {
      String reason = failurePrefix + "internal: " + oneLine(String.valueOf(e));
      return failed(source, key, reason, 3, started, ranges);
    } finally {
      clone.ifPresent(FileTrees::deleteQuietly);
    }
  }

  private static MineResult failed(
      RepoSource source, String key, String message, int code, long started, int ranges) {
    return new MineResult(
        key,
        source.location(),
        source.name(),
        false,
        "",
        "",
        0,
        0,
        message,
        code,
        elapsed(started),
        ranges);
  }

  /** {@code git clone --mirror --filter=blob:none URL SCRATCH/NAME.git}, replacing a leftover. */
  private static Path cloneBlobless(String url, Path scratch, String name) throws IOException {
    return cloneMirror(url, scratch.resolve(name + ".git"), "blob:none");
  }

  /**
   * {@code git clone --mirror --filter=tree:0 URL SCRATCH/KEY.commits.git}: commits only, enough
   * for the driver to list a URL's first-parent chain and cut it; the caller deletes it.
   */
  static Path cloneCommits(String url, Path scratch, String key) throws IOException {
    return cloneMirror(url, scratch.resolve(key + ".commits.git"), "tree:0");
  }

  private static Path cloneMirror(String url, Path target, String filter) throws IOException {
    Path scratch = target.getParent();
    Files.createDirectories(scratch);
    FileTrees.deleteQuietly(target);
    List<String> command =
        List.of(
            "git", "clone", "--quiet", "--mirror", "--filter=" + filter, url, target.toString());
    try (ChildProcess git =
        ChildProcess.start(command, scratch, Map.of("GIT_TERMINAL_PROMPT", "0"), CLONE_TIMEOUT)) {
      git.stdout().transferTo(java.io.OutputStream.nullOutputStream());
      int code = git.waitFor();
      if (code != 0) {
        throw LoopwatchException.external(
            url + ": git clone failed (exit " + code + "): " + oneLine(git.stderrText()), null);
      }
    }
    return target;
  }

  private static String oneLine(String message) {
    String text = message == null ? "" : message.strip();
    return text.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce((a, b) -> a + "; " + b)
        .orElse("failed without a message");
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
