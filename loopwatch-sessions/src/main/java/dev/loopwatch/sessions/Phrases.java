package dev.loopwatch.sessions;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weighted phrase list read from a resource file, matched on word boundaries.
 *
 * <p>Each non-comment line of the file is {@code WEIGHT PHRASE}. A phrase matches
 * case-insensitively where no letter or digit touches it on either side; curly apostrophes in the
 * text are read as straight ones. It scores {@code WEIGHT x 2} when it starts the text (only spaces
 * or punctuation before it) and {@code WEIGHT x 1} elsewhere; the text matches when its best phrase
 * scores {@value #THRESHOLD} or more.
 */
final class Phrases {

  /** The score a text needs to match. */
  static final int THRESHOLD = 2;

  private record Entry(String phrase, int weight, Pattern pattern) {}

  private final List<Entry> entries;

  private Phrases(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Loads the list in resource {@code name} beside this class. */
  static Phrases load(String name) {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = Phrases.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing phrase list resource " + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        int space = text.indexOf(' ');
        if (space < 1) {
          throw new IllegalStateException(name + ":" + number + ": expected WEIGHT PHRASE");
        }
        int weight = Integer.parseInt(text.substring(0, space));
        String phrase = text.substring(space + 1).strip().toLowerCase(Locale.ROOT);
        entries.add(
            new Entry(
                phrase,
                weight,
                Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read phrase list " + name, e);
    }
    return new Phrases(entries);
  }

  /** Returns the best-scoring phrase of {@code text} when it scores at least the threshold. */
  Optional<String> match(String text) {
    requireNonNull(text, "text is null");
    String normalized = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    int first = 0;
    while (first < normalized.length() && !Character.isLetterOrDigit(normalized.charAt(first))) {
      first++;
    }
    String best = null;
    int bestScore = 0;
    for (Entry entry : entries) {
      Matcher matcher = entry.pattern().matcher(normalized);
      int score = 0;
      while (matcher.find()) {
        score = Math.max(score, entry.weight() * (matcher.start() == first ? 2 : 1));
      }
      if (score > bestScore) {
        bestScore = score;
        best = entry.phrase();
      }
    }
    return bestScore >= THRESHOLD ? Optional.of(best) : Optional.empty();
  }
}
