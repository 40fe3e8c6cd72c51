package dev.loopwatch.research.forum;

import java.util.Locale;
import java.util.Optional;

/** What a forum post reports: a result (seeds and a snapshot required), or a softer finding. */
public enum PostKind {
  /** A measured outcome: at least {@value Forum#MIN_SEEDS} seeds and a snapshot commit. */
  RESULT,
  /** An idea to test. */
  HYPOTHESIS,
  /** Something learned that is not a measured result. */
  INSIGHT,
  /** Something that went wrong, so others avoid it. */
  ERROR;

  /** The name on the wire and in files: lower case. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code text} on the wire, if any. */
  public static Optional<PostKind> parse(String text) {
    for (PostKind kind : values()) {
      if (kind.wire().equals(text)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
