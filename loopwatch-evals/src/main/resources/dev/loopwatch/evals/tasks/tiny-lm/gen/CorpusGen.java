import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny-lm corpus generator: writes about 200 KB of English-like sentences from a fixed grammar
 * with choices drawn from a seeded SplitMix64, so each seed gives a different text.
 *
 * <p>Protected task file (not editable by the candidate). Run with the JDK's source launcher:
 *
 * <pre>java gen/CorpusGen.java --seed 11 --out corpus.txt</pre>
 *
 * <p>The seed also skews how often each word is chosen (a seeded Zipf-like weighting), so corpora
 * for different seeds differ in their statistics, not only in their order. The output is US-ASCII:
 * lowercase letters, space, comma, full stop and newline.
 */
public final class CorpusGen {
  static final int TARGET_CHARS = 200_000;

  static final String[] DETERMINERS = {"the", "a", "every", "some", "that", "this", "one", "no"};
  static final String[] ADJECTIVES = {
    "small", "quick", "lazy", "bright", "quiet", "old", "young", "green", "heavy", "gentle", "clever",
    "brave", "tired", "curious", "silver", "wild", "calm", "happy", "strange", "little"
  };
  static final String[] NOUNS = {
    "fox", "dog", "bird", "river", "child", "farmer", "teacher", "stone", "garden", "window", "horse",
    "cat", "tree", "city", "boat", "king", "painter", "robot", "cloud", "letter", "mountain", "lamp",
    "baker", "owl"
  };
  static final String[] TRANSITIVE = {
    "sees", "finds", "follows", "carries", "watches", "likes", "helps", "paints", "calls", "builds",
    "remembers", "visits", "chases", "feeds"
  };
  static final String[] INTRANSITIVE = {
    "sleeps", "sings", "waits", "runs", "laughs", "falls", "rests", "dances", "wanders", "listens"
  };
  static final String[] ADVERBS = {
    "slowly", "quietly", "often", "never", "always", "again", "softly", "happily", "suddenly"
  };
  static final String[] PREPOSITIONS = {"near", "under", "behind", "beside", "across", "above", "with"};
  static final String[] CONJUNCTIONS = {"and", "but", "while", "because", "so"};

  private long state;

  CorpusGen(long seed) {
    this.state = seed;
  }

  /** Runs the generator: {@code --seed N --out PATH}. */
  public static void main(String[] args) throws IOException {
    Long seed = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (seed == null || out == null) {
      throw new IllegalArgumentException("usage: java gen/CorpusGen.java --seed N --out PATH");
    }
    Files.writeString(out, new CorpusGen(seed).text(TARGET_CHARS), StandardCharsets.US_ASCII);
  }

  long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  int below(int n) {
    return (int) Long.remainderUnsigned(next(), n);
  }

  /** Picks from a list with a seeded skew: the first word of a shuffled order is the most likely. */
  String pick(String[] words, int[] order) {
    // Zipf-like: rank r is chosen with weight 1/(r+1), sampled by rejection on integers.
    while (true) {
      int r = below(words.length);
      if (below(r + 1) == 0) {
        return words[order[r]];
      }
    }
  }

  int[] shuffled(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = below(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  String text(int targetChars) {
    int[] det = shuffled(DETERMINERS.length);
    int[] adj = shuffled(ADJECTIVES.length);
    int[] noun = shuffled(NOUNS.length);
    int[] trans = shuffled(TRANSITIVE.length);
    int[] intrans = shuffled(INTRANSITIVE.length);
    int[] adv = shuffled(ADVERBS.length);
    int[] prep = shuffled(PREPOSITIONS.length);
    int[] conj = shuffled(CONJUNCTIONS.length);
    StringBuilder text = new StringBuilder(targetChars + 200);
    int sentencesOnLine = 0;
    while (text.length() < targetChars) {
      StringBuilder sentence = new StringBuilder();
      clause(sentence, det, adj, noun, trans, intrans, adv, prep);
      if (below(4) == 0) {
        sentence.append(", ").append(pick(CONJUNCTIONS, conj)).append(' ');
        clause(sentence, det, adj, noun, trans, intrans, adv, prep);
      }
      sentence.append('.');
      text.append(sentence);
      sentencesOnLine++;
      if (sentencesOnLine >= 3 + below(3)) {
        text.append('\n');
        sentencesOnLine = 0;
      } else {
        text.append(' ');
      }
    }
    return text.toString();
  }

  void clause(
      StringBuilder out,
      int[] det,
      int[] adj,
      int[] noun,
      int[] trans,
      int[] intrans,
      int[] adv,
      int[] prep) {
    nounPhrase(out, det, adj, noun);
    if (below(5) == 0) {
      out.append(' ').append(pick(ADVERBS, adv));
    }
    if (below(2) == 0) {
      out.append(' ').append(pick(TRANSITIVE, trans)).append(' ');
      nounPhrase(out, det, adj, noun);
    } else {
      out.append(' ').append(pick(INTRANSITIVE, intrans));
    }
    if (below(3) == 0) {
      out.append(' ').append(pick(PREPOSITIONS, prep)).append(' ');
      nounPhrase(out, det, adj, noun);
    }
  }

  void nounPhrase(StringBuilder out, int[] det, int[] adj, int[] noun) {
    out.append(pick(DETERMINERS, det)).append(' ');
    if (below(2) == 0) {
      out.append(pick(ADJECTIVES, adj)).append(' ');
    }
    out.append(pick(NOUNS, noun));
  }
}
