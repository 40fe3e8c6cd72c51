package dev.loopwatch.git.evidence.trace;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Agent Trace records committed to {@value #TRACE_PATH} and attributes each record's AI
 * lines to the commit that added it.
 *
 * <p>The reference implementation appends one JSON record per edit to {@value #TRACE_PATH}, with
 * {@code vcs.revision} = HEAD at edit time; the edit and its record are then committed together, so
 * the record's ranges describe the files of the commit that adds the record, whose parent is {@code
 * vcs.revision}. This reader streams {@code git log -p --unified=0} limited to that file, takes
 * each commit's added lines (counting hunk lines, so an added line that looks like a diff header is
 * still read as content), parses each as a record, and warns when a record's git revision is
 * neither that commit nor one of its parents. Merge commits contribute nothing.
 */
public final class AgentTraces {
  /** Where the reference implementation stores traces. */
  public static final String TRACE_PATH = ".agent-trace/traces.jsonl";

  /** The warning kind for a line of the traces file that is not a valid record. */
  public static final String BAD_RECORD = "bad-agent-trace";

  /**
   * The warning kind for a record whose revision is neither its commit nor that commit's parent.
   */
  public static final String REVISION_MISMATCH = "agent-trace-revision-mismatch";

  private static final String MARKER = "\u0001\u0001lw-commit\u0001";
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  private AgentTraces() {}

  /**
   * Reads the records added to {@value #TRACE_PATH} by the commits of {@code revisionRange}
   * (anything {@code git log} accepts as one argument: {@code HEAD}, {@code main..feature}, a
   * commit id).
   *
   * @throws LoopwatchException EXTERNAL if git fails (for example, an unknown revision)
   */
  public static Result read(Git git, String revisionRange) {
    requireNonNull(git, "git is null");
    requireNonNull(revisionRange, "revisionRange is null");
    if (revisionRange.isBlank()) {
      throw new IllegalArgumentException("revisionRange is blank");
    }
    List<String> args =
        List.of(
            "log",
            "-p",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--text",
            "--unified=0",
            "--full-history",
            "--diff-merges=off",
            "--format=" + MARKER.replace("\u0001", "%x01") + "%H%x00%P",
            "--end-of-options",
            revisionRange,
            "--",
            TRACE_PATH);
    Scan scan = new Scan();
    try (ChildProcess child = git.start(args)) {
      InputStream in = new BufferedInputStream(child.stdout(), 1 << 16);
      String line;
      while ((line = readLine(in)) != null) {
        scan.accept(line);
      }
      scan.finishCommit();
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
    }
    return new Result(scan.lines, scan.warnings);
  }

  /** The state of one pass over the log output. */
  private static final class Scan {
    final TreeMap<String, List<FileLines>> lines = new TreeMap<>();
    final List<ScanWarning> warnings = new ArrayList<>();
    String commit;
    List<String> parents = List.of();
    List<FileLines> commitLines;
    int oldLeft;
    int newLeft;
    int newLine;

    void accept(String line) {
      if (oldLeft > 0 || newLeft > 0) {
        hunkLine(line);
        return;
      }
      if (line.startsWith(MARKER)) {
        finishCommit();
        String header = line.substring(MARKER.length());
        int nul = header.indexOf('\0');
        commit = nul < 0 ? header : header.substring(0, nul);
        String parentText = nul < 0 ? "" : header.substring(nul + 1).strip();
        parents = parentText.isEmpty() ? List.of() : List.of(parentText.split(" "));
        commitLines = null;
        return;
      }
      if (commit != null && line.startsWith("@@ ")) {
        Matcher hunk = HUNK.matcher(line);
        if (!hunk.find()) {
          throw LoopwatchException.external(
              "unexpected hunk header in git log output: " + line, null);
        }
        oldLeft = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
        newLine = Integer.parseInt(hunk.group(3));
        newLeft = hunk.group(4) == null ? 1 : Integer.parseInt(hunk.group(4));
      }
    }

    void hunkLine(String line) {
      char kind = line.isEmpty() ? ' ' : line.charAt(0);
      switch (kind) {
        case '+' -> {
          added(line.substring(1), newLine);
          newLine++;
          newLeft--;
        }
        case '-' -> oldLeft--;
        case '\\' -> {
          // "\ No newline at end of file"
        }
        default -> {
          oldLeft--;
          newLeft--;
          newLine++;
        }
      }
    }

    void added(String text, int number) {
      String json = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      if (json.isBlank()) {
        return;
      }
      String subject = commit + ":" + TRACE_PATH;
      TraceRecord record;
      try {
        record = TraceRecord.parse(json);
      } catch (IllegalArgumentException e) {
        warnings.add(
            new ScanWarning(BAD_RECORD, subject, "line " + number + ": " + e.getMessage()));
        return;
      }
      Optional<String> revision =
          record.vcs().filter(v -> v.type().equals("git")).map(TraceRecord.Vcs::revision);
      if (revision.isPresent()
          && !names(revision.get(), commit)
          && parents.stream().noneMatch(parent -> names(revision.get(), parent))) {
        warnings.add(
            new ScanWarning(
                REVISION_MISMATCH,
                subject,
                "line "
                    + number
                    + ": record "
                    + record.id()
                    + " names revision "
                    + revision.get()
                    + ", which is neither this commit nor its parent"));
      }
      if (commitLines == null) {
        commitLines = new ArrayList<>();
      }
      commitLines.addAll(record.aiLines());
    }

    void finishCommit() {
      if (commit != null && commitLines != null) {
        lines.put(commit, commitLines);
      }
      commit = null;
      commitLines = null;
      oldLeft = 0;
      newLeft = 0;
    }

    private static boolean names(String revision, String commit) {
      String id = revision.strip().toLowerCase(Locale.ROOT);
      return id.length() >= 7 && commit.startsWith(id);
    }
  }

  private static String readLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try {
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.write(b);
      }
      if (b < 0 && line.size() == 0) {
        return null;
      }
    } catch (IOException e) {
      throw LoopwatchException.external("reading git log output: " + e.getMessage(), e);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /**
   * The evidence read from the traces.
   *
   * @param lines per commit id (sorted), the AI lines of the records it added: one {@link
   *     FileLines} per (record, path, model), in the order the records appear in the file; ranges
   *     of different records may overlap, so union them per path before counting. A commit that
   *     added at least one valid record is present even with no AI lines.
   * @param warnings {@value AgentTraces#BAD_RECORD} and {@value AgentTraces#REVISION_MISMATCH}
   *     warnings, in log order
   */
  public record Result(SortedMap<String, List<FileLines>> lines, List<ScanWarning> warnings) {
    public Result {
      requireNonNull(lines, "lines is null");
      TreeMap<String, List<FileLines>> copy = new TreeMap<>();
      lines.forEach((commit, files) -> copy.put(commit, List.copyOf(files)));
      lines = Collections.unmodifiableSortedMap(copy);
      warnings = List.copyOf(warnings);
    }
  }
}
