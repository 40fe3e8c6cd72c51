package dev.loopwatch.sessions;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: fixture paths and event tallies. */
public final class Fixtures {

  private Fixtures() {}

  /** Returns the folder of a test resource under {@code dev/loopwatch/sessions}. */
  public static Path resource(String relative) {
    try {
      return Path.of(Fixtures.class.getResource("/dev/loopwatch/sessions/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns the number of events of each kind (simple class name), sorted by kind. */
  public static Map<String, Integer> eventKinds(List<Event> events) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Event event : events) {
      kinds.merge(event.getClass().getSimpleName(), 1, Integer::sum);
    }
    return kinds;
  }

  /** Returns each intervention as {@code kind@turn}, in order. */
  public static List<String> interventions(Session session) {
    return session.interventions().stream()
        .map(intervention -> intervention.kind().id() + "@" + intervention.turnIndex())
        .toList();
  }
}
