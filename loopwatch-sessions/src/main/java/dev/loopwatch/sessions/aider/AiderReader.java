package dev.loopwatch.sessions.aider;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Event;
import dev.loopwatch.sessions.Interventions;
import dev.loopwatch.sessions.Malformed;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.ResultStatus;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.Turn;
import dev.loopwatch.sessions.io.JsonLines;
import dev.loopwatch.sessions.io.TranscriptFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Aider chat histories ({@code .aider.chat.history.md} anywhere below a folder) into
 * sessions.
 *
 * <p>The file is Markdown, read line by line: {@code # aider chat started at YYYY-MM-DD HH:MM:SS}
 * starts a session; {@code #### } lines are the user's prompt (consecutive ones are one multi-line
 * prompt); {@code > } lines are Aider's own output; other lines are the model's reply. In the
 * output, {@code Applied edit to <file>} is an edit tool call that succeeded, {@code Commit <hash>
 * <message>} a {@code git commit} Aider ran (a shell call that succeeded), {@code Running
 * <command>} a shell call (its outcome is not recorded), a {@code (Y)es/(N)o} question answered
 * {@code n} or {@code no} a human rejection of what Aider proposed, and {@code ^C
 * KeyboardInterrupt} (with or without the {@code > } prefix) a human interruption. A prompt
 * starting with {@code /} is a command, kept as meta.
 *
 * <p>Times: the history records only each session's start, in local time without a zone, read here
 * as UTC. Every event carries its session's start time and the session's {@link Session#end()} is
 * empty, so no per-turn or per-session durations are invented; the summary leaves Aider sessions
 * out of agent hours and per-hour rates. The history has no token counts that are exact (only
 * rounded {@code Tokens: 4.2k sent} lines), so no tokens are reported. The session id is the folder
 * name and start time ({@code shop@2026-03-24T09:15:02Z}); the working directory is the file's
 * folder.
 */
public final class AiderReader {

  /** The canonical agent id. */
  public static final String AGENT = "aider";

  /** The file name of an Aider chat history. */
  public static final String FILE_NAME = ".aider.chat.history.md";

  private static final String HEADER = "# aider chat started at ";
  private static final String PROMPT = "####";
  private static final String INTERRUPT = "^C KeyboardInterrupt";
  private static final int TEXT_CAP = 4000;
  private static final int SUMMARY_CAP = 200;
  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final Pattern COMMIT = Pattern.compile("^Commit ([0-9a-f]{7,40}) (.*)$");
  private static final Pattern DECLINED =
      Pattern.compile("(?i)^(.*\\?) \\(Y\\)es/\\(N\\)o.*?:\\s*(n|no)\\s*$");

  private final int maxLineChars;

  /** Creates a reader with the default 64 MiB line cap. */
  public AiderReader() {
    this(JsonLines.DEFAULT_MAX_LINE_CHARS);
  }

  /** Creates a reader that skips (and reports) lines longer than {@code maxLineChars}. */
  public AiderReader(int maxLineChars) {
    this.maxLineChars = TranscriptFiles.lineCap(maxLineChars);
  }

  /**
   * Reads every chat history below {@code folder}, in path order.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadResult read(Path folder) {
    List<Session> sessions = new ArrayList<>();
    ReadSummary summary = read(folder, sessions::add);
    return new ReadResult(sessions, summary.malformed(), 0);
  }

  /**
   * Reads every chat history below {@code folder}, handing each session to {@code sink} as soon as
   * its history file is read.
   *
   * @throws LoopwatchException when the folder is not a readable directory
   */
  public ReadSummary read(Path folder, Consumer<Session> sink) {
    requireNonNull(folder, "folder is null");
    requireNonNull(sink, "sink is null");
    List<Path> files = TranscriptFiles.list(folder, FILE_NAME::equals, "chat histories");
    List<Malformed> malformed = new ArrayList<>();
    for (Path file : files) {
      History history = new History(file, malformed);
      JsonLines.readText(file, maxLineChars, history::line, malformed);
      history.flush();
      history.sessions.forEach(sink);
    }
    return new ReadSummary(malformed, 0);
  }

  /** One history file being read. */
  private static final class History {
    final Path file;
    final List<Malformed> malformed;
    final List<Session> sessions = new ArrayList<>();
    final TreeSet<String> ids = new TreeSet<>();
    final String folderName;
    List<Event> events = new ArrayList<>();
    Optional<Instant> start = Optional.empty();
    boolean open;
    final StringBuilder prompt = new StringBuilder();
    final StringBuilder reply = new StringBuilder();
    int calls;

    History(Path file, List<Malformed> malformed) {
      this.file = file;
      this.malformed = malformed;
      Path folder = file.toAbsolutePath().getParent();
      this.folderName =
          folder == null || folder.getFileName() == null ? "" : folder.getFileName().toString();
    }

    Instant at() {
      return start.orElse(Instant.EPOCH);
    }

    void line(long number, String line) {
      if (line.startsWith(HEADER)) {
        flush();
        open = true;
        String stamp = line.substring(HEADER.length()).strip();
        try {
          start = Optional.of(LocalDateTime.parse(stamp, STARTED).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
          start = Optional.empty();
          malformed.add(
              new Malformed(
                  file, number, "unreadable start time: " + JsonLines.shorten(stamp, 80)));
        }
        return;
      }
      open = true;
      if (line.startsWith(PROMPT) && (line.length() == 4 || line.charAt(4) == ' ')) {
        endReply();
        if (!prompt.isEmpty()) {
          prompt.append('\n');
        }
        prompt.append(line.length() > 5 ? line.substring(5).strip() : "");
        return;
      }
      endPrompt();
      String output = null;
      if (line.equals(">")) {
        output = "";
      } else if (line.startsWith("> ")) {
        output = line.substring(2);
      }
      if (output != null) {
        endReply();
        output(output.strip());
        return;
      }
      if (line.strip().equals(INTERRUPT)) {
        endReply();
        events.add(new Event.Interruption(at(), INTERRUPT));
        return;
      }
      if (!line.isBlank() || !reply.isEmpty()) {
        reply.append(line).append('\n');
      }
    }

    private void output(String text) {
      if (text.equals(INTERRUPT)) {
        events.add(new Event.Interruption(at(), INTERRUPT));
        return;
      }
      if (text.startsWith("Applied edit to ")) {
        String target = text.substring("Applied edit to ".length());
        String id = "edit-" + ++calls;
        events.add(new Event.ToolCall(at(), id, "edit", JsonLines.shorten(target, SUMMARY_CAP)));
        events.add(new Event.ToolResult(at(), id, ResultStatus.OK, shorten(text)));
        return;
      }
      Matcher commit = COMMIT.matcher(text);
      if (commit.matches()) {
        String id = "commit-" + ++calls;
        events.add(
            new Event.ToolCall(
                at(),
                id,
                "shell",
                JsonLines.shorten("git commit -m " + commit.group(2), SUMMARY_CAP)));
        events.add(new Event.ToolResult(at(), id, ResultStatus.OK, shorten(text)));
        return;
      }
      if (text.startsWith("Running ")) {
        events.add(
            new Event.ToolCall(
                at(),
                "shell-" + ++calls,
                "shell",
                JsonLines.shorten(text.substring("Running ".length()), SUMMARY_CAP)));
        return;
      }
      Matcher declined = DECLINED.matcher(text);
      if (declined.matches()) {
        String id = "confirm-" + ++calls;
        events.add(
            new Event.ToolCall(
                at(), id, "confirm", JsonLines.shorten(declined.group(1), SUMMARY_CAP)));
        events.add(new Event.ToolResult(at(), id, ResultStatus.REJECTED_BY_HUMAN, shorten(text)));
      }
    }

    private void endPrompt() {
      if (prompt.isEmpty()) {
        return;
      }
      String text = prompt.toString().strip();
      prompt.setLength(0);
      if (text.isEmpty()) {
        return;
      }
      events.add(
          text.startsWith("/")
              ? new Event.Meta(at(), "command", shorten(text))
              : new Event.HumanPrompt(at(), shorten(text)));
    }

    private void endReply() {
      String text = reply.toString().strip();
      reply.setLength(0);
      if (!text.isEmpty()) {
        events.add(new Event.AssistantText(at(), "", shorten(text)));
      }
    }

    void flush() {
      endPrompt();
      endReply();
      if (open && !events.isEmpty()) {
        String id = folderName + "@" + start.map(Instant::toString).orElse("unknown");
        String unique = id;
        for (int n = 2; !ids.add(unique); n++) {
          unique = id + "#" + n;
        }
        List<Turn> turns = Turn.split(events);
        Path folder = file.toAbsolutePath().getParent();
        sessions.add(
            new Session(
                AGENT,
                unique,
                List.of(file),
                folder == null ? Optional.empty() : Optional.of(folder.toString()),
                Optional.empty(),
                Optional.empty(),
                start,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                0,
                turns,
                Interventions.tier1(unique, turns)));
      }
      events = new ArrayList<>();
      open = false;
      calls = 0;
    }
  }

  private static String shorten(String text) {
    return JsonLines.shorten(text, TEXT_CAP);
  }
}
