package dev.loopwatch.app.retro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.GitFixture;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.Response;
import dev.loopwatch.models.Usage;
import dev.loopwatch.models.replay.RecordingModel;
import dev.loopwatch.retro.RetroResult;
import dev.loopwatch.retro.model.ModelJudge;
import dev.loopwatch.retro.model.ReviewPrompt;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ReviewWorkspace;
import dev.loopwatch.retro.store.RetroStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loopwatch retro --reviewer model:NAME} end to end without a network: a real repository
 * with two known bugs, and a replay model whose recorded answers are written here for the exact
 * requests the reviewer sends (docs/MODELS.md, replay), so every run is deterministic.
 */
class ModelReviewerRetroTest {
  /** Priced in the bundled table: $3 input, $15 output per million tokens. */
  private static final String PRICED = "claude-sonnet-4-5-20250929";

  @TempDir Path temp;
  private Path repo;
  private GitFixture fixture;
  private String calcIntro;
  private String calcFix;
  private String otherIntro;
  private Path incidents;
  private Path answers;
  private Path config;
  private Path db;

  @BeforeEach
  void repository() throws Exception {
    repo = temp.resolve("demo");
    fixture = GitFixture.init(repo);
    fixture.commit("Calc.java", calc("a + b"), "add calc");
    calcIntro = fixture.commit("Calc.java", calc("a - b"), "simplify add");
    fixture.commit("Other.java", other("x * 2"), "add other");
    otherIntro = fixture.commit("Other.java", other("x * 3"), "tune twice");
    calcFix = fixture.commit("Calc.java", calc("a + b"), "fix add");
    String otherFix = fixture.commit("Other.java", other("x * 2"), "fix twice");
    incidents = temp.resolve("incidents.jsonl");
    Files.writeString(
        incidents,
        incident("INC-1", calcFix, calcIntro, "sums were negative")
            + incident("INC-2", otherFix, otherIntro, "doubles were tripled"));
    answers = temp.resolve("answers.jsonl");
    Files.writeString(answers, "");
    config = temp.resolve("loopwatch.toml");
    Files.writeString(
        config,
        "[models.reviewer]\nprovider = \"replay\"\nmodel = \""
            + PRICED
            + "\"\nfile = \""
            + answers
            + "\"\n\n[models.judge]\nprovider = \"replay\"\nmodel = \""
            + PRICED
            + "\"\nfile = \""
            + answers
            + "\"\n");
    db = temp.resolve("lw.duckdb");
  }

  private static String incident(String id, String fix, String intro, String summary) {
    return "{\"incident_id\": \""
        + id
        + "\", \"fix_commits\": [\""
        + fix
        + "\"], \"introducing_commits\": [\""
        + intro
        + "\"], \"started_at\": \"2030-01-01T00:00:00Z\", \"severity\": \"sev1\", \"summary\":"
        + " \""
        + summary
        + "\"}\n";
  }

  private static String calc(String body) {
    return "class Calc {\n  int add(int a, int b) {\n    return " + body + ";\n  }\n}\n";
  }

  private static String other(String body) {
    return "class Other {\n  int twice(int x) {\n    return " + body + ";\n  }\n}\n";
  }

