package dev.loopwatch.ledger.attestation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON writer of attestations.
 *
 * <p>Rules: UTF-8; no whitespace outside strings; object members sorted by key in code point order
 * (keys are ASCII, so this is also byte and UTF-16 order, as in RFC 8785 section 3.2.3); absent
 * optional members omitted, never {@code null} (a phase report's unknown values are the one place
 * {@code null} is written); strings escape only {@code "} and {@code \} (as {@code \"} and {@code
 * \\}) and the controls U+0000..U+001F (as {@code \b \f \n \r \t} or {@code \}, u and four
 * lowercase hex digits), every other character literal (RFC 8785 section 3.2.2.2); numbers are
 * exact decimals in plain notation: an optional {@code -}, the integer digits without leading
 * zeroes, and a fraction only when non-zero, without trailing zeroes; never an exponent and never
 * {@code -0}. (RFC 8785 writes numbers as IEEE doubles; attestations need exact integers above
 * 2^53, such as FLOP counts, so they keep exact decimals instead.)
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The decimal in the canonical scale: no trailing fractional zeroes, zero as 0. */
  public static BigDecimal normalize(BigDecimal value) {
    if (value.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * Writes a value: a {@link String}, {@link BigInteger}, {@link BigDecimal}, {@link Boolean},
   * {@code null}, {@link Map} with string keys (sorted here) or {@link List}.
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case Boolean bool -> out.append(bool.booleanValue() ? "true" : "false");
      case String text -> writeString(text, out);
      case BigInteger integer -> out.append(integer.toString());
      case BigDecimal decimal -> out.append(normalize(decimal).toPlainString());
      case Map<?, ?> map -> {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put((String) k, v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> member : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(member.getKey(), out);
          out.append(':');
          write(member.getValue(), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      default ->
          throw new IllegalArgumentException("no canonical JSON for " + value.getClass().getName());
    }
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
