package dev.loopwatch.app.sessions;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Intervention;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Task;
import dev.loopwatch.sessions.Tasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code --explain} view of {@code loopwatch sessions}: every intervention (tier 1 and tier 2)
 * and every task outcome that was counted, with where in the transcript it shows.
 *
 * <p>Readers keep no line numbers, so the location is found afterwards: the first line, at or after
 * the previous item's line of the same session, of the session's files that contains the longest
 * plain run (printable ASCII, no quote or backslash, at most 40 characters, after a leading {@code
 * label:}) of the intervention's evidence, else of its turn's prompt, or of the task's first
 * prompt; {@code -} when none is found. Files are read whole, only with {@code --explain}. A task's
 * excerpt is what its outcome rests on.
 */
final class SessionsExplain {
  private static final int EXCERPT = 80;
  private static final int NEEDLE = 40;
  private static final Pattern LABEL = Pattern.compile("^(\"[^\"]*\"|[a-z_-]+):\\s*");

  private final List<Item> items = new ArrayList<>();

  /**
   * One counted intervention or task outcome.
   *
   * @param sessionId the session
   * @param at when it happened (a task: when its first prompt was typed)
   * @param agent the agent id
   * @param tier {@code tier1}, {@code tier2} or {@code task}
   * @param kind the intervention kind or task outcome id
   * @param location {@code file:line} in the transcript, or {@code -} when not found
   * @param excerpt the evidence, shortened
   */
  record Item(
      String sessionId,
      Instant at,
      String agent,
      String tier,
      String kind,
      String location,
      String excerpt) {
    /** Checks for nulls. */
    Item {
      requireNonNull(sessionId, "sessionId is null");
      requireNonNull(at, "at is null");
      requireNonNull(agent, "agent is null");
      requireNonNull(tier, "tier is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(location, "location is null");
      requireNonNull(excerpt, "excerpt is null");
    }
  }

  /** Adds the counted interventions and (for a main session) task outcomes of {@code session}. */
  void add(Session session) {
    Locator locator = new Locator(session.files());
    List<Intervention> interventions = new ArrayList<>(session.interventions());
    interventions.addAll(Interventions.tier2(session.id(), session.turns()));
    for (Intervention intervention : interventions) {
      items.add(
          new Item(
              session.id(),
              intervention.at(),
              session.agent(),
              "tier" + intervention.tier().number(),
              intervention.kind().id(),
              locator.find(intervention.evidence(), prompt(session, intervention.turnIndex())),
              shorten(intervention.evidence())));
    }
    if (session.subagent()) {
      return;
    }
    Locator tasks = new Locator(session.files());
    for (Task task : Tasks.of(session)) {
      items.add(
          new Item(
              session.id(),
              task.start(),
              session.agent(),
              "task",
              task.outcome().id(),
              tasks.find(task.prompt(), ""),
              shorten(task.evidence())));
    }
  }

  /** Returns the items added so far, in the order they were added. */
  List<Item> items() {
    return List.copyOf(items);
  }

  /** Prints the items as a table. */
  void print(PrintWriter out) {
    out.println("Counted (--explain):");
    TextTable table =
        new TextTable(7, "session", "time", "agent", "tier", "kind", "evidence", "excerpt");
    for (Item item : items) {
      table.row(
          item.sessionId(),
          item.at().toString(),
          item.agent(),
          item.tier(),
          item.kind(),
          item.location(),
          item.excerpt());
    }
    table.print(out);
    out.flush();
  }

  private static String prompt(Session session, int turnIndex) {
    if (turnIndex >= session.turns().size()) {
      return "";
    }
    for (Event event : session.turns().get(turnIndex).events()) {
      if (event instanceof Event.HumanPrompt prompt) {
        return prompt.text();
      }
    }
    return "";
  }

  /** Returns {@code text} on one line, at most 80 characters. */
  static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT - 1) + "…";
  }

  /**
   * Returns the longest run of {@code text} of printable ASCII with no quote or backslash, capped.
   */
  static String needle(String text) {
    String best = "";
    for (String run : LABEL.matcher(text).replaceFirst("").split("[\"\\\\\\P{Print}]")) {
      String trimmed = run.strip();
      if (trimmed.length() > best.length()) {
        best = trimmed;
      }
    }
    return best.length() > NEEDLE ? best.substring(0, NEEDLE) : best;
  }

  /** Finds text in a session's files, moving forward from the last line found. */
  private static final class Locator {
    private final List<Path> files;
    private final List<List<String>> lines = new ArrayList<>();
    private int file;
    private int line;

    Locator(List<Path> files) {
      this.files = files;
      for (Path path : files) {
        try {
          lines.add(Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
          lines.add(List.of());
        }
      }
    }

    /** Returns where {@code text} shows, else where {@code fallback} does, else {@code -}. */
    String find(String text, String fallback) {
      for (String candidate : List.of(text, fallback)) {
        String needle = needle(candidate);
        if (needle.length() < 4) {
          continue;
        }
        String found = search(needle, file, line);
        if (found == null) {
          found = search(needle, 0, 0);
        }
        if (found != null) {
          return found;
        }
      }
      return "-";
    }

    private String search(String needle, int fromFile, int fromLine) {
      for (int f = fromFile; f < files.size(); f++) {
        List<String> content = lines.get(f);
        for (int l = f == fromFile ? fromLine : 0; l < content.size(); l++) {
          if (content.get(l).contains(needle)) {
            file = f;
            line = l;
            return files.get(f) + ":" + (l + 1);
          }
        }
      }
      return null;
    }
  }
}