  /** Records {@code content} as the model's answer to the review of {@code commit}. */
  private void answerReview(String commit, String content) throws Exception {
    Request request;
    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(
            Git.open(repo), commit + "^", commit, Files.createTempDirectory(temp, "ws"))) {
      request = ReviewPrompt.request(workspace.request());
    }
    record(request, content, "end_turn");
  }

  private void record(Request request, String content, String stopReason) throws Exception {
    Response response =
        new Response(
            content,
            List.of(),
            stopReason,
            PRICED,
            Optional.of(new Usage(1000, 100, 0, 0)),
            Duration.ofMillis(5),
            Optional.of("req-1"),
            false);
    Files.writeString(
        answers,
        RecordingModel.line(request, response) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private static String finding(String file, int line) {
    return "{\"findings\": [{\"file\": \""
        + file
        + "\", \"line\": "
        + line
        + ", \"severity\": \"error\", \"message\": \"subtracts instead of adding\"}]}";
  }

  private CliRun retro(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "retro",
                incidents.toString(),
                "--repo",
                repo.toString(),
                "--db",
                db.toString(),
                "--config",
                config.toString(),
                "--reviewer",
                "model:reviewer"));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void retro_modelFlagsBuggyLine_caughtWithCostShownAndStored() throws Exception {
    answerReview(calcIntro, finding("Calc.java", 3));
    answerReview(otherIntro, "{\"findings\": []}");

    CliRun run = retro();

    assertThat(run.code()).as(run.err()).isZero();
    // 1000 input tokens at $3/M plus 100 output at $15/M: $0.0045 a review.
    assertThat(run.out())
        .containsPattern("caught \\(strict\\) +1\n")
        .containsPattern("missed \\(strict\\) +1\n")
        .contains(
            "  reviewer: caught (strict) by Calc.java:3 \"subtracts instead of adding\";"
                + " 1 finding; cost 0.0045 USD")
        .contains("  reviewer: not caught (strict); 0 findings; cost 0.0045 USD")
        .containsPattern("cost \\(USD, as reported\\) +0.009\n")
        .containsPattern("model calls \\(cache hits\\) +2 \\(0\\)\n")
        .containsPattern("tokens in / out +2000 / 200\n")
        .doesNotContain("stopped_by_budget");
    try (Store store = Store.open(db, List.of(RetroStore.PART));
        Statement statement = store.connection().createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT model_calls, cache_hits, input_tokens, output_tokens, cost_usd,"
                    + " model_cost_usd, cost_avoided_usd, stopped_by_budget FROM retro_reviewers")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getLong(1)).isEqualTo(2);
      assertThat(row.getLong(2)).isZero();
      assertThat(row.getLong(3)).isEqualTo(2000);
      assertThat(row.getLong(4)).isEqualTo(200);
      assertThat(row.getBigDecimal(5)).isEqualByComparingTo("0.009");
      assertThat(row.getBigDecimal(6)).isEqualByComparingTo("0.009");
      assertThat(row.getBigDecimal(7)).isEqualByComparingTo("0");
      assertThat(row.getInt(8)).isZero();
    }
  }

  @Test
  void retro_modelAnswersSecondTime_servedFromCacheWithCostAvoided() throws Exception {
    answerReview(calcIntro, finding("Calc.java", 3));
    answerReview(otherIntro, "{\"findings\": []}");
    assertThat(retro().code()).isZero();

    CliRun again = retro("--json");

    assertThat(again.code()).as(again.err()).isZero();
    JsonNode reviewer = Json.mapper().readTree(again.out()).get("reviewers").get(0);
    assertThat(reviewer.get("model_calls").toString())
        .isEqualTo(
            "{\"calls\":0,\"cache_hits\":2,\"input_tokens\":0,\"output_tokens\":0,"
                + "\"cost_usd\":0,\"unknown_cost_calls\":0,\"cost_avoided_usd\":0.009}");
    assertThat(reviewer.get("cost_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(reviewer.get("funnel").get("caught_strict").asInt()).isEqualTo(1);
    JsonNode review =
        Json.mapper().readTree(again.out()).get("incidents").get(0).get("reviews").get(0);
    assertThat(review.get("model_calls").get("cache_hits").asInt()).isEqualTo(1);
  }

  @Test
  void retro_modelFlagsNothing_missedNotError() throws Exception {
    answerReview(calcIntro, "{\"findings\": []}");
    answerReview(otherIntro, "```json\n{\"findings\": []}\n```");

    CliRun run = retro();

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("  reviewer errors +0\n")
        .containsPattern("missed \\(strict\\) +2\n")
        .contains("  reviewer: not caught (strict); 0 findings; cost 0.0045 USD");
  }

  @Test
  void retro_modelAnswersGarbage_reviewErrorAndExitThree() throws Exception {
    answerReview(calcIntro, "Looks good to me!");
    answerReview(
        otherIntro,
        "{\"findings\": [{\"file\": \"Other.java\", \"line\": 3, \"severity\": \"major\","
            + " \"message\": \"x\"}]}");

    CliRun run = retro();

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out())
        .containsPattern("  reviewer errors +2\n")
        .containsPattern("reviewed \\(rate denominator\\) +0\n")
        .contains("  reviewer: reviewer error: answer is not valid JSON: Unrecognized token")
        .contains(
            "  reviewer: reviewer error: findings[0].severity is missing or not error, warning"
                + " or info");
    assertThat(run.err()).contains("every review failed");
  }

  @Test
  void retro_maxCallsOne_secondReviewStoppedByBudgetNotMissed() throws Exception {
    answerReview(calcIntro, finding("Calc.java", 3));

    Path page = temp.resolve("retro.html");

    CliRun run = retro("--max-calls", "1", "--json", "--html", page.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("stopped_by_budget");
    JsonNode root = Json.mapper().readTree(run.out());
    assertThat(root.get("stopped_by_budget").asBoolean()).isTrue();
    JsonNode funnel = root.get("reviewers").get(0).get("funnel");
    assertThat(funnel.get("reviewed").asInt()).isEqualTo(1);
    assertThat(funnel.get("caught_strict").asInt()).isEqualTo(1);
    assertThat(funnel.get("missed_strict").asInt()).isZero();
    assertThat(funnel.get("stopped_by_budget").asInt()).isEqualTo(1);
    JsonNode second = root.get("incidents").get(1).get("reviews").get(0);
    assertThat(second.get("stopped_by_budget").asText()).contains("budget of 1 calls used up");
    assertThat(second.get("counted").asBoolean()).isFalse();
    assertThat(second.get("error").isNull()).isTrue();
    assertThat(root.get("reviewers").get(0).get("strict").get("reviewed").asInt()).isEqualTo(1);
    assertThat(Files.readString(page)).contains("not reviewed (stopped_by_budget)");
    try (Store store = Store.open(db, List.of(RetroStore.PART))) {
      assertThat(RetroStore.latestIncidents(store).get(1).reviews().getFirst().stoppedByBudget())
          .contains("budget of 1 calls used up (1 made)");
    }
  }

  @Test
  void retro_modelJudge_judgesCatchAndCountsItsCalls() throws Exception {
    answerReview(calcIntro, finding("Calc.java", 3));
    answerReview(otherIntro, "{\"findings\": []}");
    recordJudgeAnswer();

    CliRun run = retro("--judge", "model:judge");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("caught \\(judged\\) +1\n")
        .containsPattern("judge errors +0\n")
        .contains("caught (judged, score 3) by Calc.java:3")
        .contains("judge model: 1 calls, 0 cache hits, tokens 1000 / 100, cost 0.0045 USD");
    assertThat(RetroResult.Stage.REVIEWED.label()).isEqualTo("reviewed");
  }

  @Test
  void report_modelRetroRunStored_reviewerTableShowsModelColumns() throws Exception {
    answerReview(calcIntro, finding("Calc.java", 3));
    answerReview(otherIntro, "{\"findings\": []}");
    recordJudgeAnswer();
    assertThat(retro("--judge", "model:judge").code()).isZero();

    CliRun json = CliRun.run("report", "--db", db.toString(), "--format", "json", "--out", "-");
    CliRun csv = CliRun.run("report", "--db", db.toString(), "--format", "csv", "--out", "-");
    Path html = temp.resolve("report.html");
    CliRun page = CliRun.run("report", "--db", db.toString(), "--out", html.toString());

    assertThat(json.code()).as(json.err()).isZero();
    JsonNode retro = Json.mapper().readTree(json.out()).get("retro");
    JsonNode reviewer = retro.at("/reviewers/0");
    assertThat(reviewer.get("stoppedByBudget").asInt()).isZero();
    assertThat(reviewer.at("/modelCalls/calls").asLong()).isEqualTo(2);
    assertThat(reviewer.at("/modelCalls/cacheHits").asLong()).isZero();
    assertThat(reviewer.at("/modelCalls/inputTokens").asLong()).isEqualTo(2000);
    assertThat(reviewer.at("/modelCalls/costUsd").decimalValue()).isEqualByComparingTo("0.009");
    assertThat(retro.at("/models/stoppedByBudget").asBoolean()).isFalse();
    assertThat(retro.at("/models/judgeModelCalls/calls").asLong()).isEqualTo(1);
    assertThat(retro.at("/models/judgeModelCalls/costUsd").decimalValue())
        .isEqualByComparingTo("0.0045");
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out())
        .contains("retro,,stopped_by_budget:reviewer,0\r\n")
        .contains("retro,,model_calls:reviewer,2\r\n")
        .contains("retro,,cache_hits:reviewer,0\r\n")
        .contains("retro,,input_tokens:reviewer,2000\r\n")
        .contains("retro,,output_tokens:reviewer,200\r\n")
        .contains("retro,,model_cost_usd:reviewer,0.009\r\n")
        .contains("retro,,cost_avoided_usd:reviewer,0\r\n")
        .contains("retro,,judge_model_calls,1\r\n")
        .contains("retro,,judge_model_cost_usd,0.0045\r\n")
        .doesNotContain("run_stopped_by_budget");
    assertThat(page.code()).as(page.err()).isZero();
    assertThat(Files.readString(html))
        .contains("<th>Stopped by budget</th><th>Model calls</th><th>Cache hits</th>")
        .contains("<td>0</td><td>2</td><td>0</td><td>2000 / 200</td><td>0.009</td><td>0</td></tr>")
        .contains("<h3>Judge model</h3>")
        .contains("<td>1</td><td>0</td><td>1000 / 100</td><td>0.0045</td><td>0</td></tr>")
        .doesNotContain("stopped_by_budget:");
  }

  @Test
  void report_modelRetroRunStoppedByBudget_showsTheStop() throws Exception {
    answerReview(calcIntro, finding("Calc.java", 3));
    assertThat(retro("--max-calls", "1").code()).isZero();

    CliRun csv = CliRun.run("report", "--db", db.toString(), "--format", "csv", "--out", "-");
    Path html = temp.resolve("report.html");
    CliRun page = CliRun.run("report", "--db", db.toString(), "--out", html.toString());

    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out())
        .contains("retro,,stopped_by_budget:reviewer,1\r\n")
        .contains("retro,,model_calls:reviewer,1\r\n")
        .contains("retro,,model_cost_usd:reviewer,0.0045\r\n")
        .contains("retro,,run_stopped_by_budget,true\r\n");
    assertThat(page.code()).as(page.err()).isZero();
    assertThat(Files.readString(html))
        .contains("<td>1</td><td>1</td><td>0</td><td>1000 / 100</td><td>0.0045</td><td>0</td></tr>")
        .contains("stopped_by_budget: the model budget ran out during this run");
  }

  /** Records the judge's score 3 for the reviewer's finding on Calc.java line 3. */
  private void recordJudgeAnswer() throws Exception {
    String fixDiff =
        Git.open(repo).run(List.of("show", "--format=", "--no-color", "-M", calcFix, "--"));
    record(
        ModelJudge.request(
            new Finding("Calc.java", 3, 3, "subtracts instead of adding", "error"),
            fixDiff,
            "sums were negative"),
        "{\"score\": 3, \"reason\": \"names the wrong operator\"}",
        "end_turn");
  }
}
