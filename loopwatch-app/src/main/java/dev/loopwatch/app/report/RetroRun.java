package dev.loopwatch.app.report;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.Store;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.store.RetroStore;
import dev.loopwatch.retro.store.RetroStore.IncidentRow;
import dev.loopwatch.retro.store.RetroStore.ReviewerRow;
import dev.loopwatch.retro.store.RetroStore.RunModels;
import java.util.List;

/**
 * What the report shows of one review retrospective run: a row per reviewer and a row per incident.
 *
 * @param reviewers the reviewers' funnels and rates, in reviewer order
 * @param incidents the incidents with each reviewer's verdict, in input order
 * @param models the run's budget stop and its model judge's calls
 */
public record RetroRun(List<ReviewerRow> reviewers, List<IncidentRow> incidents, RunModels models) {
  /** Checks the fields are present and copies the lists. */
  public RetroRun {
    reviewers = List.copyOf(requireNonNull(reviewers, "reviewers is null"));
    incidents = List.copyOf(requireNonNull(incidents, "incidents is null"));
    requireNonNull(models, "models is null");
  }

  /** No run: the report has no retrospective section. */
  public static RetroRun none() {
    return new RetroRun(List.of(), List.of(), RunModels.NONE);
  }

  /** The latest run in {@code store}, or {@link #none()}. */
  public static RetroRun latest(Store store) {
    return RetroStore.latest(store)
        .map(rows ->
            new RetroRun(rows, RetroStore.latestIncidents(store), RetroStore.latestModels(store)))
        .orElseGet(RetroRun::none);
  }

  /** A run just made, before or without storing it. */
  public static RetroRun of(RetroResult result) {
    return new RetroRun(
        RetroSection.rows(result), RetroStore.incidentRows(result), RunModels.of(result));
  }

  /** Whether there is nothing to show. */
  public boolean isEmpty() {
    return reviewers.isEmpty();
  }
}
