package dev.loopwatch.app.ledger;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.log.AppendResult;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Note;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The single thread that integrates entries into a log in batches (group commit).
 *
 * <p>A batch starts when an entry arrives; the integrator then keeps taking entries as long as they
 * keep coming (no gap longer than {@code linger}), until it holds {@code maxBatch} entries or
 * {@code maxWait} has passed since the first, and integrates the batch with one {@link
 * TileLog#append} (one round of fsyncs and one checkpoint signature). Entries arriving while a
 * batch is written queue up and form the next batch, so the batch size grows with the load. Every
 * waiting submitter is completed once its batch is durable, or failed with the append's error.
 */
final class Integrator implements AutoCloseable {
  /** The index given to an entry and the signed checkpoint that first covers it. */
  record Added(long index, Note checkpoint) {
    Added {
      requireNonNull(checkpoint, "checkpoint is null");
    }
  }

  /** The entry waiting for integration and its submitter's future. */
  private record Pending(byte[] entry, CompletableFuture<Added> done) {}

  /** Thrown to submitters when the queue is full or the integrator has stopped. */
  static final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message) {
      super(message);
    }
  }

  private final TileLog log;
  private final Consumer<Note> signed;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final long lingerNanos;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean running = true;

  Integrator(TileLog log, int maxBatch, Duration maxWait, Duration linger, int queueCapacity) {
    this(log, maxBatch, maxWait, linger, queueCapacity, checkpoint -> {});
  }

  /** An integrator that hands every newly signed checkpoint to {@code signed} after its batch. */
  Integrator(
      TileLog log,
      int maxBatch,
      Duration maxWait,
      Duration linger,
      int queueCapacity,
      Consumer<Note> signed) {
    this.log = requireNonNull(log, "log is null");
    this.signed = requireNonNull(signed, "signed is null");
    if (maxBatch < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("maxBatch and queueCapacity must be positive");
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.lingerNanos = linger.toNanos();
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = Thread.ofPlatform().name("lw-ledger-integrator").daemon().unstarted(this::run);
    thread.start();
  }

  /**
   * Queues an entry; the future completes once it is durable and covered by a signed checkpoint.
   *
   * @throws Unavailable if the queue is full or the integrator stopped
   */
  CompletableFuture<Added> submit(byte[] entry) {
    CompletableFuture<Added> done = new CompletableFuture<>();
    if (!running) {
      throw new Unavailable("the log is shutting down");
    }
    if (!queue.offer(new Pending(entry, done))) {
      throw new Unavailable("the log's queue is full; retry later");
    }
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatch) {
          queue.drainTo(batch, maxBatch - batch.size());
          long remaining = deadline - System.nanoTime();
          if (batch.size() >= maxBatch || remaining <= 0) {
            break;
          }
          Pending next = queue.poll(Math.min(lingerNanos, remaining), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        running = false;
      }
      if (!batch.isEmpty()) {
        integrate(batch);
        batch.clear();
      }
    }
  }

  private void integrate(List<Pending> batch) {
    List<byte[]> entries = new ArrayList<>(batch.size());
    batch.forEach(pending -> entries.add(pending.entry()));
    AppendResult result;
    try {
      result = log.append(entries);
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.done().completeExceptionally(e));
      return;
    }
    signed.accept(result.signedCheckpoint());
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done().complete(new Added(result.firstIndex() + i, result.signedCheckpoint()));
    }
  }

  /** Integrates what is queued, then stops the thread; later submissions are refused. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new Unavailable("the log is shutting down"));
    }
  }
}
