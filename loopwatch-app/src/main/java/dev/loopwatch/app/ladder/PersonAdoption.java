package dev.loopwatch.app.ladder;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per engineer, GitHub's adoption rule applied to merged changes: an agent counts as a surface the
 * engineer uses when changes of theirs with strong or medium evidence of that agent were committed
 * on at least 2 distinct days of the trailing 28 ending with the month. No surface, one surface
 * ("agent first") or several ("multi-agent") is the engineer's stage. Evidence comes from the
 * engineer's merged changes only, so an agent whose work leaves no trace is not seen: "no surface"
 * means no evidence, not no use.
 */
final class PersonAdoption {
  /** Days in the trailing window. */
  static final int WINDOW_DAYS = 28;

  /** Distinct days in the window an agent must be seen on. */
  static final int MIN_DAYS = 2;

  private PersonAdoption() {}

  /** The stage of one engineer. */
  enum Stage {
    /** No agent seen on two or more days. */
    NO_SURFACE("no agent surface"),
    /** Exactly one agent seen on two or more days. */
    AGENT_FIRST("agent first"),
    /** Two or more agents each seen on two or more days. */
    MULTI_AGENT("multi-agent");

    final String label;

    Stage(String label) {
      this.label = label;
    }
  }

  /**
   * One engineer in one month.
   *
   * @param engineer the engineer's e-mail, case-folded
   * @param changes their counted merged changes in the window
   * @param daysByAgent per agent, the distinct days in the window with evidence of it
   * @param stage the stage by the rule
   */
  record Person(String engineer, int changes, Map<String, Integer> daysByAgent, Stage stage) {
    Person {
      requireNonNull(engineer, "engineer is null");
      daysByAgent = Collections.unmodifiableMap(new TreeMap<>(daysByAgent));
      requireNonNull(stage, "stage is null");
    }
  }

  /** Every engineer with a counted change in the trailing window of {@code month}, by e-mail. */
  static List<Person> compute(Store store, YearMonth month) {
    requireNonNull(store, "store is null");
    requireNonNull(month, "month is null");
    LocalDate last = month.atEndOfMonth();
    long from = last.minusDays(WINDOW_DAYS - 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    long to = last.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    Map<String, Set<String>> changes = new TreeMap<>();
    Map<String, Map<String, Set<LocalDate>>> days = new TreeMap<>();
    store.read(connection -> {
      // Evidence of an agent on a change: change-level findings or line credits, strong or medium.
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT lower(coalesce(g.engineer_email, g.author_email)), g.repo_id || ':' || g.sha,"
                  + " g.committed_at, e.agent"
                  + " FROM git_changes g LEFT JOIN ("
                  + "   SELECT repo_id, sha, agent FROM git_commit_evidence"
                  + "     WHERE confidence IN ('STRONG', 'MEDIUM')"
                  + "   UNION SELECT repo_id, sha, agent FROM git_change_credits"
                  + "     WHERE confidence IN ('STRONG', 'MEDIUM')"
                  + " ) e ON e.repo_id = g.repo_id AND e.sha = g.sha"
                  + " WHERE NOT g.is_bot AND NOT g.ignored_revision"
                  + " AND g.committed_at >= ? AND g.committed_at < ?")) {
        select.setLong(1, from);
        select.setLong(2, to);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String engineer = rows.getString(1);
            changes.computeIfAbsent(engineer, e -> new TreeSet<>()).add(rows.getString(2));
            String agent = rows.getString(4);
            if (agent != null) {
              LocalDate day =
                  Instant.ofEpochSecond(rows.getLong(3)).atZone(ZoneOffset.UTC).toLocalDate();
              days.computeIfAbsent(engineer, e -> new TreeMap<>())
                  .computeIfAbsent(agent, a -> new TreeSet<>())
                  .add(day);
            }
          }
        }
      }
      return null;
    });
    List<Person> people = new ArrayList<>();
    changes.forEach((engineer, own) -> {
      Map<String, Integer> byAgent = new TreeMap<>();
      days.getOrDefault(engineer, Map.of())
          .forEach((agent, seen) -> byAgent.put(agent, seen.size()));
      long surfaces = byAgent.values().stream().filter(n -> n >= MIN_DAYS).count();
      Stage stage =
          surfaces == 0 ? Stage.NO_SURFACE : surfaces == 1 ? Stage.AGENT_FIRST : Stage.MULTI_AGENT;
      people.add(new Person(engineer, own.size(), byAgent, stage));
    });
    return List.copyOf(people);
  }

  /** The text line of one engineer. */
  static String describe(Person person) {
    StringBuilder agents = new StringBuilder();
    person
        .daysByAgent()
        .forEach((agent, n) ->
            agents
                .append(agents.isEmpty() ? "" : ", ")
                .append(agent)
                .append(' ')
                .append(n)
                .append(n == 1 ? " day" : " days"));
    return String.format(
        Locale.ROOT,
        "%s: %s (%d changes%s)",
        person.engineer(),
        person.stage().label,
        person.changes(),
        agents.isEmpty() ? "; no agent evidence" : "; " + agents);
  }
}
