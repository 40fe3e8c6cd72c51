package dev.loopwatch.app.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.evals.inspect.InspectLogReader;
import dev.loopwatch.evals.inspect.InspectSample;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.ItemsFile;
import dev.loopwatch.evals.judgment.RedactedItems;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Usage;
import dev.loopwatch.models.replay.RecordingModel;
import dev.loopwatch.trends.breakpoint.SeriesPoint;
import dev.loopwatch.trends.breakpoint.SeriesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgmentRunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private ScriptedProvider provider;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    provider = new ScriptedProvider();
    config = temp.resolve("loopwatch.toml");
    Files.writeString(
        config,
        """
        [models.cand]
        provider = "openai"
        model = "gpt-5-mini"
        base-url = "%s"

        [models.cand2]
        provider = "openai"
        model = "gpt-5"
        base-url = "%s"

        [models.judge]
        provider = "openai"
        model = "gpt-5-mini"
        base-url = "%s"

        # The fake server ignores the key; PATH is set wherever the tests run.
        [models.bcand]
        provider = "anthropic"
        model = "claude-sonnet-4-5-20250929"
        base-url = "%s"
        api-key-env = "PATH"
        batch = true

        [models.bjudge]
        provider = "anthropic"
        model = "claude-sonnet-4-5-20250929"
        base-url = "%s"
        api-key-env = "PATH"
        batch = true

        [models.single]
        provider = "anthropic"
        model = "claude-sonnet-4-5-20250929"
        base-url = "%s"
        api-key-env = "PATH"
        """
            .formatted(
                provider.baseUrl("candidate"),
                provider.baseUrl("candidate"),
                provider.baseUrl("judge"),
                provider.anthropicUrl("candidate"),
                provider.anthropicUrl("judge"),
                provider.anthropicUrl("judge")));
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  /**
   * Items where the human's step is 200 to 550 characters and the candidate's proposal (the
   * scripted candidate writes the length the context names) 300 to 650, three per session: the
   * design of the statistics tests' judge that prefers the longer proposal.
   */
  private Path items(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int human = 50 * random.nextInt(4, 12);
      int candidate = 50 * random.nextInt(6, 14);
      items.add(
          item(
              "i" + i,
              "s" + (i / 3),
              "item " + i + ": loss plateaus; length " + candidate,
              "h".repeat(human)));
    }
    Path file = temp.resolve("items-" + n + "-" + seed + ".jsonl");
    ItemsFile.write(file, items);
    return file;
  }

  static Item item(String id, String session, String context, String next) {
    return new Item(
        id,
        session,
        "lab",
        Optional.empty(),
        List.of(),
        new Item.Context(List.of(new Step(Step.Role.USER, Optional.empty(), context)), 10, 0, 0),
        next,
        new Item.Outcome(
            List.of(),
            0,
            0,
            0,
            Optional.of("verified_success"),
            Optional.empty(),
            Optional.of("the run converged")),
        List.of());
  }

  private CliRun run(Path items, String... extra) {
    List<String> args = new ArrayList<>(List.of("judgment", "run", items.toString()));
    args.addAll(List.of("--config", config.toString(), "--candidate", "cand", "--judge", "judge"));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static JsonNode candidate(CliRun run) throws IOException {
    return JSON.readTree(run.out()).path("candidates").get(0);
  }

  @Test
  void run_judgePrefersLonger_lengthControlledNearHalfWhileRawIsNot() throws IOException {
    CliRun run = run(items(300, 4), "--no-store", "--json", "--bootstrap", "200");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = candidate(run);
    assertThat(result.path("judged").asInt()).isEqualTo(300);
    assertThat(result.path("winRate").asDouble()).isGreaterThan(0.65);
    assertThat(result.path("lengthControlled").asDouble()).isCloseTo(0.5, within(0.05));
    assertThat(result.path("winRateLow").asDouble()).isLessThan(result.path("winRate").asDouble());
    assertThat(result.path("judgeErrors").asInt()).isZero();
    assertThat(provider.candidateRequests.get()).isEqualTo(300);
    assertThat(provider.judgeRequests.get()).isEqualTo(600);
  }

  @Test
  void run_judgeAlwaysSaysA_everyVerdictFlipsSoAllAreTies() throws IOException {
    provider.judge = ScriptedProvider.ALWAYS_A;

    CliRun run = run(items(30, 1), "--no-store", "--json", "--bootstrap", "50");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = candidate(run);
    assertThat(result.path("ties").asInt()).isEqualTo(30);
    assertThat(result.path("tieRate").asDouble()).isEqualTo(1.0);
    assertThat(result.path("winRate").asDouble()).isEqualTo(0.5);
    assertThat(result.path("orderConsistency").asDouble()).isZero();
  }

  @Test
  void run_judgeWritesNoVerdict_judgeErrorsNeverWinsOrLosses() throws IOException {
    provider.judge = ScriptedProvider.GARBAGE;

    CliRun run = run(items(12, 2), "--no-store", "--json", "--bootstrap", "50");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = candidate(run);
    assertThat(result.path("judgeErrors").asInt()).isEqualTo(12);
    assertThat(result.path("judged").asInt()).isZero();
    assertThat(result.path("wins").asInt() + result.path("losses").asInt()).isZero();
    assertThat(result.path("winRate").isNull()).isTrue();
  }

  @Test
  void run_rateLimitedOnce_retriesAndJudgesEverything() throws IOException {
    provider.rateLimitsLeft.set(1);

    CliRun run = run(items(6, 3), "--no-store", "--json", "--bootstrap", "50");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode result = candidate(run);
    assertThat(result.path("judged").asInt()).isEqualTo(6);
    assertThat(result.path("candidateSpend").path("retries").asLong()).isEqualTo(1);
    assertThat(provider.candidateRequests.get()).isEqualTo(7);
  }

  @Test
  void run_dryRun_sendsNothing() {
    CliRun run = run(items(20, 5), "--dry-run", "--no-store");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Dry run: nothing sent. 20 items")
        .contains("Would send 60 calls")
        .contains("Worst-case cost: $");
    assertThat(provider.requests()).isZero();
  }

  @Test
  void run_maxCalls_stopsByBudgetAndKeepsWhatWasDone() throws IOException {
    // 10 candidate calls, then 15 judge calls: 7 items judged in both orders, 3 stopped.
    CliRun run =
        run(
            items(10, 6),
            "--no-store",
            "--json",
            "--max-calls",
            "25",
            "--parallelism",
            "1",
            "--bootstrap",
            "50");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("stoppedByBudget").asBoolean()).isTrue();
    JsonNode result = report.path("candidates").get(0);
    assertThat(result.path("judged").asInt()).isEqualTo(7);
    assertThat(result.path("stoppedByBudget").asInt()).isEqualTo(3);
    assertThat(result.path("judgeErrors").asInt()).isZero();
    assertThat(result.path("candidateErrors").asInt()).isZero();
    assertThat(provider.requests()).isEqualTo(25);
  }

  @Test
  void run_withStore_writesRowsAndTheSecondRunComesFromTheCache() throws Exception {
    Path db = temp.resolve("store.duckdb");
    Path items = items(9, 7);

    CliRun first = run(items, "--db", db.toString(), "--bootstrap", "50");
    int sent = provider.requests();
    CliRun second = run(items, "--db", db.toString(), "--json", "--bootstrap", "50");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("Stored run ");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(sent).isEqualTo(27);
    assertThat(provider.requests()).isEqualTo(27);
    JsonNode cached = candidate(second);
    assertThat(cached.path("cacheHits").asLong()).isEqualTo(27);
    assertThat(cached.path("costAvoidedUsd").asDouble()).isPositive();
    assertThat(cached.path("costUsd").asDouble()).isZero();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement statement = connection.createStatement()) {
      assertThat(count(statement, "SELECT count(*) FROM judgment_runs")).isEqualTo(2);
      assertThat(count(statement, "SELECT count(*) FROM judgment_candidates")).isEqualTo(2);
      assertThat(count(statement, "SELECT count(*) FROM judgment_samples")).isEqualTo(18);
      assertThat(
              count(
                  statement,
                  "SELECT count(*) FROM judgment_samples WHERE status = 'judged'"
                      + " AND verdict IS NOT NULL"))
          .isEqualTo(18);
      assertThat(
              count(
                  statement,
                  "SELECT count(*) FROM judgment_candidates WHERE cache_hits = 27"
                      + " AND win_rate IS NOT NULL"))
          .isEqualTo(1);
    }
  }

  private static long count(Statement statement, String sql) throws Exception {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void run_csv_isASeriesTrendReads() throws IOException {
    Path dates = temp.resolve("dates.csv");
    Files.writeString(dates, "alias,date\ngpt-5-mini,2025-08-07\n");

    CliRun run =
        run(
            items(9, 8),
            "--no-store",
            "--csv",
            "--release-dates",
            dates.toString(),
            "--bootstrap",
            "50");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("model,date,value,low,high\ngpt-5-mini,2025-08-07,");
    Path series = temp.resolve("series.csv");
    Files.writeString(series, run.out());
    List<SeriesPoint> points = SeriesReader.read(series);
    assertThat(points).hasSize(1);
    assertThat(points.getFirst().date()).isEqualTo(LocalDate.parse("2025-08-07"));
    assertThat(points.getFirst().value()).isBetween(0.0, 1.0);
  }

  @Test
  void run_csvRowsOfSeveralRuns_areFittedByLoopwatchTrend() throws IOException {
    CliRun run = run(items(9, 13), "--no-store", "--csv", "--bootstrap", "20");
    assertThat(run.code()).as(run.err()).isZero();
    String row = run.out().lines().skip(1).findFirst().orElseThrow();
    String[] fields = row.split(",");
    StringBuilder series = new StringBuilder("model,date,value,low,high\n");
    // The same row as if eight models released a quarter apart had scored 0.30 to 0.65.
    for (int i = 0; i < 8; i++) {
      series
          .append(fields[0] + "-" + i)
          .append(',')
          .append(LocalDate.parse("2024-01-01").plusMonths(3L * i))
          .append(',')
          .append(String.format(Locale.ROOT, "%.2f", 0.30 + 0.05 * i))
          .append(',')
          .append(fields[3])
          .append(',')
          .append(fields[4])
          .append('\n');
    }
    Path file = temp.resolve("judgment-series.csv");
    Files.writeString(file, series);

    CliRun trend =
        CliRun.run(
            "trend", file.toString(), "--bootstrap", "0", "--target", "0.9", "--unit", "win rate");

    assertThat(trend.code()).as(trend.err()).isZero();
    assertThat(trend.out()).contains("win rate");
  }

  @Test
  void report_afterStoredRuns_showsTheLatestRunInJsonCsvAndTheDrawnPage() throws Exception {
    Path db = temp.resolve("store.duckdb");
    CliRun older = run(items(9, 7), "--db", db.toString(), "--bootstrap", "50");
    CliRun latest =
        run(
            items(30, 9),
            "--candidate",
            "cand2",
            "--db",
            db.toString(),
            "--json",
            "--bootstrap",
            "50");
    assertThat(older.code()).as(older.err()).isZero();
    assertThat(latest.code()).as(latest.err()).isZero();
    JsonNode stored = JSON.readTree(latest.out());

    CliRun json = CliRun.run("report", "--db", db.toString(), "--json");
    CliRun csv = CliRun.run("report", "--db", db.toString(), "--csv");
    Path page = temp.resolve("report.html");
    CliRun html = CliRun.run("report", "--db", db.toString(), "--html", page.toString());

    assertThat(json.code()).as(json.err()).isZero();
    JsonNode section = JSON.readTree(json.out()).path("judgment");
    assertThat(section.path("runId").asText()).isEqualTo(stored.path("runId").asText());
    assertThat(section.path("items").asInt()).isEqualTo(30);
    assertThat(section.path("candidates")).hasSize(2);
    for (JsonNode candidate : stored.path("candidates")) {
      JsonNode shown =
          section.path("candidates").get(candidate.path("name").asText().equals("cand") ? 0 : 1);
      assertThat(shown.path("candidate").asText()).isEqualTo(candidate.path("name").asText());
      assertThat(shown.path("judged").asInt()).isEqualTo(candidate.path("judged").asInt());
      assertThat(shown.path("winRate").asDouble())
          .isCloseTo(candidate.path("winRate").asDouble(), within(1e-12));
      assertThat(shown.path("winRateLow").asDouble())
          .isCloseTo(candidate.path("winRateLow").asDouble(), within(1e-12));
      assertThat(shown.path("rating").isNumber()).isTrue();
    }
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out())
        .contains("judgment," + section.path("runAt").asText().replace("\"", "") + ",items,30")
        .contains(",judged:cand,30")
        .contains(",win_rate:cand2,");
    assertThat(html.code()).as(html.err()).isZero();
    String dom = new HeadlessChromium(temp).dumpDom(page);
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-judgment-charts-expected")).isEqualTo("1");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-judgment-charts-rendered")).isEqualTo("1");
    assertThat(dom)
        .contains("<h2>Research judgment</h2>")
        .contains("<td>cand2</td><td>gpt-5</td><td>30</td>")
        .doesNotContain("<div class=\"js-error\"");
  }

  @Test
  void run_batchModels_oneJobEachAtHalfPriceAndRetryableFailuresSentAgain() throws IOException {
    provider.batchFailures.set(1);
    List<String> args =
        List.of(
            "judgment",
            "run",
            items(9, 7).toString(),
            "--config",
            config.toString(),
            "--candidate",
            "bcand",
            "--judge",
            "bjudge",
            "--no-store",
            "--json",
            "--bootstrap",
            "50");

    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(provider.batches.get()).isEqualTo(2);
    // 9 proposals and 18 verdicts in two jobs; the overloaded one sent again on its own.
    assertThat(provider.requests()).isEqualTo(28);
    assertThat(run.err())
        .contains("sending 9 requests to 'bcand' as a Message Batch")
        .contains("sending 18 requests to 'bjudge' as a Message Batch")
        .contains("1 requests of the batch failed for a retryable reason; sending them one by one");
    JsonNode candidate = candidate(run);
    assertThat(candidate.path("judged").asInt()).isEqualTo(9);
    // 100 input and 10 output tokens a call at $3/$15 per million: $0.00045 listed, half in a
    // batch. The candidate's job came first: 8 answered in it, the overloaded one sent singly.
    assertThat(candidate.path("candidateSpend").path("costUsd").asDouble())
        .isCloseTo(8 * 0.000225 + 0.00045, within(1e-12));
    assertThat(candidate.path("judgeSpend").path("costUsd").asDouble())
        .isCloseTo(18 * 0.000225, within(1e-12));
  }

  @Test
  void run_batchModelsDryRun_worstCaseAtHalfPrice() throws IOException {
    Path items = items(6, 3);

    CliRun listed = dryRun(items, "single", "single");
    CliRun halved = dryRun(items, "bcand", "bjudge");

    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(halved.code()).as(halved.err()).isZero();
    assertThat(provider.requests()).isZero();
    JsonNode single = JSON.readTree(listed.out());
    JsonNode batch = JSON.readTree(halved.out());
    assertThat(batch.path("calls").asLong()).isEqualTo(single.path("calls").asLong());
    assertThat(single.path("worstCaseCostUsd").asDouble()).isPositive();
    assertThat(batch.path("worstCaseCostUsd").asDouble())
        .isCloseTo(single.path("worstCaseCostUsd").asDouble() / 2, within(1e-12));
  }

  private CliRun dryRun(Path items, String candidate, String judge) {
    return CliRun.run(
        "judgment",
        "run",
        items.toString(),
        "--config",
        config.toString(),
        "--candidate",
        candidate,
        "--judge",
        judge,
        "--dry-run",
        "--json");
  }

  @Test
  void run_twoCandidates_bradleyTerryRatesThemAndTheHuman() throws IOException {
    CliRun run =
        run(items(30, 9), "--candidate", "cand2", "--no-store", "--json", "--bootstrap", "50");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("candidates")).hasSize(2);
    List<String> players = new ArrayList<>();
    report.path("bradleyTerry").forEach(r -> players.add(r.path("player").asText()));
    assertThat(players).containsExactlyInAnyOrder("cand", "cand2", "human");
  }

  @Test
  void run_inspectLog_writesAnEvalLog() throws IOException {
    Path log = temp.resolve("run.json");

    CliRun run =
        run(items(6, 10), "--no-store", "--inspect-log", log.toString(), "--bootstrap", "50");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode eval = JSON.readTree(log.toFile());
    assertThat(eval.path("version").asInt()).isEqualTo(2);
    assertThat(eval.path("status").asText()).isEqualTo("success");
    assertThat(eval.path("eval").path("model").asText()).isEqualTo("openai/gpt-5-mini");
    assertThat(eval.path("plan").path("steps")).hasSize(1);
    JsonNode score = eval.path("results").path("scores").get(0);
    assertThat(score.path("metrics").path("win_rate").path("value").isNumber()).isTrue();
    assertThat(
            eval.path("stats")
                .path("model_usage")
                .path("openai/gpt-5-mini")
                .path("input_tokens")
                .asLong())
        .isEqualTo(1800);
    assertThat(eval.path("samples")).hasSize(6);
    assertThat(
            eval.path("samples")
                .get(0)
                .path("scores")
                .path("pairwise_judge")
                .path("value")
                .isNumber())
        .isTrue();
  }

  /**
   * The fields each object of an {@code EvalLog} must carry, from the {@code required} lists of
   * inspect_ai's {@code src/inspect_ai/_view/inspect-openapi.json} (UKGovernmentBEIS/inspect_ai at
   * 499e6152): the serialization schema, i.e. what Inspect itself writes and what the viewer's
   * TypeScript types are generated from. Our file was also validated by hand against that whole
   * schema with Python's jsonschema (Draft 2020-12): no errors.
   */
  private static final Map<String, List<String>> INSPECT_REQUIRED =
      Map.of(
          "",
          List.of("version", "status", "eval", "plan", "stats", "invalidated", "tags", "metadata"),
          "/eval",
          List.of(
              "eval_id",
              "run_id",
              "created",
              "task",
              "task_id",
              "task_version",
              "task_attribs",
              "task_args",
              "task_args_passed",
              "dataset",
              "model",
              "model_generate_config",
              "model_args",
              "config",
              "packages"),
          "/plan",
          List.of("name", "steps", "config"),
          "/plan/steps/0",
          List.of("solver", "params", "params_passed"),
          "/results",
          List.of("total_samples", "completed_samples", "scores"),
          "/results/scores/0",
          List.of("name", "scorer", "params", "metrics"),
          "/results/scores/0/metrics/win_rate",
          List.of("name", "value", "params"),
          "/stats",
          List.of(
              "started_at",
              "completed_at",
              "model_usage",
              "role_usage",
              "connection_limit_history"),
          "/stats/model_usage/openai~1gpt-5-mini",
          List.of("input_tokens", "output_tokens", "total_tokens"));

  private static final List<String> SAMPLE_REQUIRED =
      List.of(
          "id",
          "epoch",
          "input",
          "target",
          "messages",
          "output",
          "scores",
          "metadata",
          "store",
          "events",
          "model_usage",
          "role_usage",
          "attachments");

  /** Runs {@code n} items with {@code --inspect-log} and returns the log written. */
  private Path inspectLog(String name, int n) {
    Path log = temp.resolve(name);
    CliRun run =
        run(items(n, 10), "--no-store", "--inspect-log", log.toString(), "--bootstrap", "20");
    assertThat(run.code()).as(run.err()).isZero();
    return log;
  }

  @Test
  void run_inspectLog_hasEveryFieldInspectSerializes() throws IOException {
    Path log = inspectLog("fields.json", 4);
    JsonNode eval = JSON.readTree(log.toFile());
    INSPECT_REQUIRED.forEach((pointer, fields) ->
        assertThat(eval.at(pointer.isEmpty() ? "" : pointer).properties())
            .as(pointer)
            .extracting(Map.Entry::getKey)
            .containsAll(fields));
    for (JsonNode sample : eval.path("samples")) {
      assertThat(sample.properties()).extracting(Map.Entry::getKey).containsAll(SAMPLE_REQUIRED);
      assertThat(sample.path("output").has("completion")).isTrue();
      for (JsonNode message : sample.path("messages")) {
        assertThat(message.has("role") && message.has("content")).isTrue();
      }
      sample.path("scores").forEach(score -> assertThat(score.path("history").isArray()).isTrue());
    }
    assertThat(eval.at("/samples/0/messages/0/role").asText()).isEqualTo("user");
    assertThat(eval.at("/samples/0/messages/1/role").asText()).isEqualTo("assistant");
    assertThat(eval.at("/samples/0/output/completion").asText())
        .isEqualTo(eval.at("/samples/0/messages/1/content").asText());
    // The seed is GenerateConfig's; EvalConfig has no seed, and Inspect drops unknown fields.
    assertThat(eval.at("/eval/config").isEmpty()).isTrue();
    assertThat(eval.at("/eval/model_generate_config/seed").isIntegralNumber()).isTrue();
  }

  @Test
  void run_inspectLog_timestampsHaveMicrosecondsAsPythonWrites() throws IOException {
    // Python 3.10 (which Inspect supports) fromisoformat takes 3 or 6 fraction digits only:
    // "2026-12-07T08:08:31.651914941Z" failed there, "2026-12-07T08:08:31.651914+00:00" loads.
    Path log = inspectLog("times.json", 3);
    JsonNode eval = JSON.readTree(log.toFile());
    String python = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00";
    assertThat(eval.at("/eval/created").asText()).matches(python);
    assertThat(eval.at("/stats/started_at").asText()).matches(python);
    assertThat(eval.at("/stats/completed_at").asText()).matches(python);
  }

  @Test
  void run_inspectLog_roundTripsThroughTheInspectReader() throws IOException {
    Path log = inspectLog("round.json", 6);
    JsonNode written = JSON.readTree(log.toFile());

    dev.loopwatch.evals.inspect.InspectLog read = InspectLogReader.read(log);

    assertThat(InspectLogReader.isInspectLog(log)).isTrue();
    assertThat(read.format()).isEqualTo(dev.loopwatch.evals.inspect.InspectLog.Format.JSON);
    assertThat(read.version()).isEqualTo(2);
    assertThat(read.status()).isEqualTo("success");
    assertThat(read.task()).isEqualTo("loopwatch/judgment");
    assertThat(read.model()).isEqualTo("openai/gpt-5-mini");
    assertThat(read.created()).isEqualTo(written.at("/eval/created").asText());
    assertThat(read.results()).hasSize(1);
    assertThat(read.results().get(0).name()).isEqualTo("pairwise_judge");
    assertThat(read.results().get(0).metrics().get("win_rate"))
        .isEqualTo(written.at("/results/scores/0/metrics/win_rate/value").asDouble());
    assertThat(read.samples()).hasSize(6);
    for (InspectSample sample : read.samples()) {
      JsonNode source = null;
      for (JsonNode node : written.path("samples")) {
        if (node.path("id").asText().equals(sample.id())) {
          source = node;
        }
      }
      assertThat(source).as(sample.id()).isNotNull();
      assertThat(sample.epoch()).isEqualTo(1);
      assertThat(sample.scores().get("pairwise_judge").number())
          .hasValue(source.at("/scores/pairwise_judge/value").asDouble());
      assertThat(sample.metadata("session_id").orElseThrow().asText())
          .isEqualTo(source.at("/metadata/session_id").asText());
    }
  }

  @Test
  void run_htmlAndBudgetStop_pageAndCancelledInspectLog() throws IOException {
    Path page = temp.resolve("run.html");
    Path log = temp.resolve("stopped.json");

    CliRun run =
        run(
            items(4, 14),
            "--no-store",
            "--max-calls",
            "6",
            "--parallelism",
            "1",
            "--html",
            page.toString(),
            "--inspect-log",
            log.toString(),
            "--bootstrap",
            "20");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("stopped_by_budget");
    assertThat(Files.readString(page))
        .startsWith("<!DOCTYPE html>")
        .contains("cand (gpt-5-mini)")
        .contains("stopped_by_budget");
    JsonNode eval = JSON.readTree(log.toFile());
    assertThat(eval.path("status").asText()).isEqualTo("cancelled");
    assertThat(eval.path("samples")).hasSize(4);
    assertThat(eval.path("samples").get(3).path("error").path("message").asText())
        .contains("budget");
  }

  @Test
  void run_dryRunJson_printsThePlan() throws IOException {
    CliRun run = run(items(5, 15), "--dry-run", "--no-store", "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode plan = JSON.readTree(run.out());
    assertThat(plan.path("items").asInt()).isEqualTo(5);
    assertThat(plan.path("calls").asLong()).isEqualTo(15);
    assertThat(plan.path("maxOutputTokens").asLong()).isEqualTo(15 * 512);
    assertThat(plan.path("worstCaseCostUsd").asDouble()).isPositive();
    assertThat(provider.requests()).isZero();
  }

  @Test
  void run_unknownJudge_isAUsageErrorBeforeAnyRequest() {
    CliRun run =
        CliRun.run(
            "judgment",
            "run",
            items(3, 11).toString(),
            "--config",
            config.toString(),
            "--candidate",
            "cand",
            "--judge",
            "nobody",
            "--no-store");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("nobody");
    assertThat(provider.requests()).isZero();
  }

  @Test
  void run_maxCostZero_isAUsageErrorBeforeAnyRequest() {
    CliRun run = run(items(3, 12), "--no-store", "--max-cost", "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(provider.requests()).isZero();
  }

  @Test
  void run_malformedItems_namesFileAndLine() throws IOException {
    Path bad = temp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"x\"}\n");

    CliRun run = run(bad, "--no-store");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("bad.jsonl:1");
    assertThat(provider.requests()).isZero();
  }

  @Test
  void run_secretInALabsItem_isRedactedBeforeSendingAndCounted() {
    Path file = temp.resolve("secret.jsonl");
    ItemsFile.write(
        file,
        List.of(
            item(
                "a",
                "s",
                "export OPENAI_API_KEY=sk-proj-Abcdefghijklmnopqrstuvwx0123456789; length 90",
                "rotate the key sk-proj-Abcdefghijklmnopqrstuvwx0123456789 first")));

    CliRun run = run(file, "--no-store", "--bootstrap", "20");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("Redacted 2 secrets in 1 items before sending (openai_key 2)");
    assertThat(provider.prompts).hasSize(3);
    assertThat(provider.prompts).noneMatch(prompt -> prompt.contains("sk-proj-"));
    assertThat(provider.prompts).allMatch(prompt -> prompt.contains("[REDACTED:openai_key]"));
  }

  @Test
  void run_replayProviders_giveADeterministicReport() throws IOException {
    Item secret =
        item(
            "r1",
            "s1",
            "the loss is flat; token=ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
            "lower the lr");
    Item plain = item("r2", "s2", "tests fail on CI only", "print the CI environment");
    Path file = temp.resolve("replay-items.jsonl");
    ItemsFile.write(file, List.of(secret, plain));
    List<Item> sent = RedactedItems.of(List.of(secret, plain)).items();
    StringBuilder candidateLines = new StringBuilder();
    StringBuilder judgeLines = new StringBuilder();
    String[] proposals = {"warm up the learning rate for 500 steps", "rerun with debug logging"};
    String[][] verdicts = {{"VERDICT: A", "VERDICT: B"}, {"VERDICT: B", "VERDICT: A"}};
    for (int i = 0; i < 2; i++) {
      Item item = sent.get(i);
      candidateLines.append(line(JudgmentRunner.candidateRequest(item, 42), proposals[i]));
      judgeLines.append(
          line(
              JudgmentRunner.judgeRequest(item, proposals[i], item.humanNextStep(), 42),
              verdicts[i][0]));
      judgeLines.append(
          line(
              JudgmentRunner.judgeRequest(item, item.humanNextStep(), proposals[i], 42),
              verdicts[i][1]));
    }
    Path candidateFile = temp.resolve("candidate.jsonl");
    Path judgeFile = temp.resolve("judge.jsonl");
    Files.writeString(candidateFile, candidateLines);
    Files.writeString(judgeFile, judgeLines);
    Path replayConfig = temp.resolve("replay.toml");
    Files.writeString(
        replayConfig,
        """
        [models.rcand]
        provider = "replay"
        file = "%s"

        [models.rjudge]
        provider = "replay"
        file = "%s"
        """
            .formatted(candidateFile, judgeFile));

    CliRun run =
        CliRun.run(
            "judgment",
            "run",
            file.toString(),
            "--config",
            replayConfig.toString(),
            "--candidate",
            "rcand",
            "--judge",
            "rjudge",
            "--no-store",
            "--bootstrap",
            "100");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Candidate rcand (rcand)")
        .contains("win rate vs human   0.500 [0.000, 1.000]")
        .contains("judged              2: 1 wins, 0 ties, 1 losses; tie rate 0.000")
        .contains("order consistency   1.000")
        .contains("not judged          0 judge errors, 0 candidate errors, 0 stopped by budget");
    assertThat(run.err()).contains("Redacted 1 secrets");
  }

  private static String line(Request request, String content) {
    return RecordingModel.line(
            request,
            new Response(
                content,
                List.of(),
                "end_turn",
                "replayed",
                Optional.of(new Usage(100, 10, 0, 0)),
                Duration.ofMillis(5),
                Optional.empty(),
                false))
        + "\n";
  }
}
