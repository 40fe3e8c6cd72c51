package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * One evaluation result reported in an attestation.
 *
 * @param evaluator who ran the evaluation (an organisation, or a note verifier key)
 * @param benchmark the benchmark or task suite
 * @param metric the metric reported, e.g. {@code pass@1}
 * @param value the metric's value, an exact decimal
 */
public record Evaluation(String evaluator, String benchmark, String metric, BigDecimal value) {
  /** Checks the fields are present and normalizes the decimal. */
  public Evaluation {
    requireNonNull(evaluator, "evaluator is null");
    requireNonNull(benchmark, "benchmark is null");
    requireNonNull(metric, "metric is null");
    value = CanonicalJson.normalize(requireNonNull(value, "value is null"));
  }
}
