package dev.loopwatch.app.models;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.stack.ResponseCache;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch models list}: every configured model with its provider, base URL, whether its
 * key variable is set (never the key), and how many of its answers the store caches.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "List the models of loopwatch.toml [models.NAME].",
      "Shows provider, model id, base URL, the API key's environment variable and whether it is",
      "set (never its value), and the answers cached in the store."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch models list",
      "  loopwatch models list --config team/loopwatch.toml --json"
    })
final class ModelsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(names = "--config", paramLabel = "FILE", description = "Read this loopwatch.toml only.")
  Path config;

  @Option(names = "--json", description = "Print the models as JSON.")
  boolean json;

  /**
   * One configured model as listed.
   *
   * @param name the table name
   * @param provider the provider
   * @param model the model id
   * @param baseUrl the base URL, empty for command and replay
   * @param apiKeyEnv the key's variable, empty when none is sent
   * @param apiKeySet whether that variable is set
   * @param cachedAnswers answers cached in the store; empty when there is no store
   */
  record Row(
      String name,
      String provider,
      String model,
      String baseUrl,
      Optional<String> apiKeyEnv,
      boolean apiKeySet,
      Optional<Long> cachedAnswers) {}

  @Override
  public Integer call() {
    List<ModelSpec> specs = ModelsConfig.of(ModelsSettings.config(config)).all();
    boolean storePresent = Files.isRegularFile(store.path());
    Map<String, Long> cached = storePresent ? cachedAnswers() : Map.of();
    Map<String, String> environment = System.getenv();
    List<Row> rows = new ArrayList<>();
    for (ModelSpec model : specs) {
      boolean set =
          model
              .apiKeyEnv()
              .map(name -> !environment.getOrDefault(name, "").isBlank())
              .orElse(false);
      rows.add(
          new Row(
              model.name(),
              model.provider().configName(),
              model.model(),
              model.baseUrl(),
              model.apiKeyEnv(),
              set,
              storePresent
                  ? Optional.of(cached.getOrDefault(model.name(), 0L))
                  : Optional.empty()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(rows, out);
      return 0;
    }
    if (rows.isEmpty()) {
      out.println(
          "no models configured; add a [models.NAME] table to loopwatch.toml (docs/MODELS.md)");
      out.flush();
      return 0;
    }
    String format = "%-14s %-9s %-28s %-34s %-30s %s%n";
    out.printf(Locale.ROOT, format, "name", "provider", "model", "base URL", "key", "cached");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          format,
          row.name(),
          row.provider(),
          row.model(),
          row.baseUrl().isEmpty() ? "-" : row.baseUrl(),
          row.apiKeyEnv()
              .map(name -> name + (row.apiKeySet() ? " (set)" : " (NOT SET)"))
              .orElse("-"),
          row.cachedAnswers().map(String::valueOf).orElse("-"));
    }
    out.flush();
    return 0;
  }

  /** Answers cached per model name; empty when the store has no models part (yet). */
  private Map<String, Long> cachedAnswers() {
    try (Store opened = store.openReadOnly(List.of())) {
      if (opened.version(ResponseCache.PART.name()) != ResponseCache.PART.version()) {
        return Map.of();
      }
      return ResponseCache.countsByModelName(opened);
    } catch (LoopwatchException e) {
      return Map.of(); // a store without the models part (or without any part) caches nothing
    }
  }
}
