package dev.loopwatch.app.serve;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.provenance.ScanCommand;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The scans the server runs in its own process, one at a time, through the same code as {@code
 * loopwatch scan} ({@link ScanCommand#scanInto}) on a connection of the server's store. The
 * repositories are fixed when the server starts ({@code --scan PATH}); a request can start a scan
 * of them but never name a path.
 */
final class Scans implements AutoCloseable {
  /** Where a scan is. */
  enum State {
    IDLE,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /**
   * The latest scan.
   *
   * @param id its number, from 1; 0 before the first
   * @param state where it is
   * @param trigger what started it: {@code startup}, {@code schedule} or {@code api}
   * @param startedAt when it started
   * @param finishedAt when it finished
   * @param message the scan's last line of output, or why it failed
   */
  record Status(
      long id,
      State state,
      String trigger,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      String message) {
    Status {
      requireNonNull(state, "state is null");
      requireNonNull(trigger, "trigger is null");
      requireNonNull(startedAt, "startedAt is null");
      requireNonNull(finishedAt, "finishedAt is null");
      requireNonNull(message, "message is null");
    }
  }

  private final StoreAccess access;
  private final List<Path> repositories;
  private final Events events;
  private final Clock clock;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("lw-serve-scan").factory());
  private Status status = new Status(0, State.IDLE, "none", Optional.empty(), Optional.empty(), "");

  Scans(StoreAccess access, List<Path> repositories, Events events, Clock clock) {
    this.access = requireNonNull(access, "access is null");
    this.repositories = List.copyOf(repositories);
    this.events = requireNonNull(events, "events is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Whether there are repositories to scan. */
  boolean configured() {
    return !repositories.isEmpty();
  }

  /** Scans now, then every {@code every} after each start. */
  void schedule(Duration every) {
    worker.scheduleAtFixedRate(
        () -> start("schedule"), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The latest scan's status. */
  synchronized Status status() {
    return status;
  }

  /**
   * Starts a scan of the configured repositories unless one is running; returns its status, or
   * empty when one is already running.
   */
  synchronized Optional<Status> start(String trigger) {
    if (status.state() == State.RUNNING) {
      return Optional.empty();
    }
    status =
        new Status(
            status.id() + 1,
            State.RUNNING,
            trigger,
            Optional.of(clock.instant()),
            Optional.empty(),
            "scanning " + repositories.size() + " repositories");
    Status started = status;
    announce("scan-started", started);
    worker.execute(() -> run(started));
    return Optional.of(started);
  }

  /** Waits for the scan running now, if any, to finish (for tests and shutdown). */
  void awaitIdle(Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (status().state() == State.RUNNING && clock.instant().isBefore(deadline)) {
      Thread.sleep(20);
    }
  }

  private void run(Status started) {
    StringWriter output = new StringWriter();
    State state;
    String message;
    try {
      CommandLine command = new CommandLine(new ScanCommand());
      command.setOut(new PrintWriter(output, true));
      command.setErr(new PrintWriter(output, true));
      List<String> args = new ArrayList<>();
      repositories.forEach(p -> args.add(p.toString()));
      command.parseArgs(args.toArray(String[]::new));
      ScanCommand scan = command.getCommand();
      int code = access.read(scan::scanInto);
      state = code == 0 ? State.SUCCEEDED : State.FAILED;
      message = lastLine(output.toString());
    } catch (LoopwatchException | IllegalArgumentException | CommandLine.ParameterException e) {
      state = State.FAILED;
      message = e.getMessage();
    } catch (RuntimeException e) {
      state = State.FAILED;
      message = "internal error: " + e;
    }
    access.changed();
    // Announce the finish once pages and the API answer with the new numbers.
    access.warm();
    Status finished;
    synchronized (this) {
      status =
          new Status(
              started.id(),
              state,
              started.trigger(),
              started.startedAt(),
              Optional.of(clock.instant()),
              message);
      finished = status;
    }
    announce("scan-finished", finished);
  }

  private void announce(String event, Status scan) {
    try {
      events.send(event, Json.mapper().writeValueAsString(scan));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a scan status", e);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].contains(" scan of ")) {
        return lines[i].strip();
      }
    }
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
