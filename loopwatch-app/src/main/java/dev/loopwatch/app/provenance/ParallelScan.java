package dev.loopwatch.app.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.scan.RepositoryCost;
import dev.loopwatch.git.scan.ScanOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scans repositories on a bounded pool ({@code scan --jobs N}): each worker scans one repository at
 * a time in its own store transaction on its own connection, the largest repositories first so the
 * last one to finish is a small one. A repository that fails is reported and the others complete.
 */
final class ParallelScan {
  /** Scans one repository into {@code store} (a worker's own connection). */
  @FunctionalInterface
  interface RepoScan {
    ScanOutcome scan(Store store, Path repo);
  }

  /**
   * How one repository's scan ended.
   *
   * @param repo the repository
   * @param outcome its outcome, when it succeeded
   * @param failure why it failed, when it did
   */
  record Result(Path repo, Optional<ScanOutcome> outcome, Optional<Failure> failure) {
    Result {
      requireNonNull(repo, "repo is null");
      requireNonNull(outcome, "outcome is null");
      requireNonNull(failure, "failure is null");
    }
  }

  /**
   * Why one repository's scan failed.
   *
   * @param message the one-line error
   * @param exitCode 2 for a usage or input error, 3 for an internal or external failure
   */
  record Failure(String message, int exitCode) {
    Failure {
      requireNonNull(message, "message is null");
    }
  }

  private ParallelScan() {}

  /** Scans {@code repos} with up to {@code jobs} at once; results in the order of {@code repos}. */
  static List<Result> run(Store store, List<Path> repos, int jobs, RepoScan scan) {
    if (jobs < 1) {
      throw LoopwatchException.userInput("--jobs must be at least 1: " + jobs);
    }
    // Each repository's size once (a git process each), then the largest first.
    long[] kib = repos.stream().mapToLong(RepositoryCost::packKib).toArray();
    List<Integer> largestFirst = new ArrayList<>();
    for (int i = 0; i < repos.size(); i++) {
      largestFirst.add(i);
    }
    largestFirst.sort(Comparator.comparingLong((Integer i) -> kib[i]).reversed());
    List<Future<Result>> futures = new ArrayList<>(Collections.nCopies(repos.size(), null));
    List<Result> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, repos.size()))) {
      for (int i : largestFirst) {
        Path repo = repos.get(i);
        futures.set(i, pool.submit(() -> scanOne(store, repo, scan)));
      }
      for (Future<Result> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(LoopwatchException.Kind.INTERNAL, "interrupted", e);
    } catch (ExecutionException e) {
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "scan worker failed: " + e.getCause(), e.getCause());
    }
    return List.copyOf(results);
  }

  private static Result scanOne(Store store, Path repo, RepoScan scan) {
    try (Store worker = store.duplicate()) {
      return new Result(repo, Optional.of(scan.scan(worker, repo)), Optional.empty());
    } catch (LoopwatchException e) {
      int code = e.kind() == LoopwatchException.Kind.USER_INPUT ? 2 : 3;
      return new Result(repo, Optional.empty(), Optional.of(new Failure(e.getMessage(), code)));
    } catch (IllegalArgumentException e) {
      return new Result(repo, Optional.empty(), Optional.of(new Failure(e.getMessage(), 2)));
    }
  }
}
