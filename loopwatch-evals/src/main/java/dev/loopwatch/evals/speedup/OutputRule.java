package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/** How one output file of a candidate is compared with the baseline's. */
public sealed interface OutputRule {
  /** The output file: {@code {output}} or a path relative to the working copy. */
  String file();

  /**
   * Compares the candidate's output text with the baseline's.
   *
   * @return empty when they match under this rule, else a one-line reason
   */
  Optional<String> compare(String expected, String actual);

  /**
   * Byte-for-byte equality.
   *
   * @param file the output file
   */
  record Exact(String file) implements OutputRule {
    public Exact {
      requireNonNull(file, "file is null");
    }

    @Override
    public Optional<String> compare(String expected, String actual) {
      if (expected.equals(actual)) {
        return Optional.empty();
      }
      int index = 0;
      while (index < expected.length()
          && index < actual.length()
          && expected.charAt(index) == actual.charAt(index)) {
        index++;
      }
      return Optional.of(file + ": differs from the baseline at character " + index);
    }
  }

  /**
   * Whitespace-separated tokens: the same number of tokens, non-numeric tokens equal, numbers
   * within {@code |a - b| <= absTol + relTol * |b|} where b is the baseline's.
   *
   * @param file the output file
   * @param absTol absolute tolerance
   * @param relTol relative tolerance
   */
  record Numeric(String file, double absTol, double relTol) implements OutputRule {
    public Numeric {
      requireNonNull(file, "file is null");
      if (!(absTol >= 0) || !(relTol >= 0)) {
        throw new IllegalArgumentException("tolerances must be >= 0: " + absTol + ", " + relTol);
      }
    }

    @Override
    public Optional<String> compare(String expected, String actual) {
      String[] want = tokens(expected);
      String[] got = tokens(actual);
      if (want.length != got.length) {
        return Optional.of(file + ": " + got.length + " tokens, the baseline wrote " + want.length);
      }
      for (int i = 0; i < want.length; i++) {
        Optional<Double> b = number(want[i]);
        Optional<Double> a = number(got[i]);
        if (b.isPresent() && a.isPresent()) {
          double difference = Math.abs(a.get() - b.get());
          if (!(difference <= absTol + relTol * Math.abs(b.get()))) {
            return Optional.of(
                String.format(
                    Locale.ROOT,
                    "%s: token %d is %s, the baseline wrote %s (|diff| %.3g > %.3g)",
                    file,
                    i + 1,
                    got[i],
                    want[i],
                    difference,
                    absTol + relTol * Math.abs(b.get())));
          }
        } else if (!want[i].equals(got[i])) {
          return Optional.of(
              file
                  + ": token "
                  + (i + 1)
                  + " is '"
                  + got[i]
                  + "', the baseline wrote '"
                  + want[i]
                  + "'");
        }
      }
      return Optional.empty();
    }

    private static String[] tokens(String text) {
      String stripped = text.strip();
      return stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
    }

    private static Optional<Double> number(String token) {
      try {
        double value = Double.parseDouble(token);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }
}
