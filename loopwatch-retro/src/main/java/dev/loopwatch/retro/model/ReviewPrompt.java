package dev.loopwatch.retro.model;

import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.models.Request;
import dev.loopwatch.retro.review.ReviewRequest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The prompt a model reviewer gets, version {@value #VERSION} (docs/RETRO.md quotes it): a fixed
 * system prompt asking for bugs the change introduces as strict JSON, and one user message holding
 * the diff and the changed files as they stood at review time, with line numbers, trimmed to
 * {@value #INPUT_TOKENS} estimated input tokens.
 *
 * <p>Trimming, in this order, so that the same change always gives the same request (and the same
 * cache key): the diff comes first and is cut at a line boundary, with a note, only when it alone
 * passes the budget; then each changed file in path order, whole when it fits in what is left, else
 * only the lines within {@value #CONTEXT} lines of the lines the change added (with a note naming
 * the lines shown), else left out and named in a closing note. Files that are binary (a NUL byte),
 * not UTF-8, symbolic links or missing at head are left out the same way. Tokens are estimated as
 * {@link Request#estimatedInputTokens()} does: one per 3 characters.
 */
public final class ReviewPrompt {
  /** The prompt's version; changing the text means a new version (and new cache keys). */
  static final String VERSION = "retro-review/1";

  /** The most estimated input tokens per review. */
  static final int INPUT_TOKENS = 32_000;

  /** The most output tokens per review. */
  static final int OUTPUT_TOKENS = 4_096;

  /** Lines shown around the added lines of a file too long to show whole. */
  static final int CONTEXT = 40;

  static final String SYSTEM =
      """
      You are reviewing a code change before it is merged (prompt %s).
      Report the bugs this change introduces: code that will behave wrongly (a crash, a wrong \
      result, lost or corrupted data, a security hole, a resource leak, a race). Do not report \
      style, naming, documentation or missing tests. Report only problems on lines the change \
      added or modified.

      Answer with one JSON object and nothing else, in exactly this form:
      {"findings": [{"file": "src/Example.java", "line": 12, "end_line": 14, "severity": "error", \
      "message": "what is wrong and why"}]}
      - file: the path as the diff names it after "b/", without the "b/";
      - line, end_line: 1-based line numbers in the file as it is after the change; end_line is \
      optional and at least line;
      - severity: "error", "warning" or "info";
      - message: one or two sentences.
      Use no other keys. If the change introduces no bug, answer {"findings": []}.
      """
          .formatted(VERSION);

  private ReviewPrompt() {}

  /** The request for reviewing {@code change}: temperature 0, {@value #OUTPUT_TOKENS} tokens. */
  public static Request request(ReviewRequest change) {
    return Request.of(SYSTEM, user(change), OUTPUT_TOKENS).withTemperature(0);
  }

  /** The user message: the diff, then the changed files, trimmed to the budget. */
  static String user(ReviewRequest change) {
    long budget = (long) INPUT_TOKENS * 3 - SYSTEM.length() - 300;
    StringBuilder text = new StringBuilder();
    text.append("The change (unified diff):\n\n");
    String diff = change.diff();
    if (diff.length() > budget) {
      int cut = diff.lastIndexOf('\n', (int) budget);
      cut = cut < 0 ? (int) budget : cut + 1;
      long more = diff.substring(cut).lines().count();
      diff = diff.substring(0, cut) + "[diff cut for the token budget: " + more + " more lines]\n";
    }
    text.append(diff);
    if (!diff.endsWith("\n")) {
      text.append('\n');
    }
    text.append("\nThe changed files as they are after the change, with line numbers:\n");
    List<String> omitted = new ArrayList<>();
    for (Map.Entry<String, RangeSet> entry : change.addedLines().entrySet()) {
      String path = entry.getKey();
      List<String> lines = read(change.worktree(), path);
      if (lines == null) {
        omitted.add(path + " (binary, not UTF-8 or not a regular file)");
        continue;
      }
      long left = budget - text.length();
      String whole = numbered(path, lines, 1, lines.size(), lines.size());
      if (whole.length() <= left) {
        text.append(whole);
        continue;
      }
      String around = around(path, lines, entry.getValue());
      if (!around.isEmpty() && around.length() <= left) {
        text.append(around);
        continue;
      }
      omitted.add(path + " (token budget)");
    }
    if (!omitted.isEmpty()) {
      text.append("\n[files not shown: ").append(String.join(", ", omitted)).append("]\n");
    }
    return text.toString();
  }

  /** The lines within {@link #CONTEXT} of the added lines, as numbered blocks. */
  private static String around(String path, List<String> lines, RangeSet added) {
    StringBuilder text = new StringBuilder();
    int start = -1;
    int end = -1;
    List<int[]> windows = new ArrayList<>();
    for (int line = 1; line <= lines.size(); line++) {
      if (!added.contains(line)) {
        continue;
      }
      int from = Math.max(1, line - CONTEXT);
      int to = Math.min(lines.size(), line + CONTEXT);
      if (start < 0) {
        start = from;
        end = to;
      } else if (from <= end + 1) {
        end = Math.max(end, to);
      } else {
        windows.add(new int[] {start, end});
        start = from;
        end = to;
      }
    }
    if (start >= 0) {
      windows.add(new int[] {start, end});
    }
    for (int[] window : windows) {
      text.append(numbered(path, lines, window[0], window[1], lines.size()));
    }
    return text.toString();
  }

  private static String numbered(String path, List<String> lines, int from, int to, int total) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(Locale.ROOT, "\n=== %s (lines %d-%d of %d) ===\n", path, from, to, total));
    for (int line = from; line <= to; line++) {
      text.append(String.format(Locale.ROOT, "%5d| %s%n", line, lines.get(line - 1)));
    }
    return text.toString();
  }

  /** The file's lines, or null when it is not a regular UTF-8 text file. */
  private static List<String> read(Path worktree, String path) {
    Path file = worktree.resolve(path);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          return null;
        }
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
      return text.lines().toList();
    } catch (CharacterCodingException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
