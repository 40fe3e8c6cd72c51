package dev.loopwatch.git.evidence.gitai;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the git-ai notes ({@code refs/notes/ai}) of chosen commits and turns them into AI line
 * evidence.
 *
 * <p>Lists the notes with {@code git notes --ref=ai list}, keeps the commits asked for, and reads
 * all their note blobs through one {@code git cat-file --batch} process (ids written from a
 * separate virtual thread so neither pipe can fill up and stall the other). A note that is not a
 * valid git-ai log is skipped with a {@value #WARNING_KIND} warning, never a failure.
 */
public final class GitAiNotes {
  /** The notes ref git-ai writes. */
  public static final String NOTES_REF = "refs/notes/ai";

  /** The warning kind for a note that could not be read. */
  public static final String WARNING_KIND = "bad-git-ai-note";

  private static final List<String> BATCH = List.of("cat-file", "--batch");

  private GitAiNotes() {}

  /**
   * Reads the notes of {@code commits} (full commit ids). Commits without a note are absent from
   * the result; a commit whose note is readable is present even when the note lists no AI lines.
   *
   * @throws LoopwatchException EXTERNAL if git fails
   */
  public static Result read(Git git, Set<String> commits) {
    requireNonNull(git, "git is null");
    requireNonNull(commits, "commits is null");
    if (commits.isEmpty()
        || git.tryRun(List.of("rev-parse", "--verify", "--quiet", NOTES_REF)).exitCode() != 0) {
      return new Result(new TreeMap<>(), List.of());
    }
    SortedMap<String, String> blobs = new TreeMap<>();
    for (String line : git.run(List.of("notes", "--ref=ai", "list")).split("\n")) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String commit = line.substring(space + 1).strip();
      if (commits.contains(commit)) {
        blobs.put(commit, line.substring(0, space));
      }
    }
    SortedMap<String, List<FileLines>> lines = new TreeMap<>();
    List<ScanWarning> warnings = new ArrayList<>();
    if (blobs.isEmpty()) {
      return new Result(lines, warnings);
    }
    try (ChildProcess batch = git.startInteractive(BATCH)) {
      Thread writer =
          Thread.ofVirtual().name("lw-git-notes").start(() -> writeIds(batch, blobs.values()));
      InputStream in = new BufferedInputStream(batch.stdout(), 1 << 16);
      for (Map.Entry<String, String> note : blobs.entrySet()) {
        String commit = note.getKey();
        String header = readLine(in);
        if (header == null) {
          throw git.failure(
              BATCH, -1, "ended before object " + note.getValue() + ": " + batch.stderrText());
        }
        String[] fields = header.split(" ");
        if (fields.length == 2 && fields[1].equals("missing")) {
          warnings.add(
              new ScanWarning(
                  WARNING_KIND, commit, "note object " + note.getValue() + " is missing"));
          continue;
        }
        if (fields.length != 3) {
          throw git.failure(BATCH, -1, "unexpected header '" + header + "'");
        }
        byte[] content = readObject(in, fields, git);
        if (!fields[1].equals("blob")) {
          warnings.add(
              new ScanWarning(
                  WARNING_KIND, commit, "note object is a " + fields[1] + ", not a blob"));
          continue;
        }
        try {
          lines.put(commit, GitAiNote.parse(new String(content, StandardCharsets.UTF_8)).aiLines());
        } catch (IllegalArgumentException e) {
          warnings.add(new ScanWarning(WARNING_KIND, commit, "git-ai note: " + e.getMessage()));
        }
      }
      join(writer);
      int code = batch.waitFor();
      if (code != 0) {
        throw git.failure(BATCH, code, batch.stderrText());
      }
    }
    return new Result(lines, warnings);
  }

  private static void writeIds(ChildProcess batch, Iterable<String> ids) {
    try (OutputStream out = new BufferedOutputStream(batch.stdin())) {
      for (String id : ids) {
        out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      // git exited early; the reader sees the output end and reports it.
    }
  }

  private static byte[] readObject(InputStream in, String[] header, Git git) {
    long size;
    try {
      size = Long.parseLong(header[2]);
    } catch (NumberFormatException e) {
      throw git.failure(BATCH, -1, "bad object size in '" + String.join(" ", header) + "'");
    }
    if (size < 0 || size > Integer.MAX_VALUE - 16) {
      throw git.failure(BATCH, -1, "object " + header[0] + " is too large (" + size + " bytes)");
    }
    try {
      byte[] content = in.readNBytes((int) size);
      int newline = in.read();
      if (content.length != size || newline != '\n') {
        throw git.failure(BATCH, -1, "output ended inside object " + header[0]);
      }
      return content;
    } catch (IOException e) {
      throw LoopwatchException.external(
          "reading git cat-file --batch output: " + e.getMessage(), e);
    }
  }

  private static String readLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    try {
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.write(b);
      }
      if (b < 0 && line.size() == 0) {
        return null;
      }
    } catch (IOException e) {
      throw LoopwatchException.external(
          "reading git cat-file --batch output: " + e.getMessage(), e);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void join(Thread writer) {
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted reading git-ai notes", e);
    }
  }

  /**
   * The evidence read from the notes.
   *
   * @param lines per commit id (sorted), the AI lines of its note, as {@link GitAiNote#aiLines()}
   *     orders them
   * @param warnings one {@value GitAiNotes#WARNING_KIND} warning per note skipped, in commit id
   *     order
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
