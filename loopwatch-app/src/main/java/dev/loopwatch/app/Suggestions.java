package dev.loopwatch.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * "Did you mean" for a mistyped command or option: the visible names within an edit distance of a
 * third of the word (adjacent swaps count as one edit, so {@code sacn} finds {@code scan};
 * picocli's own bigram similarity misses swaps).
 */
final class Suggestions {
  private Suggestions() {}

  /** The line to print for {@code unmatched}, if a close name exists. */
  static Optional<String> line(CommandLine.UnmatchedArgumentException unmatched) {
    List<String> words = unmatched.getUnmatched();
    if (words.isEmpty()) {
      return Optional.empty();
    }
    String word = words.get(0);
    CommandSpec spec = unmatched.getCommandLine().getCommandSpec();
    List<String> candidates = new ArrayList<>();
    String prefix;
    if (word.startsWith("-")) {
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      for (OptionSpec option : spec.options()) {
        if (!option.hidden()) {
          candidates.addAll(List.of(option.names()));
        }
      }
      prefix = "";
      word = name;
    } else {
      for (var entry : spec.subcommands().entrySet()) {
        if (!entry.getValue().getCommandSpec().usageMessage().hidden()) {
          candidates.add(entry.getKey());
        }
      }
      prefix = spec.qualifiedName() + " ";
    }
    String typed = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, typed.replaceFirst("^-+", "").length() / 3);
    List<String> close =
        candidates.stream()
            .filter(c -> distance(typed, c.toLowerCase(Locale.ROOT)) <= limit)
            .sorted(
                Comparator.comparingInt((String c) -> distance(typed, c.toLowerCase(Locale.ROOT)))
                    .thenComparing(Comparator.naturalOrder()))
            .limit(3)
            .map(c -> "'" + prefix + c + "'")
            .toList();
    return close.isEmpty()
        ? Optional.empty()
        : Optional.of("Did you mean " + String.join(" or ", close) + "?");
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
