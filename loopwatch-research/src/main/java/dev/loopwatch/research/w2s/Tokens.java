package dev.loopwatch.research.w2s;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into lower-cased words: maximal runs of letters, digits and underscores at least two
 * code points long (the same tokens as scikit-learn's default pattern {@code \b\w\w+\b}).
 */
final class Tokens {
  private Tokens() {}

  /** The tokens of {@code text}, in order. */
  static List<String> of(String text) {
    List<String> tokens = new ArrayList<>();
    int length = text.length();
    int at = 0;
    while (at < length) {
      int cp = text.codePointAt(at);
      if (!isWord(cp)) {
        at += Character.charCount(cp);
        continue;
      }
      int start = at;
      int count = 0;
      while (at < length) {
        cp = text.codePointAt(at);
        if (!isWord(cp)) {
          break;
        }
        count++;
        at += Character.charCount(cp);
      }
      if (count >= 2) {
        tokens.add(text.substring(start, at).toLowerCase(Locale.ROOT));
      }
    }
    return tokens;
  }

  private static boolean isWord(int cp) {
    return Character.isLetterOrDigit(cp) || cp == '_';
  }
}
