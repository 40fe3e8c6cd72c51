/**
 * Reads Inspect AI evaluation logs (UKGovernmentBEIS/inspect_ai): the {@code .eval} zip archive
 * (deflate or Zstandard entries) and the {@code .json} single {@code EvalLog} document, down to the
 * fields Loopwatch uses — the task, the model, the aggregate scores, and each sample's id, epoch,
 * scores and metadata.
 */
package dev.loopwatch.evals.inspect;
