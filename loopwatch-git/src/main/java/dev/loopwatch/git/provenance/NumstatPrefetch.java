package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.log.NumstatReader;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * A {@code git log --numstat} pass read ahead on its own thread, so that git streams the expensive
 * pass while the miner is still busy with the cheap ones (the metadata pass, the evidence reads).
 *
 * <p>The reader thread parses git's output and queues each commit's stats in git's order, holding
 * at most {@link #FILE_BUDGET} file entries (a commit with more files than that takes the whole
 * budget and is held alone): when the caller falls that far behind, the reader waits, and git waits
 * on its full pipe, so memory stays bounded whatever the repository. The caller takes the commits
 * with {@link #next()}, which ends as {@code stream}ing the pass directly would: empty at the end,
 * or the failure (git's exit code and stderr, an unreadable entry) the direct read would have
 * thrown. Closing stops git and the reader. An optional hook runs once when the reader is done with
 * git (git exited, or the prefetch was closed), so that {@link SegmentedNumstat} can start the next
 * process when one ends.
 */
final class NumstatPrefetch implements AutoCloseable {
  /** File entries (plus one per commit) held at most; about 100 bytes each. */
  static final int FILE_BUDGET = 1 << 18;

  private final Git git;
  private final List<String> args;
  private final ChildProcess child;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final int budget;
  private final Semaphore room;
  private final Runnable onExit;
  private final Thread reader;
  private volatile boolean closed;
  private Optional<End> end = Optional.empty();

  /** One queued element: a commit's stats, or the end of the pass. */
  private sealed interface Item permits Stats, End {}

  private record Stats(NumstatReader.CommitStats stats, int cost) implements Item {}

  private record End(Optional<LoopwatchException> failure) implements Item {}

  private NumstatPrefetch(Git git, List<String> args, int budget, Runnable onExit) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be at least 1: " + budget);
    }
    this.git = requireNonNull(git, "git is null");
    this.args = List.copyOf(args);
    this.budget = budget;
    this.room = new Semaphore(budget);
    this.onExit = requireNonNull(onExit, "onExit is null");
    this.child = git.start(this.args);
    this.reader = Thread.ofVirtual().name("lw-git-numstat").start(this::read);
  }

  /** Starts {@code git args...} (a {@code -z --numstat} log) and its reader. */
  static NumstatPrefetch start(Git git, List<String> args) {
    return start(git, args, FILE_BUDGET);
  }

  /** Starts {@code git args...} and its reader, holding at most {@code budget} file entries. */
  static NumstatPrefetch start(Git git, List<String> args, int budget) {
    return start(git, args, budget, () -> {});
  }

  /**
   * Starts {@code git args...} and its reader, holding at most {@code budget} file entries; {@code
   * onExit} runs once on the reader's thread when it is done with git (git exited or was stopped).
   */
  static NumstatPrefetch start(Git git, List<String> args, int budget, Runnable onExit) {
    return new NumstatPrefetch(git, args, budget, onExit);
  }

  /**
   * The next commit's stats in git's order, waiting for git if needed; empty at the end.
   *
   * @throws LoopwatchException EXTERNAL when git failed or its output could not be read
   */
  Optional<NumstatReader.CommitStats> next() {
    if (end.isEmpty()) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted reading git numstat", e);
      }
      switch (item) {
        case Stats stats -> {
          room.release(stats.cost());
          return Optional.of(stats.stats());
        }
        case End last -> end = Optional.of(last);
      }
    }
    if (end.get().failure().isPresent()) {
      throw end.get().failure().get();
    }
    return Optional.empty();
  }

  private void read() {
    try {
      readAll();
    } finally {
      onExit.run();
    }
  }

  private void readAll() {
    End last;
    try (InputStream in = child.stdout()) {
      NumstatReader parser = new NumstatReader(in);
      Optional<NumstatReader.CommitStats> next;
      while ((next = parser.next()).isPresent()) {
        int cost = Math.min(budget, 1 + next.get().files().size());
        room.acquire(cost);
        if (closed) {
          return;
        }
        queue.add(new Stats(next.get(), cost));
      }
      int code = child.waitFor();
      last =
          new End(
              code == 0
                  ? Optional.empty()
                  : Optional.of(git.failure(args, code, child.stderrText())));
    } catch (IOException e) {
      last =
          new End(
              Optional.of(
                  LoopwatchException.external(
                      "reading output of git " + args.getFirst() + ": " + e.getMessage(), e)));
    } catch (LoopwatchException e) {
      last = new End(Optional.of(e));
    } catch (InterruptedException e) {
      return;
    } catch (RuntimeException e) {
      last =
          new End(
              Optional.of(
                  new LoopwatchException(
                      LoopwatchException.Kind.INTERNAL,
                      "reading git numstat: " + e.getMessage(),
                      e)));
    }
    if (!closed) {
      queue.add(last);
    }
  }

  /** Stops git (if still running) and the reader, and waits for both to end. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      child.close();
      // Reaped here, so that no git outlives its prefetch.
      child.waitFor();
    } catch (LoopwatchException e) {
      // Killed by the close above, or interrupted: nothing left to report.
    } finally {
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
