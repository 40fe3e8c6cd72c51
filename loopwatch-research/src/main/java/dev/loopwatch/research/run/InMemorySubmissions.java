package dev.loopwatch.research.run;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SubmissionCounter} kept in memory, for a scoring side in the same process that counts
 * each submission as it answers it.
 */
public final class InMemorySubmissions implements SubmissionCounter {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** Counts one submission of {@code agent} and returns its new total. */
  public long record(String agent) {
    requireNonNull(agent, "agent is null");
    return counts.computeIfAbsent(agent, name -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public long submissions(String agent) {
    AtomicLong count = counts.get(agent);
    return count == null ? 0 : count.get();
  }
}
