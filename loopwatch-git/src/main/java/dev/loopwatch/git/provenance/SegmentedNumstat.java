package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.log.NumstatReader;
import dev.loopwatch.git.repo.Git;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The chain's {@code git log --first-parent --numstat} pass cut into segments of the chain, one git
 * process per core, read back newest segment first: the same commits, in the same order, with the
 * same stats as one process gives.
 *
 * <p>Why: one git process diffs one commit at a time, and that process alone is the floor of a
 * scan's time. Each first-parent change is diffed against its first parent only (rename detection
 * included), so the changes are independent of each other: {@code git log --first-parent A ^B}
 * gives exactly the part of the chain from {@code A} down to, but not including, {@code B} (no
 * commit above {@code B} on the chain can be reachable from it), and the segments laid end to end
 * give the whole stream. On a machine with cores to spare, git's share of the wall time divides.
 *
 * <p>How: {@code git rev-list --first-parent} (cheap: it reads commits, not trees) lists the chain,
 * which is cut into up to {@link #SEGMENTS_PER_CORE} segments per core of equal length, each at
 * least {@link #MIN_SEGMENT} changes. More segments than cores because the newest changes cost the
 * most to diff (in git.git the newest eighth takes five times as long as the oldest): at most one
 * git per core runs at a time, and when one ends the next segment in chain order starts, so every
 * core stays busy to the end. Each segment is read ahead by its own {@link NumstatPrefetch} into a
 * bounded queue, {@link NumstatPrefetch#FILE_BUDGET} divided among the segments, so all of them
 * together hold no more than one process's read-ahead did: a later segment that outgrows its share
 * (none of git.git's does) has its git wait on its full pipe until the caller reaches it. The
 * listing and the starts happen on a thread of their own, so the caller goes on with its other
 * passes meanwhile.
 *
 * <p>One process, exactly as before, on one core, for a pathspec-limited pass (whose shown commits
 * are not the chain's) and for a chain too short to be worth cutting. {@link #next()} ends as one
 * process would: empty at the end, or a git failure (exit code and stderr) when the caller reaches
 * the segment that failed. Closing stops and reaps every git process started.
 */
final class SegmentedNumstat implements AutoCloseable {
  /** Segments per core; more than one so that the cheap old segments fill in after the new ones. */
  static final int SEGMENTS_PER_CORE = 4;

  /** The fewest first-parent changes in a segment: a shorter chain is read by one process. */
  static final int MIN_SEGMENT = 1000;

  private final Git git;
  private final List<String> options;
  private final List<String> revisions;
  private final List<String> pathspec;
  private final Plan plan;
  private final Semaphore slots;
  private final BlockingQueue<Handle> handles = new LinkedBlockingQueue<>();
  private final List<NumstatPrefetch> started = new ArrayList<>();
  private final Thread scheduler;
  private boolean closed;
  private Optional<NumstatPrefetch> current = Optional.empty();
  private boolean ended;

  /**
   * How to cut the chain.
   *
   * @param parallel git processes at most at a time
   * @param segments segments at most
   * @param minSegment changes at least per segment
   * @param budget file entries all segments' read-aheads hold at most, shared equally
   */
  record Plan(int parallel, int segments, int minSegment, int budget) {
    Plan {
      if (parallel < 1 || segments < 1 || minSegment < 1 || budget < 1) {
        throw new IllegalArgumentException(
            "plan needs positive numbers: " + List.of(parallel, segments, minSegment, budget));
      }
    }

    /**
     * One git per core, {@link #SEGMENTS_PER_CORE} segments per core, the single process's
     * read-ahead budget.
     */
    static Plan forCores(int cores) {
      return new Plan(
          cores,
          cores == 1 ? 1 : SEGMENTS_PER_CORE * cores,
          MIN_SEGMENT,
          NumstatPrefetch.FILE_BUDGET);
    }

    /** How many segments a chain of {@code length} changes is cut into (at least one). */
    int segmentsFor(int length) {
      return Math.max(1, Math.min(segments, length / minSegment));
    }
  }

  /** What the scheduler hands the caller, in chain order. */
  private sealed interface Handle permits Segment, Failed, Done {}

  private record Segment(NumstatPrefetch prefetch) implements Handle {}

  private record Failed(LoopwatchException failure) implements Handle {}

  private record Done() implements Handle {}

  private SegmentedNumstat(
      Git git, List<String> options, List<String> revisions, List<String> pathspec, Plan plan) {
    this.git = requireNonNull(git, "git is null");
    this.options = List.copyOf(options);
    this.revisions = List.copyOf(revisions);
    this.pathspec = List.copyOf(pathspec);
    this.plan = requireNonNull(plan, "plan is null");
    if (this.revisions.isEmpty() || this.revisions.getFirst().startsWith("^")) {
      throw new IllegalArgumentException("revisions must start with the tip: " + revisions);
    }
    this.slots = new Semaphore(plan.parallel());
    this.scheduler = Thread.ofVirtual().name("lw-git-segments").start(this::schedule);
  }

  /**
   * Starts {@code git options... revisions... -- pathspec...} (a {@code --first-parent -z
   * --numstat} log; {@code revisions} the tip first, then any {@code ^base}), cut into segments for
   * the machine's cores.
   */
  static SegmentedNumstat start(
      Git git, List<String> options, List<String> revisions, List<String> pathspec) {
    return start(
        git,
        options,
        revisions,
        pathspec,
        Plan.forCores(Runtime.getRuntime().availableProcessors()));
  }

  /** As {@link #start(Git, List, List, List)}, cut as {@code plan} says. */
  static SegmentedNumstat start(
      Git git, List<String> options, List<String> revisions, List<String> pathspec, Plan plan) {
    return new SegmentedNumstat(git, options, revisions, pathspec, plan);
  }

  /**
   * The next commit's stats in chain order, waiting for git if needed; empty at the end.
   *
   * @throws LoopwatchException EXTERNAL when a git process failed or its output could not be read
   */
  Optional<NumstatReader.CommitStats> next() {
    while (!ended) {
      if (current.isEmpty()) {
        Handle handle;
        try {
          handle = handles.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LoopwatchException(
              LoopwatchException.Kind.INTERNAL, "interrupted reading git numstat", e);
        }
        switch (handle) {
          case Segment segment -> current = Optional.of(segment.prefetch());
          case Failed failed -> {
            // Kept for the next call too, as a single process's failure would be.
            handles.add(failed);
            throw failed.failure();
          }
          case Done done -> ended = true;
        }
        continue;
      }
      Optional<NumstatReader.CommitStats> next = current.get().next();
      if (next.isPresent()) {
        return next;
      }
      current.get().close();
      current = Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * Lists the chain, cuts it and starts the segments in order, at most {@code parallel} at once.
   */
  private void schedule() {
    try {
      List<List<String>> segments = segmentArgs();
      int budget = Math.max(1, plan.budget() / segments.size());
      for (List<String> args : segments) {
        slots.acquire();
        synchronized (this) {
          if (closed) {
            return;
          }
          NumstatPrefetch prefetch = NumstatPrefetch.start(git, args, budget, slots::release);
          started.add(prefetch);
          handles.add(new Segment(prefetch));
        }
      }
      handles.add(new Done());
    } catch (InterruptedException e) {
      // Closed.
    } catch (LoopwatchException e) {
      handles.add(new Failed(e));
    } catch (RuntimeException e) {
      handles.add(
          new Failed(
              new LoopwatchException(
                  LoopwatchException.Kind.INTERNAL,
                  "cutting git numstat into segments: " + e.getMessage(),
                  e)));
    }
  }

  /** The git arguments of each segment, newest first. */
  private List<List<String>> segmentArgs() {
    if (plan.segments() == 1 || !pathspec.isEmpty()) {
      return List.of(args(revisions));
    }
    List<String> listing = new ArrayList<>(List.of("rev-list", "--first-parent"));
    listing.addAll(revisions);
    listing.add("--");
    Git.Result listed = git.tryRun(listing);
    // A listing git refuses (an unknown tip, say) leaves the one process to fail as it always did.
    List<String> chain =
        listed.exitCode() != 0
            ? List.of()
            : listed.stdout().lines().filter(line -> !line.isEmpty()).toList();
    int count = plan.segmentsFor(chain.size());
    if (count == 1) {
      return List.of(args(revisions));
    }
    List<String> exclusions = revisions.subList(1, revisions.size());
    List<List<String>> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<String> segment = new ArrayList<>();
      // The first segment starts at the tip as given, so it is the single process's start.
      segment.add(i == 0 ? revisions.getFirst() : chain.get(start(i, count, chain.size())));
      if (i + 1 < count) {
        segment.add("^" + chain.get(start(i + 1, count, chain.size())));
      }
      segment.addAll(exclusions);
      result.add(args(segment));
    }
    return result;
  }

  /** Where segment {@code i} of {@code count} starts in a chain of {@code length}. */
  private static int start(int i, int count, int length) {
    return (int) ((long) i * length / count);
  }

  private List<String> args(List<String> segmentRevisions) {
    List<String> args = new ArrayList<>(options);
    args.addAll(segmentRevisions);
    args.add("--");
    args.addAll(pathspec);
    return args;
  }

  /** Stops the scheduler and every git process it started, and waits for them. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    scheduler.interrupt();
    try {
      scheduler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      List<NumstatPrefetch> toClose;
      synchronized (this) {
        toClose = List.copyOf(started);
      }
      for (NumstatPrefetch prefetch : toClose) {
        prefetch.close();
      }
    }
  }
}
