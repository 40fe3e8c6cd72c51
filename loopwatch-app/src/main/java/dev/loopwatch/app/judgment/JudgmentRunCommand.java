package dev.loopwatch.app.judgment;

import dev.loopwatch.app.cli.BudgetOptions;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.models.ModelsSettings;
import dev.loopwatch.app.sessions.SessionsScan;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.judgment.BradleyTerry;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.ItemsFile;
import dev.loopwatch.evals.judgment.Prompts;
import dev.loopwatch.evals.judgment.RedactedItems;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.ModelsConfig;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.stack.Budget;
import dev.loopwatch.models.stack.ModelStack;
import dev.loopwatch.models.stack.ResponseCache;
import dev.loopwatch.trends.horizon.ReleaseDates;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch judgment run}: each candidate model proposes the next step at every item from
 * the context alone; the judge compares it with the human's actual next step, knowing the outcome,
 * in both orders; the run reports win rates with session-bootstrap intervals, the judge's order
 * consistency, length-controlled rates, Bradley–Terry ratings, costs and cache hits.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run candidate models against the human's next step at every item, judged in both orders.",
      "Items are redacted before anything is sent. Models are [models.NAME] tables of"
          + " loopwatch.toml (docs/MODELS.md).",
      "The prompts and the judge's verdict format are in docs/JUDGMENT.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, also when the budget stopped the run (stopped_by_budget)",
      "2:usage or input error: a bad items file (file:line), an unknown model, an unset key, a"
          + " budget of 0, every call rejected",
      "3:internal or external failure: every call failed after retries"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch judgment run items.jsonl --candidate sonnet --judge opus --dry-run",
      "  loopwatch judgment run items.jsonl --candidate sonnet --candidate gpt --judge opus"
          + " --max-cost 5",
      "  loopwatch judgment run items.jsonl --candidate local --judge opus --csv > judgment.csv",
      "  loopwatch judgment run items.jsonl --candidate sonnet --judge opus --inspect-log run.json"
    })
