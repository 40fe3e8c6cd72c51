package dev.loopwatch.evals.speedup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reviewer's hint, never a verdict ({@code diff_scan_hint}, {@link Check.Verdict#HINT}): a
 * per-line regex scan is easy to evade (string concatenation, Unicode escapes, reflection), so what
 * it finds is shown to a reviewer and decides nothing. It scans the lines a candidate added or
 * changed relative to the baseline for signs of cheating: binary blobs, long numeric literals that
 * appear in the baseline's outputs, references to the harness or the grading data, clock patching,
 * and background processes. Only lines not present in the baseline's version of the file are
 * scanned, so the baseline's own code never triggers it.
 */
final class DiffScan {
  /** Files larger than this that the candidate added or changed are treated as blobs. */
  static final long MAX_TEXT_BYTES = 1024 * 1024;

  private record Rule(Pattern pattern, Check.Verdict verdict, String what) {}

  private static final List<Rule> RULES =
      List.of(
          rule("LD_PRELOAD|libfaketime|\\bfaketime\\b", Check.Verdict.FAIL, "clock patching"),
          rule(
              "\\b(clock_gettime|gettimeofday)\\b|(?:static|def|function|long)\\s+(nanoTime|currentTimeMillis)\\s*\\(",
              Check.Verdict.FAIL,
              "clock patching (timer override)"),
          rule(
              "\\b(nohup|disown|setsid|daemon(ize)?)\\b", Check.Verdict.FAIL, "background process"),
          rule("(^|[^&|<>])&\\s*(#.*)?$|&\\s*\\)", Check.Verdict.FAIL, "background process ('&')"),
          rule(
              "ProcessBuilder|Runtime\\.getRuntime\\(\\)\\.exec|\\bfork\\s*\\(",
              Check.Verdict.FAIL,
              "spawns processes"),
          rule(
              "task\\.toml|grading_seeds|practice_seeds|LOOPWATCH_|loopwatch|/proc/|\\breference/",
              Check.Verdict.FAIL,
              "references the harness or its files"),
          rule(
              "System\\.nanoTime|currentTimeMillis|Instant\\.now|\\bdate \\+%s",
              Check.Verdict.FLAG, "reads the clock"));

  private static final Pattern LONG_NUMBER = Pattern.compile("-?\\d+\\.\\d{4,}|\\d{7,}");

  private DiffScan() {}

  private static Rule rule(String regex, Check.Verdict verdict, String what) {
    return new Rule(Pattern.compile(regex), verdict, what);
  }

  /**
   * Scans the candidate against the baseline.
   *
   * @param baseline the baseline tree
   * @param candidate the candidate tree
   * @param expectedOutputs the baseline's output texts (for embedded-output detection)
   * @param extraWords more words that must not appear (e.g. the data folder's file names)
   */
  static Check scan(
      Path baseline, Path candidate, List<String> expectedOutputs, List<String> extraWords) {
    Set<String> expectedNumbers = new HashSet<>();
    for (String output : expectedOutputs) {
      Matcher matcher = LONG_NUMBER.matcher(output);
      while (matcher.find()) {
        expectedNumbers.add(matcher.group());
      }
    }
    SortedMap<String, String> before = Trees.hashes(baseline);
    List<String> fails = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    for (Path file : Trees.files(candidate)) {
      String path = Trees.relative(candidate, file);
      String hash = Trees.sha256(file);
      if (hash.equals(before.get(path))) {
        continue;
      }
      byte[] bytes;
      try {
        if (Files.size(file) > MAX_TEXT_BYTES) {
          fails.add(path + ": binary blob (" + Files.size(file) + " bytes)");
          continue;
        }
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        fails.add(path + ": unreadable: " + e.getMessage());
        continue;
      }
      if (isBinary(bytes)) {
        fails.add(path + ": binary blob");
        continue;
      }
      Set<String> old = new HashSet<>();
      Path original = baseline.resolve(path);
      if (Files.isRegularFile(original)) {
        try {
          old.addAll(Files.readAllLines(original, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          // Treat as a new file.
        }
      }
      String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (old.contains(line)) {
          continue;
        }
        String where = path + ":" + (i + 1) + ": ";
        for (Rule rule : RULES) {
          if (rule.pattern().matcher(line).find()) {
            (rule.verdict() == Check.Verdict.FAIL ? fails : flags).add(where + rule.what());
          }
        }
        for (String word : extraWords) {
          if (!word.isBlank() && line.contains(word)) {
            fails.add(where + "names grading data '" + word + "'");
          }
        }
        Matcher matcher = LONG_NUMBER.matcher(line);
        while (matcher.find()) {
          if (expectedNumbers.contains(matcher.group())) {
            fails.add(where + "embeds the expected output " + matcher.group());
            break;
          }
        }
      }
    }
    if (!fails.isEmpty()) {
      return Check.hint("diff_scan_hint", summary(fails));
    }
    if (!flags.isEmpty()) {
      return Check.hint("diff_scan_hint", summary(flags));
    }
    return Check.hint(
        "diff_scan_hint",
        "nothing suspicious in the lines changed from the baseline (a hint only)");
  }

  private static String summary(List<String> findings) {
    return findings.getFirst()
        + (findings.size() > 1 ? " (and " + (findings.size() - 1) + " more)" : "");
  }

  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
