package dev.loopwatch.sessions;

import java.util.function.Consumer;

/**
 * A source of sessions that hands each one to a sink as soon as it is finished, so a consumer holds
 * one session at a time rather than a whole corpus.
 */
@FunctionalInterface
public interface SessionSource {

  /** Reads every session into {@code sink}, then returns what was skipped. */
  ReadSummary read(Consumer<Session> sink);
}
