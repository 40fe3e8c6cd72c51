package dev.loopwatch.evals.speedup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of what the reference solution changed in the baseline a candidate contains, by
 * normalised token shingles: comments and whitespace dropped, every identifier that is not a Java
 * keyword replaced by one symbol (so renames do not matter), every string and number literal by one
 * symbol each; then the set of 5-token shingles of each tree. The score is the share of the
 * reference's own shingles (those not in the baseline) that the candidate also has: 1 for a copy of
 * the reference however commented, reformatted or renamed; near 0 for a candidate that only shares
 * the baseline with it. The idea is the shingling of Broder (1997), "On the resemblance and
 * containment of documents", with containment instead of resemblance.
 */
public final class Similarity {
  /** Shingle length in tokens. */
  static final int SHINGLE = 5;

  private static final Pattern TOKEN =
      Pattern.compile(
          // Literals unrolled ("[^"\\]*(\\.[^"\\]*)*"): no backtracking stack per character.
          "//[^\\n]*|/\\*.*?\\*/|#[^\\n]*"
              + "|\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|'[^'\\\\]*+(?:\\\\.[^'\\\\]*+)*+'"
              + "|[A-Za-z_$][A-Za-z0-9_$]*|[0-9][0-9A-Za-z_.]*|\\S",
          Pattern.DOTALL);

  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "var",
          "record",
          "yield",
          "sealed",
          "permits",
          "true",
          "false",
          "null");

  private Similarity() {}

  /** The normalised tokens of a source text. */
  static List<String> tokens(String source) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(source);
    while (matcher.find()) {
      String token = matcher.group();
      if (token.startsWith("//") || token.startsWith("/*") || token.startsWith("#")) {
        continue;
      }
      char first = token.charAt(0);
      if (first == '"' || first == '\'') {
        tokens.add("\"S\"");
      } else if (Character.isDigit(first)) {
        tokens.add("0");
      } else if (Character.isLetter(first) || first == '_' || first == '$') {
        tokens.add(KEYWORDS.contains(token) ? token : "I");
      } else {
        tokens.add(token);
      }
    }
    return tokens;
  }

  /** The set of shingles of the concatenated sources. */
  static Set<String> shingles(List<String> sources) {
    Set<String> result = new HashSet<>();
    for (String source : sources) {
      List<String> tokens = tokens(source);
      for (int i = 0; i + SHINGLE <= tokens.size(); i++) {
        result.add(String.join(" ", tokens.subList(i, i + SHINGLE)));
      }
    }
    return result;
  }

  /**
   * The share of the reference's own shingles (not in the baseline) that the candidate has, or -1
   * when the reference adds none.
   */
  public static double containment(
      List<String> baseline, List<String> reference, List<String> candidate) {
    Set<String> own = shingles(reference);
    own.removeAll(shingles(baseline));
    if (own.isEmpty()) {
      return -1;
    }
    Set<String> mine = shingles(candidate);
    long shared = own.stream().filter(mine::contains).count();
    return (double) shared / own.size();
  }
}
