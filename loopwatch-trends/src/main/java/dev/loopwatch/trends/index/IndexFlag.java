package dev.loopwatch.trends.index;

import java.util.Locale;

/** A warning attached to one model or benchmark of a fit. */
public enum IndexFlag {
  /** A model scored on fewer benchmarks than the minimum (Epoch's loader drops such models). */
  FEW_BENCHMARKS,
  /** A benchmark only one model was scored on: its difficulty and discriminability are weak. */
  ONE_MODEL,
  /** A benchmark on which every model scored the same: its discriminability is not identified. */
  CONSTANT_SCORES,
  /** Not linked to the anchor benchmark through shared scores: placed by the penalty alone. */
  NOT_LINKED,
  /** A parameter sits on its bound (capability or difficulty +-10, discriminability 0.1 or 10). */
  AT_BOUND;

  /** The flag as written in outputs, e.g. {@code few_benchmarks}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
