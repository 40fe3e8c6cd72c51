package dev.loopwatch.research.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Limits on what an agent, or the whole run, may use; an empty limit is no limit.
 *
 * @param wallSeconds wall-clock seconds
 * @param cpuSeconds CPU seconds (from cgroup counters, never from files an agent can write)
 * @param submissions scored submissions
 * @param tokens tokens (from transcripts)
 * @param costUsd dollars (from transcripts)
 */
public record Budget(
    OptionalDouble wallSeconds,
    OptionalDouble cpuSeconds,
    OptionalLong submissions,
    OptionalLong tokens,
    OptionalDouble costUsd) {
  /** No limits. */
  public static final Budget NONE =
      new Budget(
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          OptionalDouble.empty());

  public Budget {
    requireNonNull(wallSeconds, "wallSeconds is null");
    requireNonNull(cpuSeconds, "cpuSeconds is null");
    requireNonNull(submissions, "submissions is null");
    requireNonNull(tokens, "tokens is null");
    requireNonNull(costUsd, "costUsd is null");
  }

  /** The first limit {@code spent} has crossed, as a phrase for run.json, or empty. */
  public Optional<String> crossed(Spent spent) {
    if (wallSeconds.isPresent() && spent.wallSeconds() >= wallSeconds.getAsDouble()) {
      return Optional.of(format("wall %.1f s >= %.1f s", spent.wallSeconds(), wallSeconds));
    }
    if (cpuSeconds.isPresent() && spent.cpuSeconds() >= cpuSeconds.getAsDouble()) {
      return Optional.of(format("CPU %.1f s >= %.1f s", spent.cpuSeconds(), cpuSeconds));
    }
    if (submissions.isPresent() && spent.submissions() > submissions.getAsLong()) {
      return Optional.of("submissions " + spent.submissions() + " > " + submissions.getAsLong());
    }
    if (tokens.isPresent() && spent.tokens() > tokens.getAsLong()) {
      return Optional.of("tokens " + spent.tokens() + " > " + tokens.getAsLong());
    }
    if (costUsd.isPresent() && spent.costUsd() > costUsd.getAsDouble()) {
      return Optional.of(format("cost $%.2f > $%.2f", spent.costUsd(), costUsd));
    }
    return Optional.empty();
  }

  /** The budget as a JSON object (absent limits are null). */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    put(node, "wallSeconds", wallSeconds);
    put(node, "cpuSeconds", cpuSeconds);
    if (submissions.isPresent()) {
      node.put("submissions", submissions.getAsLong());
    } else {
      node.putNull("submissions");
    }
    if (tokens.isPresent()) {
      node.put("tokens", tokens.getAsLong());
    } else {
      node.putNull("tokens");
    }
    put(node, "costUsd", costUsd);
    return node;
  }

  private static void put(ObjectNode node, String name, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(name, value.getAsDouble());
    } else {
      node.putNull(name);
    }
  }

  private static String format(String pattern, double value, OptionalDouble limit) {
    return String.format(Locale.ROOT, pattern, value, limit.getAsDouble());
  }
}
