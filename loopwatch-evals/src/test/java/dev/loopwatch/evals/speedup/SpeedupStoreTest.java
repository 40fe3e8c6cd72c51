package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gradings and attempts in the DuckDB store. */
class SpeedupStoreTest {
  @TempDir Path temp;

  private static GradeReport report(boolean timed) {
    return new GradeReport(
        "tiny",
        "/cand",
        false,
        true,
        List.of(new GradeReport.SeedVerdict(11, true, "")),
        timed
            ? Optional.of(Speedup.of(new double[] {2, 2, 2}, new double[] {1, 1, 0.5}))
            : Optional.empty(),
        Optional.empty(),
        OptionalDouble.empty(),
        GradeReport.Usage.none(),
        GradeReport.Usage.none(),
        List.of(
            new Check("builds", Check.Verdict.PASS, "ok"),
            new Check("diff_scan", Check.Verdict.FLAG, "reads the clock")),
        false,
        List.of(),
        List.of());
  }

  @Test
  void recordAttempt_withGrading_rowsLinked() throws Exception {
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(SpeedupStore.PART))) {
      Attempt.Result attempt =
          new Attempt.Result(temp, 0, false, 12.5, List.of("{}", "{}"), report(true));
      String id =
          SpeedupStore.recordAttempt(
              store, attempt, "claude-code", Optional.of("opus"), Instant.ofEpochSecond(100));
      SpeedupStore.recordGrading(store, report(false), Instant.ofEpochSecond(200));

      try (Statement statement = store.connection().createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT a.id, a.agent, a.model, a.scores, g.speedup_median, g.speedup_best,"
                      + " g.pairs, g.checks FROM speedup_attempts a JOIN speedup_gradings g"
                      + " ON g.id = a.grading_id")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(id);
        assertThat(rows.getString(2)).isEqualTo("claude-code");
        assertThat(rows.getString(3)).isEqualTo("opus");
        assertThat(rows.getInt(4)).isEqualTo(2);
        assertThat(rows.getDouble(5)).isEqualTo(2.0);
        assertThat(rows.getDouble(6)).isEqualTo(4.0);
        assertThat(rows.getInt(7)).isEqualTo(3);
        assertThat(rows.getString(8)).isEqualTo("builds=pass,diff_scan=flag");
        assertThat(rows.next()).isFalse();
      }
      try (Statement statement = store.connection().createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*), count(speedup_median) FROM speedup_gradings")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(2);
        assertThat(rows.getInt(2)).isEqualTo(1);
      }
    }
  }

  @Test
  void history_gradingsAndAttempts_oldestFirstWithAgentAndModel() {
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(SpeedupStore.PART))) {
      SpeedupStore.recordGrading(store, report(false), Instant.ofEpochSecond(200));
      SpeedupStore.recordAttempt(
          store,
          new Attempt.Result(temp, 0, false, 12.5, List.of(), report(true)),
          "claude -p go",
          Optional.of("opus"),
          Instant.ofEpochSecond(100));

      List<SpeedupStore.HistoryRow> rows = SpeedupStore.history(store);

      assertThat(rows).hasSize(2);
      assertThat(rows.get(0).gradedAt()).isEqualTo(Instant.ofEpochSecond(100));
      assertThat(rows.get(0).agent()).contains("claude -p go");
      assertThat(rows.get(0).group()).isEqualTo("opus");
      assertThat(rows.get(0).median()).hasValue(2.0);
      assertThat(rows.get(0).checks()).isEqualTo("builds=pass,diff_scan=flag");
      assertThat(rows.get(1).group()).isEqualTo("/cand");
      assertThat(rows.get(1).median()).isEmpty();
      assertThat(rows.get(1).accepted()).isFalse();
    }
  }
}
