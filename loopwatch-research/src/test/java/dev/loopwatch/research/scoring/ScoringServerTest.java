package dev.loopwatch.research.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.research.task.Baselines;
import dev.loopwatch.research.task.DevLimits;
import dev.loopwatch.research.task.W2sTaskSpec;
import dev.loopwatch.research.w2s.SpamTask;
import dev.loopwatch.research.w2s.W2sExperiment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringServerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static W2sExperiment experiment;
  private static Map<Long, SeedLabels> labels;
  private static int[] naive;

  @TempDir Path run;
  private ScoringServer server;

  @BeforeAll
  static void prepare() {
    experiment = SpamTask.experiment();
    labels = SeedLabels.of(experiment);
    naive = experiment.naivePredictions(0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static W2sTaskSpec withLimits(W2sTaskSpec task, DevLimits dev) {
    return new W2sTaskSpec(
        task.id(),
        task.description(),
        task.source(),
        task.dataset(),
        task.splits(),
        task.model(),
        task.seeds(),
        task.baselines(),
        dev);
  }

  private ScoringServer start(DevLimits dev) {
    server =
        ScoringServer.start(
            withLimits(experiment.task(), dev),
            labels,
            List.of("alice", "bob"),
            run,
            0,
            InstantSource.system());
    return server;
  }

  private HttpResponse<String> post(String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body instanceof String text ? text : MAPPER.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> submission(long seed, int[] predictions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("seed", seed);
    body.put("predictions", predictions);
    return body;
  }

  private String alice() {
    return server.agentTokens().get("alice");
  }

  @Test
  void devScore_naivePredictions_reportsAccuracyPgrAndDeltas() throws Exception {
    start(new DevLimits(10, 10));
    HttpResponse<String> response = post("/dev/score", alice(), submission(0, naive));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode score = MAPPER.readTree(response.body());
    Baselines b = experiment.task().baselines();
    double accuracy = score.get("transfer_acc").asDouble();
    assertThat(accuracy).isBetween(0.75, 0.95);
    assertThat(score.get("pgr").asDouble()).isEqualTo((accuracy - b.weak()) / b.gap());
    assertThat(score.get("delta_vs_weak").asDouble()).isEqualTo(accuracy - b.weak());
    assertThat(score.get("delta_vs_naive").asDouble()).isEqualTo(accuracy - b.naive());
    assertThat(score.get("total").asInt()).isEqualTo(756);
    assertThat(
            score.get("pred_distribution").get("0").asInt()
                + score.get("pred_distribution").get("1").asInt())
        .isEqualTo(1511);
    assertThat(score.get("quota_left").asInt()).isEqualTo(9);
    assertThat(Files.readAllLines(server.logFile()))
        .anyMatch(
            line -> line.contains("\"event\":\"dev\"") && line.contains("\"agent\":\"alice\""));
  }

  @Test
  void devScore_quotaSpent_answers403WithoutRetryAfter() throws Exception {
    start(new DevLimits(2, 3));
    assertThat(post("/dev/score", alice(), submission(0, naive)).statusCode()).isEqualTo(200);
    assertThat(
            post("/dev/score", alice(), submission(1, experiment.naivePredictions(1))).statusCode())
        .isEqualTo(200);
    HttpResponse<String> third = post("/dev/score", alice(), submission(0, naive));
    assertThat(third.statusCode()).isEqualTo(403);
    assertThat(third.body())
        .isEqualTo(
            "dev quota spent: 2 scored submissions per agent for this run; it does not reset, do"
                + " not retry\n");
    assertThat(third.headers().firstValue("Retry-After")).isEmpty();
    // Past the per-minute limit too, a spent quota still answers the final 403, not a 429.
    HttpResponse<String> fourth = post("/dev/score", alice(), submission(0, naive));
    assertThat(fourth.statusCode()).isEqualTo(403);
    assertThat(fourth.headers().firstValue("Retry-After")).isEmpty();
    // The quota is per agent.
    assertThat(
            post("/dev/score", server.agentTokens().get("bob"), submission(0, naive)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void devScore_overRateLimit_answers429() throws Exception {
    start(new DevLimits(100, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(post("/dev/score", alice(), submission(0, naive)).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> fourth = post("/dev/score", alice(), submission(0, naive));
    assertThat(fourth.statusCode()).isEqualTo(429);
    assertThat(fourth.body()).contains("at most 3 dev submissions per minute");
    assertThat(fourth.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 61L));
    assertThat(fourth.body()).contains("retry in ");
  }

  @Test
  void finalScore_agentToken_answers403AndOperatorScores() throws Exception {
    start(new DevLimits(10, 10));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("agent", "alice");
    result.put("result", "post-1");
    result.put("snapshot", "abc123");
    List<Object> seeds = new ArrayList<>();
    for (long seed : experiment.task().seeds()) {
      seeds.add(submission(seed, experiment.naivePredictions(seed)));
    }
    result.put("seeds", seeds);
    HttpResponse<String> denied = post("/final/score", alice(), result);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("scored only by the operator");
    assertThat(post("/final/score", null, result).statusCode()).isEqualTo(401);
    assertThat(post("/final/score", "forged-token", result).statusCode()).isEqualTo(403);
    HttpResponse<String> sealed = post("/final/score", server.operatorToken(), result);
    assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(200);
    JsonNode score = MAPPER.readTree(sealed.body());
    assertThat(score.get("split").asText()).isEqualTo("final");
    assertThat(score.get("seeds")).hasSize(5);
    assertThat(score.get("seeds").get(0).get("total").asInt()).isEqualTo(755);
    assertThat(score.get("pgr_ci95")).hasSize(2);
    HttpResponse<String> flags =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/flags"))
                .header("Authorization", "Bearer " + alice())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(flags.statusCode()).isEqualTo(403);
    HttpResponse<String> again = post("/final/score", server.operatorToken(), result);
    assertThat(again.statusCode()).isEqualTo(409);
    // The operator token does not buy dev scores either.
    assertThat(post("/dev/score", server.operatorToken(), submission(0, naive)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void finalize_referenceAndNaiveResults_scoresEverySeedOnTheSealedPart() {
    start(new DevLimits(10, 10));
    Map<Long, int[]> reference = new LinkedHashMap<>();
    Map<Long, int[]> naiveBySeed = new LinkedHashMap<>();
    for (long seed : experiment.task().seeds()) {
      reference.put(seed, experiment.referencePredictions(seed));
      naiveBySeed.put(seed, experiment.naivePredictions(seed));
    }
    List<SealedScore> scores =
        server.finalize(
            List.of(
                new FinalResult("alice", "r1", "c1", reference),
                new FinalResult("bob", "r2", "c2", naiveBySeed)));
    assertThat(scores).hasSize(2);
    assertThat(scores.get(0).seeds())
        .extracting(SealedScore.Seed::seed)
        .containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(scores.get(0).pgrCiLow()).isLessThan(scores.get(0).meanPgr());
    assertThat(scores.get(0).flags()).isEmpty();
    // The reference method beats naive transfer on the sealed part too, on every seed.
    assertThat(scores.get(0).meanPgr()).isGreaterThan(scores.get(1).meanPgr() + 0.3);
    for (int i = 0; i < 5; i++) {
      assertThat(scores.get(0).seeds().get(i).accuracy())
          .isGreaterThan(scores.get(1).seeds().get(i).accuracy());
    }
    assertThatThrownBy(
            () -> server.finalize(List.of(new FinalResult("alice", "r1", "c1", reference))))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("already finalized");
  }

  @Test
  void devScore_malformedSubmissions_answer400WithOneMessage() throws Exception {
    start(new DevLimits(100, 100));
    HttpResponse<String> shorter =
        post("/dev/score", alice(), submission(0, Arrays.copyOf(naive, 1500)));
    assertThat(shorter.statusCode()).isEqualTo(400);
    assertThat(shorter.body())
        .isEqualTo(
            "'predictions' has 1500 values; seed 0's test split has 1511 messages, one"
                + " prediction each\n");
    int[] two = naive.clone();
    two[17] = 2;
    HttpResponse<String> badValue = post("/dev/score", alice(), submission(0, two));
    assertThat(badValue.statusCode()).isEqualTo(400);
    assertThat(badValue.body())
        .contains("'predictions[17]' is 2; each prediction is the integer 0 (not spam) or 1");
    HttpResponse<String> badSeed = post("/dev/score", alice(), submission(99, naive));
    assertThat(badSeed.body()).contains("'seed' 99 is not one of the task's seeds");
    HttpResponse<String> notJson = post("/dev/score", alice(), "{\"seed\": 0, \"predictions\": [");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("the body is not valid JSON");
    String text = MAPPER.writeValueAsString(submission(0, naive)).replaceFirst("\\[0", "[\"0\"");
    HttpResponse<String> stringValue = post("/dev/score", alice(), text);
    assertThat(stringValue.statusCode()).isEqualTo(400);
    assertThat(stringValue.body()).contains("'predictions[0]' is \"0\"");
    assertThat(Files.readAllLines(server.logFile()))
        .filteredOn(line -> line.contains("\"event\":\"rejected\""))
        .hasSize(5);
  }

  @Test
  void devScore_integerBeyondLongRange_answers400NotReadAsOne() throws Exception {
    start(new DevLimits(100, 100));
    // 2^64 + 1: Jackson's asLong() wraps it to 1, which was accepted as a prediction of 1.
    for (String value : List.of("18446744073709551617", "1.0", "true", "-1")) {
      String text =
          MAPPER.writeValueAsString(submission(0, naive)).replaceFirst("\\[\\d", "[" + value);

      HttpResponse<String> answer = post("/dev/score", alice(), text);

      assertThat(answer.statusCode()).as(value).isEqualTo(400);
      assertThat(answer.body())
          .isEqualTo(
              "'predictions[0]' is "
                  + value
                  + "; each prediction is the integer 0 (not spam) or 1 (spam)\n");
    }
  }

  @Test
  void devScore_fewFlipsProbe_flaggedWithEvidence() throws Exception {
    start(new DevLimits(100, 100));
    assertThat(post("/dev/score", alice(), submission(0, naive)).statusCode()).isEqualTo(200);
    int[] probe = naive.clone();
    for (int position : new int[] {3, 40, 700}) {
      probe[position] = 1 - probe[position];
    }
    assertThat(
            post("/dev/score", server.agentTokens().get("bob"), submission(0, probe)).statusCode())
        .isEqualTo(200);
    assertThat(server.flags()).hasSize(1);
    ProbeFlag flag = server.flags().getFirst();
    assertThat(flag.agent()).isEqualTo("bob");
    assertThat(flag.evidence())
        .isEqualTo(new ProbeFlag.FewFlips("s000001", "alice", 3, List.of(3, 40, 700)));
    assertThat(Files.readAllLines(server.logFile()))
        .anyMatch(line ->
            line.contains("\"kind\":\"few_flips\"") && line.contains("\"positions\":[3,40,700]"));
  }

  @Test
  void devScore_constantAndMajorityClass_flagged() throws Exception {
    start(new DevLimits(100, 100));
    int[] zeros = new int[1511];
    post("/dev/score", alice(), submission(0, zeros));
    int[] almost = new int[1511];
    almost[5] = 1;
    almost[900] = 1;
    almost[1400] = 1;
    almost[1401] = 1;
    almost[1402] = 1;
    almost[1403] = 1;
    almost[1404] = 1;
    almost[1405] = 1;
    almost[1406] = 1;
    almost[1407] = 1;
    post("/dev/score", server.agentTokens().get("bob"), submission(1, almost));
    assertThat(server.flags())
        .extracting(ProbeFlag::kind)
        .containsExactly("constant", "majority_class");
    assertThat(server.flags().get(0).evidence()).isEqualTo(new ProbeFlag.Constant(0));
  }

  @Test
  void devScore_burstOfNearDuplicates_flaggedOnce() throws Exception {
    start(new DevLimits(100, 100));
    int[] current = naive.clone();
    post("/dev/score", alice(), submission(0, current));
    for (int step = 0; step < 4; step++) {
      current = current.clone();
      for (int i = 0; i < 20; i++) { // 20 flips: above few_flips, within near-duplicate
        int position = 100 * step + i;
        current[position] = 1 - current[position];
      }
      post("/dev/score", alice(), submission(0, current));
    }
    assertThat(server.flags()).extracting(ProbeFlag::kind).containsExactly("near_duplicate_burst");
    ProbeFlag.NearDuplicateBurst burst =
        (ProbeFlag.NearDuplicateBurst) server.flags().getFirst().evidence();
    assertThat(burst.submissions()).containsExactly("s000002", "s000003", "s000004");
  }

  @Test
  void start_fromExperiment_logsASecretDevCut() throws Exception {
    server = ScoringServer.start(experiment, List.of("alice"), run);
    HttpResponse<String> response = post("/dev/score", alice(), submission(0, naive));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(response.body()).get("total").asInt()).isEqualTo(756);
    assertThat(Files.readAllLines(server.logFile()))
        .anyMatch(line -> line.contains("\"event\":\"dev_cut\"") && line.contains("\"salt\":"));
  }

  @Test
  void start_gapUnder005_refused() {
    W2sTaskSpec task = experiment.task();
    List<Baselines.Seed> seeds = new ArrayList<>();
    for (long seed : task.seeds()) {
      seeds.add(new Baselines.Seed(seed, 0.90, 0.93, 0.91));
    }
    W2sTaskSpec narrow =
        new W2sTaskSpec(
            task.id(),
            task.description(),
            "narrow/task.toml",
            task.dataset(),
            task.splits(),
            task.model(),
            task.seeds(),
            new Baselines(0.90, 0.93, 0.91, seeds),
            task.dev());
    assertThatThrownBy(() ->
            ScoringServer.start(narrow, labels, List.of("alice"), run, 0, InstantSource.system()))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "narrow/task.toml: the pre-registered ceiling-weak gap is 0.0300 (ceiling 0.9300,"
                + " weak 0.9000), under 0.05: PGR would divide by noise, so the server refuses"
                + " this task");
  }

  @Test
  void taskInfo_agentToken_showsSizesBaselinesAndQuotaLeft() throws Exception {
    start(new DevLimits(7, 10));
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/task"))
                .header("Authorization", "Bearer " + alice())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode info = MAPPER.readTree(response.body());
    assertThat(info.get("task").asText()).isEqualTo("w2s-spam");
    assertThat(info.get("predictions_per_seed").get("0").asInt()).isEqualTo(1511);
    assertThat(info.get("dev_quota_left").asInt()).isEqualTo(7);
    assertThat(response.body()).doesNotContain("label");
  }
}
