package dev.loopwatch.evals.inspect;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * An Inspect evaluation log as Loopwatch reads it: the header fields it uses and every sample.
 *
 * @param file the file it was read from
 * @param format the file format
 * @param version the log schema version ({@code version}; 2 today)
 * @param status {@code started}, {@code success}, {@code cancelled} or {@code error}; {@code
 *     started} for a {@code .eval} log still being written (no {@code header.json} yet)
 * @param task the task name ({@code eval.task})
 * @param model the model ({@code eval.model}, e.g. {@code openai/gpt-4o})
 * @param created when the evaluation was created ({@code eval.created}, ISO 8601 as written)
 * @param results the aggregate scores ({@code results.scores}); empty when there are no results
 * @param samples the samples, ordered as Inspect orders them: by epoch, then by id (integer ids
 *     before string ids, integers by value)
 */
public record InspectLog(
    Path file,
    Format format,
    int version,
    String status,
    String task,
    String model,
    String created,
    List<InspectResultScore> results,
    List<InspectSample> samples) {
  /** The two file formats of an Inspect log. */
  public enum Format {
    /** A zip archive ({@code .eval}): header, summaries, one entry per sample and epoch. */
    EVAL,
    /** One JSON document ({@code .json}): the whole {@code EvalLog}, samples included. */
    JSON
  }

  /** Checks the fields and copies the lists. */
  public InspectLog {
    requireNonNull(file, "file is null");
    requireNonNull(format, "format is null");
    requireNonNull(status, "status is null");
    requireNonNull(task, "task is null");
    requireNonNull(model, "model is null");
    requireNonNull(created, "created is null");
    results = List.copyOf(requireNonNull(results, "results is null"));
    samples = List.copyOf(requireNonNull(samples, "samples is null"));
  }
}
