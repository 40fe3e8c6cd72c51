package dev.loopwatch.models.stack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.ResponseJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Responses kept in the store ({@code model_responses}), keyed by {@link
 * CanonicalRequest#cacheKey}. A row holds the key, when it was written, the model's name, provider
 * and id, and the response JSON; never the API key or the request text. Rows older than the model's
 * expiry are not served and are replaced by the next answer. Calls from many threads take turns on
 * the store's one connection. New answers are written in batches of {@value #BATCH} (one
 * transaction each, as a DuckDB commit costs milliseconds) and served from memory until written;
 * {@link #close()} writes the rest, so close the cache before the store. A process killed before
 * that loses at most one batch of answers, never the store.
 */
public final class ResponseCache implements AutoCloseable {
  /** Answers held in memory before they are written in one transaction. */
  static final int BATCH = 64;

  private record Pending(
      long createdAt, String modelName, String provider, String model, String json) {}

  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /** Rows read ahead by {@link #prefetch}: key to creation time and response JSON. */
  private record Prefetched(long createdAt, String json) {}

  private final Map<String, Prefetched> prefetched = new HashMap<>();

  /** Keys per prefetch query. */
  private static final int PREFETCH_CHUNK = 500;

  private static final String V1 =
      """
      CREATE TABLE model_responses (
        cache_key VARCHAR PRIMARY KEY,
        created_at BIGINT NOT NULL,
        model_name VARCHAR NOT NULL,
        provider VARCHAR NOT NULL,
        model VARCHAR NOT NULL,
        response VARCHAR NOT NULL
      );
      """;

  /** The schema part to migrate when opening the store. */
  public static final SchemaPart PART = new SchemaPart("models", List.of(V1));

  private final Store store;

  /** A cache in {@code store}, which must have been opened with {@link #PART}. */
  public ResponseCache(Store store) {
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * The cached response of {@code key} if one younger than {@code expiry} at {@code now} exists.
   */
  public synchronized Optional<Response> find(
      String key, ModelSpec spec, Duration expiry, Instant now) {
    Pending held = pending.get(key);
    if (held != null && held.createdAt() >= now.minus(expiry).getEpochSecond()) {
      return parse(held.json(), spec);
    }
    Prefetched ahead = prefetched.get(key);
    if (ahead != null && ahead.createdAt() >= now.minus(expiry).getEpochSecond()) {
      return parse(ahead.json(), spec);
    }
    Optional<String> json =
        store.read(c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT response FROM model_responses WHERE cache_key = ? AND created_at >= ?")) {
            select.setString(1, key);
            select.setLong(2, now.minus(expiry).getEpochSecond());
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
            }
          }
        });
    return json.isEmpty() ? Optional.empty() : parse(json.get(), spec);
  }

  /**
   * Reads the rows of {@code keys} younger than {@code expiry} at {@code now} in a few queries and
   * keeps them in memory for {@link #find}, so a bulk run that is mostly cached does not pay one
   * query per call. Keys without a row stay misses; the memory held is that of the rows found.
   */
  public synchronized void prefetch(Collection<String> keys, Duration expiry, Instant now) {
    requireNonNull(keys, "keys is null");
    List<String> wanted = keys.stream().distinct().filter(k -> !prefetched.containsKey(k)).toList();
    long since = now.minus(expiry).getEpochSecond();
    for (int from = 0; from < wanted.size(); from += PREFETCH_CHUNK) {
      List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + PREFETCH_CHUNK));
      String sql =
          "SELECT cache_key, created_at, response FROM model_responses WHERE created_at >= ?"
              + " AND cache_key IN ("
              + String.join(", ", Collections.nCopies(chunk.size(), "?"))
              + ")";
      store.read(c -> {
        try (PreparedStatement select = c.prepareStatement(sql)) {
          select.setLong(1, since);
          for (int i = 0; i < chunk.size(); i++) {
            select.setString(i + 2, chunk.get(i));
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              prefetched.put(rows.getString(1), new Prefetched(rows.getLong(2), rows.getString(3)));
            }
          }
        }
        return null;
      });
    }
  }

  private static Optional<Response> parse(String json, ModelSpec spec) {
    try {
      return Optional.of(
          ResponseJson.read(CanonicalRequest.mapper().readTree(json), spec.model(), Duration.ZERO)
              .asCached());
    } catch (JacksonException | IllegalArgumentException e) {
      return Optional.empty(); // an unreadable row is a miss; the next answer replaces it
    }
  }

  /** The number of cached answers per model name, sorted by name. */
  public static Map<String, Long> countsByModelName(Store store) {
    return store.read(c -> {
      Map<String, Long> counts = new TreeMap<>();
      try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT model_name, count(*) FROM model_responses GROUP BY model_name");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getLong(2));
        }
      }
      return counts;
    });
  }

  /** Stores {@code response} under {@code key}, replacing an older row. */
  public synchronized void put(String key, ModelSpec spec, Response response, Instant now) {
    pending.put(
        key,
        new Pending(
            now.getEpochSecond(),
            spec.name(),
            spec.provider().configName(),
            spec.model(),
            CanonicalRequest.write(ResponseJson.write(response))));
    if (pending.size() >= BATCH) {
      flush();
    }
  }

  /** Writes the answers held in memory to the store, in one transaction. */
  public synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    // One multi-row statement: DuckDB runs each statement in milliseconds, rows in microseconds.
    String sql =
        "INSERT OR REPLACE INTO model_responses VALUES "
            + String.join(", ", Collections.nCopies(pending.size(), "(?, ?, ?, ?, ?, ?)"));
    store.inTransaction(c -> {
      try (PreparedStatement upsert = c.prepareStatement(sql)) {
        int index = 1;
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
          Pending row = entry.getValue();
          upsert.setString(index++, entry.getKey());
          upsert.setLong(index++, row.createdAt());
          upsert.setString(index++, row.modelName());
          upsert.setString(index++, row.provider());
          upsert.setString(index++, row.model());
          upsert.setString(index++, row.json());
        }
        upsert.executeUpdate();
      }
      return null;
    });
    pending.clear();
  }

  /** Writes what is held in memory; the store stays open. */
  @Override
  public void close() {
    flush();
  }
}
