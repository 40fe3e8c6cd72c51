package dev.loopwatch.core.cost;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A price table: model id to {@link Price}. The bundled table is the resource {@code
 * dev/loopwatch/core/cost/prices.toml}; a user file in the same format replaces rows by model id
 * and adds new ones.
 *
 * <p>File format: a list of {@code [[price]]} tables with keys {@code model}, {@code input}, {@code
 * output}, {@code cache-write}, {@code cache-read} (US dollars per million tokens), {@code source}
 * and {@code as-of} (a {@code "YYYY-MM-DD"} string).
 *
 * <p>Lookup: a model matches a row with the same id; failing that, the model and the rows are
 * compared with a trailing {@code -YYYYMMDD} date removed, so {@code claude-haiku-4-5} finds the
 * row of {@code claude-haiku-4-5-20251001} and the other way round. A model with no row has an
 * unknown cost: {@link #cost} returns empty, never 0 (except for usage with no tokens, which costs
 * 0 whatever the model).
 */
public final class Prices {
  private static final String RESOURCE = "/dev/loopwatch/core/cost/prices.toml";
  private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");
  private static final Set<String> KEYS =
      Set.of("model", "input", "output", "cache-write", "cache-read", "source", "as-of");

  private final Map<String, Price> byModel;
  private final Map<String, Price> byUndatedModel;

  private Prices(Collection<Price> prices) {
    Map<String, Price> exact = new TreeMap<>();
    for (Price price : prices) {
      exact.put(price.model(), price);
    }
    Map<String, Price> undated = new TreeMap<>();
    for (Price price : exact.values()) {
      undated.putIfAbsent(undated(price.model()), price);
    }
    this.byModel = exact;
    this.byUndatedModel = undated;
  }

  /** Returns a table of exactly {@code prices}; a later price for the same model wins. */
  public static Prices of(List<Price> prices) {
    return new Prices(List.copyOf(prices));
  }

  /** Returns the bundled price table. */
  public static Prices defaults() {
    try (InputStream in = Prices.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing");
      }
      JsonNode node = new TomlMapper().readTree(in);
      return new Prices(parse(ConfigSection.of("", (ObjectNode) node, RESOURCE)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Returns the bundled table with the rows of the user file {@code file} replacing or adding rows
   * by model id; fails naming the file and key on a bad row.
   */
  public static Prices withOverrides(Path file) {
    requireNonNull(file, "file is null");
    List<Price> rows = new ArrayList<>(defaults().all());
    rows.addAll(parse(ConfigSection.of("", Config.parse(file), file.toString())));
    return new Prices(rows);
  }

  private static List<Price> parse(ConfigSection root) {
    root.requireKnownKeys(Set.of("price"));
    List<Price> prices = new ArrayList<>();
    for (ConfigSection row : root.tables("price")) {
      row.requireKnownKeys(KEYS);
      String model = row.string("model").orElseThrow(() -> row.fault("model", "is missing"));
      String asOf = row.string("as-of").orElseThrow(() -> row.fault("as-of", "is missing"));
      LocalDate day;
      try {
        day = LocalDate.parse(asOf);
      } catch (DateTimeParseException e) {
        throw row.fault("as-of", "must be a date like \"2026-03-20\": " + asOf);
      }
      try {
        prices.add(
            new Price(
                model,
                required(row, "input"),
                required(row, "output"),
                required(row, "cache-write"),
                required(row, "cache-read"),
                row.string("source").orElseThrow(() -> row.fault("source", "is missing")),
                day));
      } catch (IllegalArgumentException e) {
        throw LoopwatchException.userInput(e.getMessage() + " (" + row.fault("model", "") + ")");
      }
    }
    return prices;
  }

  private static double required(ConfigSection row, String key) {
    double value = row.number(key).orElseThrow(() -> row.fault(key, "is missing"));
    if (!Double.isFinite(value) || value < 0) {
      throw row.fault(key, "must be a price of 0 or more US dollars per million tokens");
    }
    return value;
  }

  private static String undated(String model) {
    return DATE_SUFFIX.matcher(model).replaceFirst("");
  }

  /** Returns every row, sorted by model id. */
  public List<Price> all() {
    return List.copyOf(byModel.values());
  }

  /** Returns the price of {@code model}, when the table knows it. */
  public Optional<Price> price(String model) {
    requireNonNull(model, "model is null");
    Price exact = byModel.get(model);
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(byUndatedModel.get(undated(model)));
  }

  /**
   * Returns the cost in US dollars of {@code usage} by {@code model}: empty when the model has no
   * price and the usage has tokens.
   */
  public Optional<Double> cost(String model, TokenCounts usage) {
    requireNonNull(usage, "usage is null");
    if (usage.total() == 0) {
      return Optional.of(0.0);
    }
    return price(model).map(price -> price.cost(usage));
  }
}
