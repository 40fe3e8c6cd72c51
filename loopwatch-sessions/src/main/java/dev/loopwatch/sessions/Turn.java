package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One prompt and all agent activity until the next prompt.
 *
 * @param index the 0-based position in the session
 * @param origin what started the turn
 * @param start the time of the first event
 * @param end the time of the last event
 * @param models the models that answered in the turn, sorted
 * @param events the events in file order, the prompt first (unless the origin is {@code PREAMBLE})
 */
public record Turn(
    int index, Origin origin, Instant start, Instant end, List<String> models, List<Event> events) {

  /** What started a turn. */
  public enum Origin {
    /** A human prompt. */
    HUMAN,
    /** A task handed over by a parent agent. */
    DELEGATED,
    /** Nothing: the activity before the first prompt of a session. */
    PREAMBLE
  }

  /** Checks for nulls and copies the lists. */
  public Turn {
    if (index < 0) {
      throw new IllegalArgumentException("index is negative: " + index);
    }
    requireNonNull(origin, "origin is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    models = List.copyOf(models);
    events = List.copyOf(events);
  }

  /** Returns whether a human prompt started this turn. */
  public boolean human() {
    return origin == Origin.HUMAN;
  }

  /**
   * Splits a session's events, in order, into turns: each human or delegated prompt starts a turn;
   * events before the first prompt form a {@code PREAMBLE} turn.
   */
  public static List<Turn> split(List<Event> events) {
    List<Turn> turns = new ArrayList<>();
    List<Event> current = new ArrayList<>();
    Origin origin = Origin.PREAMBLE;
    for (Event event : events) {
      Origin starts =
          switch (event) {
            case Event.HumanPrompt p -> Origin.HUMAN;
            case Event.DelegatedPrompt p -> Origin.DELEGATED;
            default -> null;
          };
      if (starts != null) {
        if (!current.isEmpty()) {
          turns.add(of(turns.size(), origin, current));
        }
        current = new ArrayList<>();
        origin = starts;
      }
      current.add(event);
    }
    if (!current.isEmpty()) {
      turns.add(of(turns.size(), origin, current));
    }
    return List.copyOf(turns);
  }

  private static Turn of(int index, Origin origin, List<Event> events) {
    Instant start = events.getFirst().at();
    Instant end = start;
    TreeSet<String> models = new TreeSet<>();
    for (Event event : events) {
      if (event.at().isBefore(start)) {
        start = event.at();
      }
      if (event.at().isAfter(end)) {
        end = event.at();
      }
      switch (event) {
        case Event.AssistantText text when !text.model().isEmpty() -> models.add(text.model());
        case Event.TokenUsage usage when !usage.model().isEmpty() -> models.add(usage.model());
        default -> {}
      }
    }
    return new Turn(index, origin, start, end, List.copyOf(models), events);
  }
}
