package dev.loopwatch.app.research;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.forum.PostKind;
import dev.loopwatch.research.run.Orchestrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * During {@code research run --ledger}: appends each new {@code result} post to the log as it
 * appears in the run's {@code forum.jsonl}, polled every second on a virtual thread, and once more
 * when the run ends. A log that refuses or cannot be reached is reported and retried at the next
 * poll; the run itself goes on. A retry after an answer lost on the way back (the log took the
 * entry, the client saw an error) appends the entry twice; the auditor reads both.
 */
final class LedgerFeed implements AutoCloseable {
  private static final long POLL_MILLIS = 1000;

  private final ResearchLedger ledger;
  private final Path folder;
  private final Consumer<String> say;
  private final List<ResearchLedger.Entry> entries = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Thread thread;
  private long attested;
  private boolean lastPollFailed;
  private boolean stop;

  LedgerFeed(ResearchLedger ledger, Path folder, Consumer<String> say) {
    this.ledger = requireNonNull(ledger, "ledger is null");
    this.folder = requireNonNull(folder, "folder is null");
    this.say = requireNonNull(say, "say is null");
    this.thread = Thread.ofVirtual().name("lw-ledger-feed").start(this::loop);
  }

  private void loop() {
    while (true) {
      poll();
      synchronized (this) {
        if (stop) {
          return;
        }
        try {
          wait(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        if (stop) {
          return;
        }
      }
    }
  }

  /** Appends every result posted since the last poll. */
  private synchronized void poll() {
    lastPollFailed = false;
    Path runJson = Orchestrator.runJson(folder);
    Path forum = Orchestrator.forumLog(folder);
    if (!Files.isRegularFile(runJson) || !Files.isRegularFile(forum)) {
      return;
    }
    try {
      JsonNode run = Json.mapper().readTree(runJson.toFile());
      String runKey =
          "research/" + run.path("task").asText() + "/" + run.path("startedAt").asText();
      for (Post post : Forum.read(forum)) {
        if (post.sequence() <= attested) {
          continue;
        }
        if (post.kind() == PostKind.RESULT) {
          ResearchLedger.Entry entry =
              ledger.appendPosted(folder, runKey, run.path("task").asText(), post);
          entries.add(entry);
          say.accept(
              "ledger: result #"
                  + post.sequence()
                  + " of "
                  + post.agent()
                  + " is entry "
                  + entry.index());
        }
        attested = post.sequence();
      }
    } catch (IOException | LoopwatchException e) {
      lastPollFailed = true;
      String message = e.getMessage();
      if (failures.isEmpty() || !failures.getLast().equals(message)) {
        failures.add(message);
        say.accept("ledger: " + message + " (retrying)");
      }
    }
  }

  /** The entries appended so far. */
  synchronized List<ResearchLedger.Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * Stops polling and appends what the last poll has not.
   *
   * @throws LoopwatchException (external) when a result could not be appended in the end
   */
  @Override
  public void close() {
    // Never interrupt an append in flight: the log may have taken the entry, and a retry would
    // append it twice. Wake the poller between polls instead.
    synchronized (this) {
      stop = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    poll();
    synchronized (this) {
      if (lastPollFailed) {
        throw LoopwatchException.external(
            "the run ended but results after post "
                + attested
                + " were not appended to the ledger: "
                + failures.getLast(),
            null);
      }
    }
  }
}
