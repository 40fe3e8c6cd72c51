package dev.loopwatch.spark;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.io.FileTrees;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.scan.RepositoryMiner;
import dev.loopwatch.git.scan.ScanOptions;
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

  /** Mines {@code source}; never throws for a repository that cannot be cloned or mined. */
  static MineResult mine(RepoSource source, JobPaths paths) {
    long started = System.nanoTime();
    String key = source.key();
    Optional<Path> clone = Optional.empty();
    try {
      // The built-in identity table and default options: what `scan` uses for a repository
      // without a loopwatch.toml (the job does not read one).
      ScanOptions options =
          new ScanOptions(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              List.of(),
              false,
              1,
              Optional.empty());
      RepositoryMiner miner = new RepositoryMiner(IdentityTable.builtIn(), options);
      Path repo;
      if (source.url()) {
        clone = Optional.of(cloneBlobless(source.location(), Path.of(paths.scratch()), key));
        repo = clone.get();
        miner = miner.storedAs(source.location(), source.name());
      } else {
        repo = Path.of(source.location());
      }
      Files.createDirectories(Path.of(paths.rows()));
      RepositoryMiner.Mined mined = miner.mine(repo, paths.rowsOf(key));
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
          elapsed(started));
    } catch (LoopwatchException e) {
      int code = e.kind() == LoopwatchException.Kind.USER_INPUT ? 2 : 3;
      return failed(source, key, oneLine(e.getMessage()), code, started);
    } catch (IOException | RuntimeException e) {
      return failed(source, key, "internal: " + oneLine(String.valueOf(e)), 3, started);
    } finally {
      clone.ifPresent(FileTrees::deleteQuietly);
    }
  }

  private static MineResult failed(
      RepoSource source, String key, String message, int code, long started) {
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
        elapsed(started));
  }

  /** {@code git clone --mirror --filter=blob:none URL SCRATCH/KEY.git}, replacing a leftover. */
  private static Path cloneBlobless(String url, Path scratch, String key) throws IOException {
    Files.createDirectories(scratch);
    Path target = scratch.resolve(key + ".git");
    FileTrees.deleteQuietly(target);
    List<String> command =
        List.of(
            "git", "clone", "--quiet", "--mirror", "--filter=blob:none", url, target.toString());
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