public final class JudgmentRunCommand implements Callable<Integer> {
  /** How often a Message Batches job is polled. */
  private static final Duration BATCH_POLL = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ITEMS", description = "The items file (JSON Lines, docs/JUDGMENT.md).")
  Path file;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "MODEL",
      description = "A candidate model, [models.MODEL] of loopwatch.toml; repeat for several.")
  List<String> candidates;

  @Option(
      names = "--judge",
      required = true,
      paramLabel = "MODEL",
      description = "The judge model, [models.MODEL] of loopwatch.toml.")
  String judge;

  @Option(
      names = "--dry-run",
      description = "Print the item count, estimated tokens and worst-case cost, and send nothing.")
  boolean dryRun;

  @Mixin BudgetOptions budget;

  @Mixin StoreOptions store;

  @Option(names = "--no-store", description = "Do not save the run (and use no response cache).")
  boolean noStore;

  @Option(names = "--config", paramLabel = "FILE", description = "Read this loopwatch.toml only.")
  Path config;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Model calls in flight at once (default: ${DEFAULT-VALUE}).")
  int parallelism = 8;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the requests and the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description = "Session-bootstrap resamples (default: ${DEFAULT-VALUE}).")
  int bootstrap = 1000;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Option(
      names = "--csv",
      description =
          "Print the series model,date,value,low,high (win rate per candidate) that loopwatch"
              + " trend reads.")
  boolean csv;

  @Option(
      names = "--release-dates",
      paramLabel = "FILE",
      description =
          "Model release dates (alias: date) for the --csv date column; else the run's date.")
  Path releaseDates;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write a self-contained HTML page.")
  Path html;

  @Option(
      names = "--inspect-log",
      paramLabel = "FILE",
      description =
          "Also write an Inspect evaluation log (.json); with several candidates FILE gets the"
              + " candidate's name before .json.")
  Path inspectLog;

  /**
   * What {@code --dry-run} prints.
   *
   * @param itemsFile the items file
   * @param items items that would be sent
   * @param redactions secrets that would be redacted first
   * @param calls model calls (per item: one per candidate and two judge calls per candidate)
   * @param estimatedInputTokens input tokens, estimated as the budget does
   * @param maxOutputTokens output tokens at most
   * @param worstCaseCostUsd the worst-case cost, empty when a model has no price
   * @param unpricedModels models without a price
   */
  record DryRun(
      String itemsFile,
      int items,
      int redactions,
      long calls,
      long estimatedInputTokens,
      long maxOutputTokens,
      OptionalDouble worstCaseCostUsd,
      List<String> unpricedModels) {}

  @Override
  public Integer call() {
    if (parallelism < 1) {
      throw LoopwatchException.userInput("--parallelism must be at least 1: " + parallelism);
    }
    if (bootstrap < 1) {
      throw LoopwatchException.userInput("--bootstrap must be at least 1: " + bootstrap);
    }
    if (json && csv) {
      throw LoopwatchException.userInput("--json and --csv: choose one");
    }
    List<String> names = List.copyOf(new LinkedHashSet<>(candidates));
    if (names.contains(BradleyTerry.HUMAN)) {
      throw LoopwatchException.userInput("--candidate human: the name is taken by the human");
    }
    Budget limits = budget.budget();
    Config loaded = ModelsSettings.config(config);
    ModelsConfig models = ModelsConfig.of(loaded);
    ModelSpec judgeSpec = models.spec(judge);
    List<ModelSpec> candidateSpecs = names.stream().map(models::spec).toList();
    Map<String, LocalDate> dates =
        releaseDates == null ? Map.of() : ReleaseDates.read(releaseDates);
    Prices prices = SessionsScan.prices(loaded);
    List<Item> read = ItemsFile.read(file);
    if (read.isEmpty()) {
      throw LoopwatchException.userInput(file + ": no items");
    }
    RedactedItems redacted = RedactedItems.of(read);
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "Redacted "
            + redacted.total()
            + " secrets in "
            + redacted.items().size()
            + " items before sending"
            + (redacted.total() == 0 ? "" : " (" + list(redacted.counts()) + ")"));
    err.flush();
    if (dryRun) {
      DryRun plan = plan(redacted, judgeSpec, candidateSpecs, prices);
      printDryRun(plan);
      return 0;
    }
    Instant runAt = Instant.now();
    Optional<Store> opened = noStore ? Optional.empty() : Optional.of(store.open(StoreParts.ALL));
    try {
      Optional<ResponseCache> cache = opened.map(ResponseCache::new);
      try {
        RunReport report = run(redacted, judgeSpec, candidateSpecs, prices, limits, cache, runAt);
        cache.ifPresent(ResponseCache::flush);
        opened.ifPresent(s -> JudgmentStore.record(s, report));
        Instant completed = Instant.now();
        if (inspectLog != null) {
          for (int c = 0; c < report.candidates().size(); c++) {
            RunReport.Candidate candidate = report.candidates().get(c);
            InspectLog.write(
                inspectPath(candidate.name(), report.candidates().size()),
                report,
                candidate,
                judgeSpec.provider().configName(),
                candidateSpecs.get(c).provider().configName(),
                completed);
          }
        }
        if (html != null) {
          RunHtml.write(html, report);
        }
        print(report, dates, opened.map(Store::path));
        return 0;
      } finally {
        cache.ifPresent(ResponseCache::close);
      }
    } finally {
      opened.ifPresent(Store::close);
    }
  }

  private RunReport run(
      RedactedItems redacted,
      ModelSpec judgeSpec,
      List<ModelSpec> candidateSpecs,
      Prices prices,
      Budget limits,
      Optional<ResponseCache> cache,
      Instant runAt) {
    List<Item> items = redacted.items();
    List<ModelStack> stacks = new ArrayList<>();
    List<Sender[]> pairs = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    for (ModelSpec candidate : candidateSpecs) {
      ModelStack candidateStack = ModelStack.of(System.getenv(), prices, cache, limits);
      ModelStack judgeStack = ModelStack.of(System.getenv(), prices, cache, limits);
      pairs.add(
          new Sender[] {
            new Sender(
                candidateStack, candidateStack.open(candidate), parallelism, BATCH_POLL, err),
            new Sender(judgeStack, judgeStack.open(judgeSpec), parallelism, BATCH_POLL, err)
          });
      stacks.add(candidateStack);
      stacks.add(judgeStack);
    }
    List<RunReport.Candidate> results = new ArrayList<>();
    boolean stopped = false;
    for (int c = 0; c < candidateSpecs.size(); c++) {
      ModelSpec candidate = candidateSpecs.get(c);
      List<JudgmentRunner.Sample> samples =
          JudgmentRunner.run(
              candidate.name(), pairs.get(c)[0], pairs.get(c)[1], items, seed, cache);
      RunReport.Candidate result =
          RunReport.Candidate.of(
              candidate.name(),
              candidate.model(),
              samples,
              stacks.get(2 * c).spend(),
              stacks.get(2 * c + 1).spend(),
              bootstrap,
              seed);
      stopped |= result.stoppedByBudget() > 0;
      results.add(result);
    }
    List<BradleyTerry.Rating> ratings = List.of();
    if (results.size() >= 2) {
      List<BradleyTerry.Battle> battles = new ArrayList<>();
      results.forEach(r -> r.comparisons().forEach(x -> battles.add(BradleyTerry.Battle.of(x))));
      if (!battles.isEmpty()) {
        ratings = BradleyTerry.ratings(battles, 0.95, bootstrap, seed);
      }
    }
    return new RunReport(
        UUID.randomUUID().toString(),
        runAt,
        file.toString(),
        items.size(),
        items.stream().map(Item::sessionId).distinct().count(),
        redacted.total(),
        redacted.counts(),
        judgeSpec.name(),
        judgeSpec.model(),
        Prompts.VERSION,
        seed,
        bootstrap,
        stopped,
        results,
        ratings);
  }

  private Path inspectPath(String candidate, int candidates) {
    if (candidates == 1) {
      return inspectLog;
    }
    String name = inspectLog.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return inspectLog.resolveSibling(stem + "." + candidate + ".json");
  }

  /** The dry run's plan: calls, tokens and the worst case, computed as the budget would. */
  static DryRun plan(
      RedactedItems redacted, ModelSpec judge, List<ModelSpec> candidates, Prices prices) {
    ModelStack stack = ModelStack.of(Map.of(), prices, Optional.empty(), Budget.unlimited());
    long calls = 0;
    long input = 0;
    long output = 0;
    double cost = 0;
    boolean known = true;
    List<String> unpriced = new ArrayList<>();
    for (ModelSpec model : candidates) {
      if (prices.price(model.model()).isEmpty() && !unpriced.contains(model.name())) {
        unpriced.add(model.name());
      }
    }
    if (prices.price(judge.model()).isEmpty() && !unpriced.contains(judge.name())) {
      unpriced.add(judge.name());
    }
    // The judge's worst case assumes a proposal as long as the candidate may write.
    String longest = "x".repeat(Prompts.CANDIDATE_MAX_TOKENS * 4);
    for (Item item : redacted.items()) {
      Request candidateRequest = JudgmentRunner.candidateRequest(item, 0);
      Request judgeRequest = JudgmentRunner.judgeRequest(item, longest, item.humanNextStep(), 0);
      for (ModelSpec model : candidates) {
        calls += 3;
        input += candidateRequest.estimatedInputTokens() + 2 * judgeRequest.estimatedInputTokens();
        output += candidateRequest.maxTokens() + 2L * judgeRequest.maxTokens();
        Optional<Double> a = worstCase(stack, model, candidateRequest);
        Optional<Double> b = worstCase(stack, judge, judgeRequest);
        if (a.isPresent() && b.isPresent()) {
          cost += a.get() + 2 * b.get();
        } else {
          known = false;
        }
      }
    }
    return new DryRun(
        "",
        redacted.items().size(),
        redacted.total(),
        calls,
        input,
        output,
        known ? OptionalDouble.of(cost) : OptionalDouble.empty(),
        unpriced);
  }

  /** A call's worst case, at the batch price when the model sends its requests as batches. */
  private static Optional<Double> worstCase(ModelStack stack, ModelSpec model, Request request) {
    return stack
        .worstCaseCost(model, request)
        .map(cost -> model.batch() ? cost * ModelStack.BATCH_DISCOUNT : cost);
  }

  private void printDryRun(DryRun computed) {
    DryRun plan =
        new DryRun(
            file.toString(),
            computed.items(),
            computed.redactions(),
            computed.calls(),
            computed.estimatedInputTokens(),
            computed.maxOutputTokens(),
            computed.worstCaseCostUsd(),
            computed.unpricedModels());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(plan, out);
      return;
    }
    out.printf(
        Locale.ROOT,
        "Dry run: nothing sent. %d items from %s, %d redactions%n",
        plan.items(),
        plan.itemsFile(),
        plan.redactions());
    out.printf(
        Locale.ROOT,
        "Would send %d calls: about %d input tokens, at most %d output tokens%n",
        plan.calls(),
        plan.estimatedInputTokens(),
        plan.maxOutputTokens());
    out.println(
        plan.worstCaseCostUsd().isPresent()
            ? String.format(
                Locale.ROOT,
                "Worst-case cost: $%.4f (list prices, no cache hits)",
                plan.worstCaseCostUsd().getAsDouble())
            : "Worst-case cost: unknown (no price for "
                + String.join(", ", plan.unpricedModels())
                + ")");
    out.flush();
  }

  private void print(RunReport report, Map<String, LocalDate> dates, Optional<Path> stored) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(report, out);
      return;
    }
    if (csv) {
      out.print(RunCsv.series(report, dates));
      out.flush();
      return;
    }
    out.print(RunText.text(report));
    stored.ifPresent(path -> out.println("Stored run " + report.runId() + " in " + path));
    out.flush();
  }

  static String list(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .collect(Collectors.joining(", "));
  }

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
