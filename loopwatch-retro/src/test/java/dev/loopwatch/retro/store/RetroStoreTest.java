package dev.loopwatch.retro.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.stats.Wilson;
import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.retro.Incidents;
import dev.loopwatch.retro.RetroFixture;
import dev.loopwatch.retro.RetroOptions;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.RetroRunner;
import dev.loopwatch.retro.review.CommandReviewer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retro tables, written and read back from a DuckDB file. */
class RetroStoreTest {
  @TempDir Path temp;

  @Test
  void write_twoRuns_latestReadsSecondWithExactRows() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);
    RetroResult result =
        new RetroRunner(
                Git.open(fixture.repo.root()),
                List.of(
                    CommandReviewer.of(fixture.marker.toString()),
                    CommandReviewer.of(fixture.crash.toString())),
                RetroOptions.defaults(temp.resolve("work")))
            .run(Incidents.read(fixture.incidents), Progress.silent());

    try (Store store = Store.open(temp.resolve("lw.duckdb"), List.of(RetroStore.PART))) {
      assertThat(RetroStore.latest(store)).isEmpty();
      long first = RetroStore.write(store, result, "repo", Instant.parse("2026-03-01T00:00:00Z"));
      long second = RetroStore.write(store, result, "repo", Instant.parse("2026-03-02T00:00:00Z"));

      assertThat(second).isEqualTo(first + 1);
      List<RetroStore.ReviewerRow> rows = RetroStore.latest(store).orElseThrow();
      assertThat(rows)
          .containsExactly(
              new RetroStore.ReviewerRow(
                  "marker.sh",
                  4,
                  3,
                  2,
                  2,
                  2,
                  0,
                  0,
                  2,
                  2,
                  Optional.of(Wilson.interval(2, 2, 0.95)),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  rows.get(0).wallMillis(),
                  Optional.of(new BigDecimal("1.000000")),
                  0,
                  Optional.empty()),
              new RetroStore.ReviewerRow(
                  "crash.sh",
                  4,
                  3,
                  2,
                  2,
                  2,
                  0,
                  2,
                  0,
                  0,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  rows.get(1).wallMillis(),
                  Optional.empty(),
                  0,
                  Optional.empty()));
      List<RetroStore.IncidentRow> incidents = RetroStore.latestIncidents(store);
      assertThat(incidents).isEqualTo(RetroStore.incidentRows(result));
      assertThat(incidents).hasSize(4);
      RetroStore.IncidentRow caught =
          incidents.stream().filter(i -> !i.reviews().isEmpty()).findFirst().orElseThrow();
      assertThat(caught.stage()).isEqualTo("reviewed");
      assertThat(caught.reviews())
          .extracting(RetroStore.ReviewCell::reviewer)
          .containsExactly("marker.sh", "crash.sh");
      assertThat(caught.reviews().get(0).strictCatch()).isPresent();
      assertThat(caught.reviews().get(1).error()).isPresent();
      try (Statement statement = store.connection().createStatement();
          ResultSet counts =
              statement.executeQuery(
                  "SELECT (SELECT count(*) FROM retro_incidents WHERE run_id = "
                      + second
                      + "), (SELECT count(*) FROM retro_reviews WHERE run_id = "
                      + second
                      + "), (SELECT buggy_lines FROM retro_incidents WHERE incident_id = 'INC-4'"
                      + " AND run_id = "
                      + second
                      + ")")) {
        counts.next();
        assertThat(counts.getInt(1)).isEqualTo(4);
        assertThat(counts.getInt(2)).isEqualTo(4);
        assertThat(counts.getString(3)).isEqualTo("src/Pr.java:5");
      }
    }
  }

  @Test
  void latest_runStoredBeforeFunnelStages_readsRebuiltAsReviewedPlusErrors() throws Exception {
    Path file = temp.resolve("old.duckdb");
    try (Store old = Store.open(file, List.of(new SchemaPart("retro", List.of(RetroStore.V1))));
        Statement statement = old.connection().createStatement()) {
      statement.execute(
          "INSERT INTO retro_runs (run_at, repo, window_lines, seed, judged, controls)"
              + " VALUES (1, 'repo', 5, 1, false, 0)");
      statement.execute(
          "INSERT INTO retro_reviewers VALUES (1, 0, 'pmd', 25, 25, 25, 25, 0, 7, 0.28, 0.12,"
              + " 0.48, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 100, 0, 0)");
    }

    try (Store store = Store.open(file, List.of(RetroStore.PART))) {
      RetroStore.ReviewerRow row = RetroStore.latest(store).orElseThrow().getFirst();

      assertThat(row.reviewed()).isEqualTo(25);
      assertThat(row.rebuilt()).isEqualTo(25);
      assertThat(row.traceable()).isEqualTo(25);
      assertThat(row.notApplicable()).isZero();
      assertThat(row.strictCaught()).isEqualTo(7);
      assertThat(row.judgedReviewed()).isEmpty();
    }
  }
}
