package dev.loopwatch.trends.index;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.trends.horizon.Interval;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The capability-index part of the store: one row per fit ({@code index_fits}), with its models
 * ({@code index_models}) and benchmarks ({@code index_benchmarks}) pointing at it. Times are epoch
 * seconds (UTC); interval bounds are NULL where there is no interval; flags are comma-separated
 * labels.
 */
public final class IndexStore {
  private IndexStore() {}

  private static final String V1 =
      """
      CREATE TABLE index_fits (
        id VARCHAR PRIMARY KEY,
        fitted_at BIGINT NOT NULL,
        input VARCHAR NOT NULL,
        scores INTEGER NOT NULL,
        models INTEGER NOT NULL,
        benchmarks INTEGER NOT NULL,
        anchor_benchmark VARCHAR NOT NULL,
        low_model VARCHAR NOT NULL,
        low_value DOUBLE NOT NULL,
        high_model VARCHAR NOT NULL,
        high_value DOUBLE NOT NULL,
        regularization DOUBLE NOT NULL,
        bootstrap INTEGER NOT NULL,
        seed BIGINT NOT NULL,
        level DOUBLE NOT NULL,
        draws INTEGER NOT NULL,
        converged BOOLEAN NOT NULL,
        "offset" DOUBLE NOT NULL,
        scale DOUBLE NOT NULL
      );
      CREATE TABLE index_models (
        fit_id VARCHAR NOT NULL,
        model VARCHAR NOT NULL,
        released DATE,
        benchmarks INTEGER NOT NULL,
        capability DOUBLE NOT NULL,
        value DOUBLE NOT NULL,
        low DOUBLE,
        high DOUBLE,
        rmse DOUBLE NOT NULL,
        flags VARCHAR NOT NULL
      );
      CREATE TABLE index_benchmarks (
        fit_id VARCHAR NOT NULL,
        benchmark VARCHAR NOT NULL,
        models INTEGER NOT NULL,
        anchor BOOLEAN NOT NULL,
        difficulty DOUBLE NOT NULL,
        discriminability DOUBLE NOT NULL,
        value DOUBLE NOT NULL,
        low DOUBLE,
        high DOUBLE,
        slope DOUBLE NOT NULL,
        slope_low DOUBLE,
        slope_high DOUBLE,
        rmse DOUBLE NOT NULL,
        mean_residual DOUBLE NOT NULL,
        flags VARCHAR NOT NULL
      );
      """;

  /** The schema part to migrate when opening the store. */
  public static final SchemaPart PART = new SchemaPart("index", List.of(V1));

  /** Stores {@code fit} of the scores in {@code input} and returns the fit's id. */
  public static String record(Store store, IndexFit fit, String input, Instant at) {
    requireNonNull(store, "store is null");
    requireNonNull(fit, "fit is null");
    requireNonNull(input, "input is null");
    requireNonNull(at, "at is null");
    String id = UUID.randomUUID().toString();
    IndexOptions options = fit.options();
    store.inTransaction(connection -> {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO index_fits VALUES"
                  + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, id);
        insert.setLong(2, at.getEpochSecond());
        insert.setString(3, input);
        insert.setInt(4, fit.scores());
        insert.setInt(5, fit.models().size());
        insert.setInt(6, fit.benchmarks().size());
        insert.setString(7, options.anchorBenchmark());
        insert.setString(8, options.low().model());
        insert.setDouble(9, options.low().value());
        insert.setString(10, options.high().model());
        insert.setDouble(11, options.high().value());
        insert.setDouble(12, options.regularization());
        insert.setInt(13, options.bootstrap());
        insert.setLong(14, options.seed());
        insert.setDouble(15, options.level());
        insert.setInt(16, fit.draws());
        insert.setBoolean(17, fit.converged());
        insert.setDouble(18, fit.offset());
        insert.setDouble(19, fit.scale());
        insert.executeUpdate();
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO index_models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (ModelIndex model : fit.models()) {
          insert.setString(1, id);
          insert.setString(2, model.model());
          Optional<LocalDate> released = model.date();
          if (released.isPresent()) {
            insert.setObject(3, released.get());
          } else {
            insert.setNull(3, Types.DATE);
          }
          insert.setInt(4, model.benchmarks());
          insert.setDouble(5, model.capability());
          insert.setDouble(6, model.index());
          bounds(insert, 7, model.interval());
          insert.setDouble(9, model.rmse());
          insert.setString(10, flags(model.flags()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO index_benchmarks VALUES"
                  + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (BenchmarkParams benchmark : fit.benchmarks()) {
          insert.setString(1, id);
          insert.setString(2, benchmark.benchmark());
          insert.setInt(3, benchmark.models());
          insert.setBoolean(4, benchmark.anchor());
          insert.setDouble(5, benchmark.difficulty());
          insert.setDouble(6, benchmark.discriminability());
          insert.setDouble(7, benchmark.index());
          bounds(insert, 8, benchmark.indexInterval());
          insert.setDouble(10, benchmark.slope());
          bounds(insert, 11, benchmark.slopeInterval());
          insert.setDouble(13, benchmark.rmse());
          insert.setDouble(14, benchmark.meanResidual());
          insert.setString(15, flags(benchmark.flags()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
    return id;
  }

  private static void bounds(PreparedStatement insert, int column, Optional<Interval> interval)
      throws SQLException {
    if (interval.isPresent()) {
      insert.setDouble(column, interval.get().low());
      insert.setDouble(column + 1, interval.get().high());
    } else {
      insert.setNull(column, Types.DOUBLE);
      insert.setNull(column + 1, Types.DOUBLE);
    }
  }

  private static String flags(List<IndexFlag> flags) {
    return flags.stream().map(IndexFlag::label).collect(Collectors.joining(","));
  }
}
