package dev.loopwatch.app.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.ledger.LedgerServer;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Commitment;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Ed25519;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.trends.breakpoint.SeriesPoint;
import dev.loopwatch.trends.breakpoint.SeriesReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code research report}, the stored run in {@code loopwatch report}, the trend series and the
 * ledger entries, on one real run of three naive scripted agents made once for the class: run with
 * {@code --ledger} against a log served on loopback, reported before finalize (dev), finalized with
 * {@code --db} and {@code --ledger}.
 */
class ResearchReportTest {
  private static final String NAIVE =
      Path.of("../bench/agents/naive.sh").toAbsolutePath().normalize().toString();
  private static final String ORIGIN = "ledger.example/research";
  private static final String TOKEN = "research-token-0123456789";

  @TempDir static Path temp;

  private static Path folder;
  private static Path db;
  private static LedgerServer server;
  private static TileLog log;
  private static String url;
  private static CliRun run;
  private static CliRun devReport;
  private static CliRun devCsv;
  private static CliRun devHtml;
  private static CliRun devJson;
  private static CliRun status;
  private static CliRun statusJson;
  private static CliRun finalized;

  @BeforeAll
  static void runAndFinalize() throws Exception {
    folder = temp.resolve("run");
    db = temp.resolve("lw.duckdb");
    Path key = temp.resolve("lab.key");
    CliRun keygen =
        CliRun.run("ledger", "keygen", "--name", "lab.example/research", "--out", key.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    Path token = Files.writeString(temp.resolve("token"), TOKEN + "\n");
    log = TileLog.create(temp.resolve("log"), ORIGIN, NoteKeys.signer(logSignerKey()));
    server = LedgerServer.start(log, 0, Optional.of(TOKEN), LedgerServer.Batching.defaults());
    url = "http://127.0.0.1:" + server.port();
    List<String> ledger =
        List.of("--ledger", url, "--key", key.toString(), "--token-file", token.toString());

    List<String> args =
        new ArrayList<>(
            List.of(
                "research",
                "run",
                "w2s-spam",
                "--agents",
                "3",
                "--agent",
                NAIVE,
                "--agent-max-wall",
                "120s",
                "--out",
                folder.toString()));
    args.addAll(ledger);
    run = CliRun.run(args.toArray(String[]::new));
    devReport = CliRun.run("research", "report", folder.toString());
    devCsv = CliRun.run("research", "report", folder.toString(), "--csv");
    devHtml =
        CliRun.run(
            "research", "report", folder.toString(), "--html", temp.resolve("dev.html").toString());
    devJson = CliRun.run("research", "report", folder.toString(), "--json");
    status = CliRun.run("research", "status", folder.toString());
    statusJson = CliRun.run("research", "status", folder.toString(), "--json");
    List<String> finalize =
        new ArrayList<>(List.of("research", "finalize", folder.toString(), "--db", db.toString()));
    finalize.addAll(ledger);
    finalized = CliRun.run(finalize.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode json(CliRun cli) throws Exception {
    assertThat(cli.code()).as(cli.err()).isZero();
    return Json.mapper().readTree(cli.out());
  }

  @Test
  void report_beforeFinalize_devNumbersLabelledAndCsvRefused() throws Exception {
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(devReport.code()).as(devReport.err()).isZero();
    assertThat(devReport.out())
        .contains("split: DEV ONLY (not finalized")
        .contains("best dev PGR")
        .contains("not finalized: DEV numbers only")
        .contains("fewer than 5: noise dominates")
        .doesNotContain("sealed PGR");
    assertThat(devHtml.code()).as(devHtml.err()).isZero();
    assertThat(Files.readString(temp.resolve("dev.html")))
        .contains("data-split=\"dev\"")
        .contains("<strong>Dev numbers only.</strong>")
        .contains("Best dev PGR");
    assertThat(devCsv.code()).isEqualTo(2);
    assertThat(devCsv.err()).contains("is not finalized: a trend series takes sealed scores only");
  }

  @Test
  void status_afterRun_bestDevPgrIsTheDevReportsBest() throws Exception {
    JsonNode best = json(devJson).get("best").get("result");
    JsonNode dev = json(statusJson).get("bestDev");

    assertThat(dev.get("pgr").asDouble()).isEqualTo(best.get("pgr").asDouble());
    assertThat(dev.get("agent").asText()).isEqualTo(best.get("agent").asText());
    assertThat(dev.get("seeds").asInt()).isEqualTo(best.get("seedPgrs").size());
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out())
        .contains(
            String.format(Locale.ROOT, "best dev PGR so far: %.3f (", best.get("pgr").asDouble()))
        .contains("dev split, not the sealed score");
  }

  @Test
  void report_finalized_bestSealedPgrWithBootstrapIntervalAndAccuracy() throws Exception {
    assertThat(finalized.code()).as(finalized.err()).isZero();
    assertThat(finalized.err()).contains("loopwatch: stored run w2s-spam/");

    JsonNode report = json(CliRun.run("research", "report", folder.toString(), "--json"));
    JsonNode again = json(CliRun.run("research", "report", folder.toString(), "--json"));
    CliRun text =
        CliRun.run(
            "research",
            "report",
            folder.toString(),
            "--human-pgr",
            "0.23",
            "--human-source",
            "two human researchers, one week (the essay)");

    assertThat(report).isEqualTo(again);
    assertThat(report.get("sealed").asBoolean()).isTrue();
    assertThat(report.get("scored")).hasSize(3);
    JsonNode best = report.get("best");
    JsonNode result = best.get("result");
    double pgr = result.get("pgr").asDouble();
    assertThat(result.get("seedPgrs")).hasSize(5);
    assertThat(best.get("bootstrapLow").asDouble()).isLessThanOrEqualTo(pgr);
    assertThat(best.get("bootstrapHigh").asDouble()).isGreaterThanOrEqualTo(pgr);
    // Resampling five values: the bootstrap interval lies inside the Student-t one.
    assertThat(best.get("bootstrapLow").asDouble())
        .isGreaterThanOrEqualTo(result.get("tLow").asDouble());
    assertThat(result.get("accuracy").asDouble())
        .isCloseTo(report.at("/baselines/naive").asDouble(), within(0.01));
    assertThat(report.get("agents")).hasSize(3);
    for (JsonNode agent : report.get("agents")) {
      assertThat(agent.get("status").asText()).isEqualTo("finished");
      assertThat(agent.get("posts").asInt()).isEqualTo(1);
      assertThat(agent.get("submissions").asInt()).isEqualTo(1);
    }
    JsonNode curve = report.get("curve");
    assertThat(curve).hasSize(3);
    assertThat(curve.get(2).get("agentHours").asDouble())
        .isGreaterThan(0)
        .isLessThanOrEqualTo(report.get("agentHours").asDouble() + 1e-12);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("split: SEALED")
        .containsPattern("best sealed PGR -?\\d\\.\\d{3}, 95% bootstrap over 5 seed\\(s\\) \\[")
        .contains("transfer accuracy 0.8")
        .contains("human baseline: PGR 0.230 (two human researchers, one week (the essay))")
        .contains("a1    finished")
        .contains("probe flags: none")
        .contains("the best of 3 results is chosen on the split it is scored on");
  }

  @Test
  void report_bootstrapOptions_recordedAndTheIntervalLiesWithinTheSeedsRange() throws Exception {
    JsonNode a = json(CliRun.run("research", "report", folder.toString(), "--json"));
    JsonNode b =
        json(
            CliRun.run(
                "research",
                "report",
                folder.toString(),
                "--json",
                "--seed",
                "7",
                "--bootstrap",
                "500"));

    assertThat(b.at("/best/result/pgr").asDouble()).isEqualTo(a.at("/best/result/pgr").asDouble());
    assertThat(a.get("bootstrap").asInt()).isEqualTo(2000);
    assertThat(b.get("bootstrap").asInt()).isEqualTo(500);
    assertThat(b.get("seed").asLong()).isEqualTo(7);
    // A resampled mean of the seeds' PGRs never leaves their range.
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (JsonNode pgr : b.at("/best/result/seedPgrs")) {
      min = Math.min(min, pgr.asDouble());
      max = Math.max(max, pgr.asDouble());
    }
    assertThat(b.at("/best/bootstrapLow").asDouble()).isBetween(min, max);
    assertThat(b.at("/best/bootstrapHigh").asDouble()).isBetween(min, max);
  }

  @Test
  void report_html_drawsBothChartsWithTheHumanLineInChromium() throws Exception {
    Path page = temp.resolve("research.html");
    CliRun html =
        CliRun.run(
            "research",
            "report",
            folder.toString(),
            "--human-pgr",
            "0.23",
            "--human-source",
            "two human researchers (essay)",
            "--html",
            page.toString());

    assertThat(html.code()).as(html.err()).isZero();
    String dom = new HeadlessChromium(temp).dumpDom(page);
    assertThat(dom)
        .contains("<svg id=\"research-pgr-hours\"")
        .contains("<svg id=\"research-pgr-dollars\"")
        .contains("human 0.23: two human researchers (essay)")
        .contains("Best sealed PGR")
        .contains("<td class=\"status\">finished</td>")
        .doesNotContain("Dev numbers only");
    Matcher series =
        Pattern.compile("<polyline class=\"series\"[^>]*points=\"([^\"]+)\"").matcher(dom);
    assertThat(series.find()).isTrue();
    assertThat(series.group(1).split(" ")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void report_csv_isASeriesLoopwatchTrendFits() throws Exception {
    CliRun csv =
        CliRun.run("research", "report", folder.toString(), "--csv", "--model", "naive-numpy");

    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out()).startsWith("model,date,value,low,high\nnaive-numpy,");
    Path one = Files.writeString(temp.resolve("one.csv"), csv.out());
    List<SeriesPoint> points = SeriesReader.read(one);
    assertThat(points).hasSize(1);
    assertThat(points.getFirst().value()).isBetween(-1.0, 1.0);

    // The row as if eight agent setups a quarter apart had reached 0.05 to 0.75 (a trend needs
    // several points; one run gives one).
    String[] fields = csv.out().lines().skip(1).findFirst().orElseThrow().split(",");
    StringBuilder series = new StringBuilder("model,date,value,low,high\n");
    for (int i = 0; i < 8; i++) {
      series.append(
          String.format(
              Locale.ROOT,
              "%s-%d,%s,%.2f,%s,%s%n",
              fields[0],
              i,
              LocalDate.parse("2024-01-01").plusMonths(3L * i),
              0.05 + 0.1 * i,
              fields[3],
              fields[4]));
    }
    Path file = Files.writeString(temp.resolve("research-series.csv"), series);
    CliRun trend =
        CliRun.run(
            "trend", file.toString(), "--bootstrap", "0", "--target", "0.97", "--unit", "PGR");

    assertThat(trend.code()).as(trend.err()).isZero();
    assertThat(trend.out()).contains("PGR");
  }

  @Test
  void loopwatchReport_showsTheStoredRunInJsonCsvAndHtml() throws Exception {
    JsonNode report = json(CliRun.run("report", "--db", db.toString(), "--json"));
    CliRun csv = CliRun.run("report", "--db", db.toString(), "--csv");
    Path page = temp.resolve("report.html");
    CliRun html = CliRun.run("report", "--db", db.toString(), "--html", page.toString());
    JsonNode direct = json(CliRun.run("research", "report", folder.toString(), "--json"));

    JsonNode section = report.get("research");
    assertThat(section.get("runId").asText()).isEqualTo(direct.get("runId").asText());
    assertThat(section.at("/best/result/pgr").asDouble())
        .isEqualTo(direct.at("/best/result/pgr").asDouble());
    assertThat(section.at("/best/bootstrapLow").asDouble())
        .isEqualTo(direct.at("/best/bootstrapLow").asDouble());
    assertThat(section.get("agents")).isEqualTo(direct.get("agents"));
    assertThat(section.get("curve")).isEqualTo(direct.get("curve"));
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out())
        .contains(",split,sealed")
        .contains(",best_pgr,")
        .contains(",status:a2,finished");
    assertThat(html.code()).as(html.err()).isZero();
    String dom = new HeadlessChromium(temp).dumpDom(page);
    assertThat(dom)
        .contains("<h2>Research run</h2>")
        .contains("<svg id=\"research-pgr-hours\"")
        .doesNotContain("<div class=\"js-error\"");
  }

  @Test
  void exportThenImport_carriesTheStoredRunIntoAnotherStore() throws Exception {
    Path exported = temp.resolve("export");
    Path other = temp.resolve("other.duckdb");

    CliRun export = CliRun.run("export", "--db", db.toString(), exported.toString());
    CliRun imported = CliRun.run("import", "--db", other.toString(), exported.toString());
    CliRun twice = CliRun.run("import", "--db", other.toString(), exported.toString());

    assertThat(export.code()).as(export.err()).isZero();
    assertThat(exported.resolve("research_runs.parquet")).exists();
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(twice.code()).as(twice.err()).isZero();
    JsonNode original = json(CliRun.run("report", "--db", db.toString(), "--json")).get("research");
    JsonNode copy = json(CliRun.run("report", "--db", other.toString(), "--json")).get("research");
    assertThat(copy).isEqualTo(original);
  }

  @Test
  void ledger_eachPostedResultAndSealedScoreIsASignedEvalResultCommittingToTheForumLine()
      throws Exception {
    assertThat(run.err()).contains("ledger: result #1 of ").contains("ledger: result #3 of ");
    assertThat(finalized.err()).contains("ledger: sealed score of #1 (").contains(" is entry 5");
    assertThat(log.size()).as(run.err() + finalized.err()).isEqualTo(6);
    JsonNode report = json(CliRun.run("research", "report", folder.toString(), "--json"));

    List<Attestation> entries = new ArrayList<>();
    for (byte[] entry : EntryBundle.decode(log.directory().readEntries(new Tile(0, 0, 6)))) {
      entries.add(SignedAttestation.parseUnverified(entry));
    }
    String forumLine = Files.readAllLines(folder.resolve("forum.jsonl")).getFirst();
    String manifest =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(forumLine.getBytes(StandardCharsets.UTF_8)));
    Attestation sealedFirst =
        entries.stream()
            .filter(a -> a.runId().endsWith("/#1") && a.evaluations().size() == 5)
            .findFirst()
            .orElseThrow();
    assertThat(sealedFirst.type().jsonName()).isEqualTo("eval_result");
    assertThat(sealedFirst.runId()).isEqualTo("research/" + report.get("runId").asText() + "/#1");
    assertThat(sealedFirst.commitments().get(Commitment.DATA_MANIFEST).hex()).isEqualTo(manifest);
    BigDecimal pgr =
        sealedFirst.evaluations().stream()
            .filter(e -> e.metric().equals("pgr"))
            .findFirst()
            .orElseThrow()
            .value();
    JsonNode first = report.get("scored").get(0);
    assertThat(pgr.doubleValue()).isCloseTo(first.get("pgr").asDouble(), within(1e-12));
    assertThat(
            entries.stream()
                .filter(a -> a.evaluations().stream().anyMatch(e -> e.metric().equals("seeds")))
                .count())
        .isEqualTo(6);

    NoteKeys.SignerKey signer = NoteKeys.parseSignerKey(logSignerKey());
    Path policy =
        Files.writeString(
            temp.resolve("audit.toml"),
            "log_key = \""
                + NoteKeys.verifierKey(
                    signer.name(), signer.type(), Ed25519.publicKey(signer.seed()))
                + "\"\n");
    CliRun audit =
        CliRun.run(
            "ledger",
            "audit",
            "--log",
            url,
            "--policy",
            policy.toString(),
            "--state",
            temp.resolve("audit-state").toString(),
            "--json");
    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    assertThat(Json.mapper().readTree(audit.out()).get("violations")).isEmpty();
  }

  @Test
  void finalize_againWithLedger_appendsOnlyWhatThisLogLacksAndScoresNothing() throws Exception {
    assertThat(finalized.code()).as(finalized.err()).isZero();
    String finalJson = Files.readString(folder.resolve("final.json"));
    TileLog second = TileLog.create(temp.resolve("log2"), ORIGIN, NoteKeys.signer(logSignerKey()));
    try (LedgerServer other =
        LedgerServer.start(second, 0, Optional.of(TOKEN), LedgerServer.Batching.defaults())) {
      List<String> args =
          List.of(
              "research",
              "finalize",
              folder.toString(),
              "--no-store",
              "--ledger",
              "http://127.0.0.1:" + other.port(),
              "--key",
              temp.resolve("lab.key").toString(),
              "--token-file",
              temp.resolve("token").toString());

      CliRun missing = CliRun.run(args.toArray(String[]::new));
      CliRun again = CliRun.run(args.toArray(String[]::new));

      assertThat(missing.code()).as(missing.err()).isZero();
      assertThat(missing.out())
          .contains("finalized already: appended 3 missing sealed entries of 3");
      assertThat(second.size()).isEqualTo(3);
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("appended 0 missing sealed entries of 3");
      assertThat(second.size()).isEqualTo(3);
    }
    // The first log holds its six entries still, and final.json was never rewritten.
    assertThat(log.size()).isEqualTo(6);
    assertThat(Files.readString(folder.resolve("final.json"))).isEqualTo(finalJson);
  }

  private static String logSignerKey() {
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SplittableRandom(11).nextBytes(seed);
    return NoteKeys.signerKey(ORIGIN, NoteKeys.TYPE_ED25519, seed);
  }
}
