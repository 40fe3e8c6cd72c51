package dev.loopwatch.app.retro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.GitFixture;
import dev.loopwatch.app.HeadlessChromium;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.retro.store.RetroStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loopwatch retro} end to end: a real repository with a known bug introduced and fixed, and
 * reviewer scripts that flag the buggy line, flag elsewhere, or crash.
 */
class RetroCommandTest {
  @TempDir Path temp;
  private Path repo;
  private String intro;
  private String fix;
  private Path incidents;
  private GitFixture fixture;

  @BeforeEach
  void repository() throws Exception {
    repo = temp.resolve("demo");
    fixture = GitFixture.init(repo);
    commit("Calc.java", calc("a + b"), "add calc");
    intro = commit("Calc.java", calc("a - b"), "simplify add");
    commit("README.md", "docs\n", "docs");
    commit("NOTES.md", "notes\n", "notes");
    fix =
        commit("Calc.java", calc("a + b"), "fix add\n\nFixes #5\nFixes: " + intro.substring(0, 10));
    incidents = temp.resolve("incidents.jsonl");
    Files.writeString(
        incidents,
        "{\"incident_id\": \"INC-7\", \"fix_commits\": [\""
            + fix
            + "\"], \"started_at\": \"2025-04-01T00:00:00Z\", \"severity\": \"sev1\","
            + " \"summary\": \"sums were negative\"}\n");
  }

  private static String calc(String body) {
    return "class Calc {\n  int add(int a, int b) {\n    return " + body + ";\n  }\n}\n";
  }

  private String commit(String path, String content, String message) throws Exception {
    return fixture.commit(path, content, message);
  }

  private String script(String name, String body) throws Exception {
    Path file = temp.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file.toString();
  }

  private static String relativeScript(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file.toString();
  }

  private List<String> reviewers() throws Exception {
    return List.of(
        "--reviewer",
        script(
            "flag.sh",
            "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 3, \"message\":"
                + " \"subtracts instead of adding\", \"severity\": \"error\"}], \"cost_usd\":"
                + " 0.25}'\n"),
        "--reviewer",
        script(
            "far.sh",
            "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 40, \"message\":"
                + " \"style\"}]}'\n"),
        "--reviewer",
        script("crash.sh", "echo 'no API key' >&2\nexit 2\n"),
        "--reviewer-name",
        "flagger");
  }

  private CliRun retro(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("retro", incidents.toString()));
    args.addAll(
        List.of("--repo", repo.toString(), "--store", temp.resolve("lw.duckdb").toString()));
    args.addAll(reviewers());
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void retro_text_showsFunnelRatesAndEvidence() throws Exception {
    CliRun run = retro("--controls", "2", "--seed", "3");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Review retrospective: 1 incidents, 3 reviewers, strict window +-5 lines, seed 3")
        .containsPattern("reviewed \\(rate denominator\\) +1 +1 +0\n")
        .containsPattern("  reviewer errors +0 +0 +1\n")
        .containsPattern("caught \\(strict\\) +1 +0 +0\n")
        .containsPattern("strict +1/1 100% \\[21-100\\] +0/1 0% \\[0-79\\] +- \\(0 reviewed\\)\n")
        .containsPattern("  strict, severity sev1 +1/1 100% \\[21-100\\]")
        .containsPattern(
            "findings per clean change +1.00 \\[1.00-1.00\\] +1.00 \\[1.00-1.00\\] +-\n")
        .contains("INC-7 (sev1) reviewed")
        .contains("  introducing " + intro.substring(0, 12) + " (SZZ), reviewed ")
        .contains("  buggy lines Calc.java:3")
        .contains(
            "  flagger: caught (strict) by Calc.java:3 \"subtracts instead of adding\"; 1 finding")
        .contains("  far.sh: not caught (strict); 1 finding")
        .contains("  crash.sh: reviewer error: exited with code 2: no API key");
  }

  @Test
  void retro_json_hasStableFieldsAndStoresTheRun() throws Exception {
    CliRun run = retro("--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode root = Json.mapper().readTree(run.out());
    assertThat(root.get("reviewers")).hasSize(3);
    JsonNode flagger = root.get("reviewers").get(0);
    assertThat(flagger.get("name").asText()).isEqualTo("flagger");
    assertThat(flagger.get("funnel").toString())
        .isEqualTo(
            "{\"incidents\":1,\"fix_found\":1,\"introducing_found\":1,\"rebuilt\":1,"
                + "\"traceable\":1,\"not_applicable\":0,\"applicable\":1,\"reviewer_errors\":0,"
                + "\"stopped_by_budget\":0,\"reviewed\":1,\"caught_strict\":1,\"missed_strict\":0,"
                + "\"caught_judged\":null,\"judge_errors\":null,\"judge_stopped_by_budget\":null}");
    JsonNode strict = flagger.get("strict");
    assertThat(strict.get("caught").asInt()).isEqualTo(1);
    assertThat(strict.get("reviewed").asInt()).isEqualTo(1);
    assertThat(strict.get("rate").get("estimate").asDouble()).isEqualTo(1.0);
    assertThat(strict.get("rate").get("low").asDouble()).isCloseTo(0.2065, within(1e-4));
    assertThat(strict.get("rate").get("high").asDouble()).isEqualTo(1.0);
    assertThat(strict.get("rate").get("level").asDouble()).isEqualTo(0.95);
    assertThat(flagger.get("cost_usd").decimalValue()).isEqualByComparingTo("0.25");
    JsonNode incident = root.get("incidents").get(0);
    assertThat(incident.get("introducing").asText()).isEqualTo(intro);
    assertThat(incident.get("buggy_lines").toString())
        .isEqualTo("[{\"file\":\"Calc.java\",\"line\":3}]");
    assertThat(incident.get("reviews").get(2).get("error").asText())
        .isEqualTo("exited with code 2: no API key");
    assertThat(incident.get("reviews").get(0).get("caught_strict_by").get("start_line").asInt())
        .isEqualTo(3);
    try (Store store = Store.open(temp.resolve("lw.duckdb"), List.of(RetroStore.PART))) {
      List<RetroStore.ReviewerRow> rows = RetroStore.latest(store).orElseThrow();
      assertThat(rows)
          .extracting(RetroStore.ReviewerRow::reviewer)
          .containsExactly("flagger", "far.sh", "crash.sh");
      assertThat(rows.get(0).strictCaught()).isEqualTo(1);
      assertThat(rows.get(2).errors()).isEqualTo(1);
    }
  }

  @Test
  void retro_fromHistory_usesFixesTrailerAsDeclaredCause() throws Exception {
    CliRun run =
        CliRun.run(
            "retro",
            "--from-history",
            "--repo",
            repo.toString(),
            "--no-store",
            "--json",
            "--reviewer",
            script(
                "flag2.sh",
                "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 3,"
                    + " \"message\": \"m\"}]}'\n"));

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode incident = Json.mapper().readTree(run.out()).get("incidents").get(0);
    assertThat(incident.get("incident_id").asText()).isEqualTo("history-" + fix.substring(0, 12));
    assertThat(incident.get("severity").asText()).isEqualTo("unknown");
    assertThat(incident.get("introducing").asText()).isEqualTo(intro);
    assertThat(incident.get("introducing_declared").asBoolean()).isTrue();
    assertThat(incident.get("reviews").get(0).get("caught_strict_by").isObject()).isTrue();
  }

  @Test
  void retro_badIncidentLine_exits2NamingFileLineAndField() throws Exception {
    Files.writeString(
        incidents,
        Files.readString(incidents)
            + "{\"incident_id\": \"INC-8\", \"fix_commits\": [\"x\"], \"started_at\": \"yesterday\","
            + " \"severity\": \"s\", \"summary\": \"s\"}\n");

    CliRun run = retro();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: "
                + incidents
                + ":2: started_at 'yesterday' is not an RFC 3339 time with an offset\n");
  }

  @Test
  void retro_incidentIssues_linkedFixFoundBySzz() throws Exception {
    Path issues = Files.writeString(temp.resolve("issues.txt"), "# outages\n#5 sev1\n#6\n");

    CliRun run =
        CliRun.run(
            "retro",
            "--incident-issues",
            issues.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--json",
            "--reviewer",
            script(
                "flag3.sh",
                "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 3,"
                    + " \"message\": \"m\"}]}'\n"));

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode all = Json.mapper().readTree(run.out()).get("incidents");
    assertThat(all).hasSize(1);
    JsonNode incident = all.get(0);
    assertThat(incident.get("incident_id").asText()).isEqualTo("issue-5");
    assertThat(incident.get("severity").asText()).isEqualTo("sev1");
    assertThat(incident.get("introducing").asText()).isEqualTo(intro);
    assertThat(incident.get("introducing_declared").asBoolean()).isFalse();
    assertThat(incident.get("reviews").get(0).get("caught_strict_by").isObject()).isTrue();
  }

  @Test
  void retro_relativeReviewerAndJudge_resolvedAgainstCallerDirectory() throws Exception {
    Path here = Files.createDirectories(Path.of("target"));
    Path scripts = Files.createTempDirectory(here, "retro-relative-");
    String reviewer =
        relativeScript(
            scripts.resolve("rel.sh"),
            "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 3,"
                + " \"message\": \"m\"}]}'\n");
    String judge =
        relativeScript(scripts.resolve("judge.sh"), "echo '{\"score\": 3, \"reason\": \"r\"}'\n");

    CliRun run =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--json",
            "--reviewer",
            reviewer,
            "--judge",
            judge);

    assertThat(reviewer).startsWith("target/retro-relative-");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode review =
        Json.mapper().readTree(run.out()).get("incidents").get(0).get("reviews").get(0);
    assertThat(review.get("caught_strict_by").isObject()).as(review.toString()).isTrue();
    assertThat(review.get("caught_judged_by").isObject()).as(review.toString()).isTrue();
  }

  @Test
  void retro_judgeAlwaysFails_judgedRateIsDash() throws Exception {
    CliRun run =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--reviewer",
            script(
                "flag4.sh",
                "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 3,"
                    + " \"message\": \"m\"}]}'\n"),
            "--judge",
            script("badjudge.sh", "exit 1\n"));

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("judge errors +1\n")
        .containsPattern("judged +- \\(0 judged\\)\n")
        .doesNotContain("0/1");
  }

  @Test
  void retro_reviewerScriptMissing_exits2NamingIt() {
    CliRun run =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--reviewer",
            "./no-such-review.sh");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("loopwatch: --reviewer ./no-such-review.sh: no such file: ")
        .endsWith("no-such-review.sh\n");
  }

  @Test
  void retro_everyReviewFails_exits3() throws Exception {
    CliRun run =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--reviewer",
            script("down.sh", "exit 7\n"));

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).contains("down.sh: reviewer error: exited with code 7");
    assertThat(run.err()).contains("every review failed");
  }

  @Test
  void retro_maxCostWithoutModel_warnsOnceAndExitsZero() throws Exception {
    CliRun run = retro("--max-cost", "5");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: warning: --max-cost has no effect: no reviewer or judge is a model\n");
    assertThat(run.out()).containsPattern("caught \\(strict\\) +1 +0 +0\n");
  }

  @Test
  void retro_maxCostAndMaxCallsWithoutModel_oneWarningLine() throws Exception {
    CliRun run = retro("--max-cost", "5", "--max-calls", "10", "--judge", "true");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: warning: --max-cost and --max-calls have no effect: no reviewer or judge"
                + " is a model\n");
  }

  @Test
  void retro_neitherFileNorHistory_exits2() {
    CliRun run = CliRun.run("retro", "--repo", repo.toString(), "--reviewer", "true");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: nothing to review: give INCIDENTS.jsonl, --from-history or"
                + " --incident-issues\n");
  }

  @Test
  void retro_reportPage_drawsFunnelAndRatesInChromium() throws Exception {
    Path page = temp.resolve("retro.html");

    CliRun run = retro("--report", page.toString(), "--no-store");

    assertThat(run.code()).as(run.err()).isZero();
    String dom = new HeadlessChromium(temp).dumpDom(page);
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-retro-charts-expected")).isEqualTo("2");
    assertThat(HeadlessChromium.bodyAttribute(dom, "data-retro-charts-rendered")).isEqualTo("2");
    assertThat(dom).contains("<td>flagger</td>").doesNotContain("Script error");
  }

  @Test
  void retro_pmdAndSpotbugs_pmdCatchesTheEmptyCatch() throws Exception {
    repo = temp.resolve("parse");
    fixture = GitFixture.init(repo);
    commit(
        "src/Parse.java",
        "class Parse {\n  static int parse(String s) {\n    return Integer.parseInt(s);\n  }\n}\n",
        "add parse");
    String bad =
        commit(
            "src/Parse.java",
            "class Parse {\n  static int parse(String s) {\n    try {\n"
                + "      return Integer.parseInt(s);\n    } catch (NumberFormatException e) {\n"
                + "    }\n    return 0;\n  }\n}\n",
            "tolerate bad input");
    String repair =
        commit(
            "src/Parse.java",
            "class Parse {\n  static int parse(String s) {\n    try {\n"
                + "      return Integer.parseInt(s);\n    } catch (NumberFormatException e) {\n"
                + "      throw new IllegalArgumentException(s, e);\n    }\n  }\n}\n",
            "reject bad input");
    Files.writeString(
        incidents,
        "{\"incident_id\": \"INC-9\", \"fix_commits\": [\""
            + repair
            + "\"], \"started_at\": \"2025-04-01T00:00:00Z\", \"severity\": \"sev2\","
            + " \"summary\": \"bad input silently became 0\"}\n");

    CliRun run =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--json",
            "--reviewer",
            "pmd",
            "--reviewer",
            "spotbugs");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode root = Json.mapper().readTree(run.out());
    JsonNode incident = root.get("incidents").get(0);
    assertThat(incident.get("introducing").asText()).isEqualTo(bad);
    JsonNode pmd = root.get("reviewers").get(0);
    assertThat(pmd.get("name").asText()).isEqualTo("pmd");
    assertThat(pmd.get("funnel").get("reviewed").asInt()).isEqualTo(1);
    assertThat(pmd.get("funnel").get("caught_strict").asInt()).isEqualTo(1);
    assertThat(incident.get("reviews").get(0).get("caught_strict_by").get("message").asText())
        .startsWith("EmptyCatchBlock: ");
    JsonNode spotbugs = root.get("reviewers").get(1);
    assertThat(spotbugs.get("name").asText()).isEqualTo("spotbugs");
    assertThat(spotbugs.get("funnel").get("reviewed").asInt())
        .as(incident.get("reviews").get(1).toString())
        .isEqualTo(1);
    assertThat(spotbugs.get("funnel").get("caught_strict").asInt()).isEqualTo(0);
  }

  @Test
  void retro_mergeCommitAsFix_warnsOnceAndRecordsItInJson() throws Exception {
    fixture.git("checkout", "-q", "-b", "topic", intro);
    commit("Calc.java", calc("a + b"), "fix on a branch");
    fixture.git("checkout", "-q", "main");
    fixture.git("merge", "-q", "--no-ff", "-m", "merge the fix", "topic");
    String merge = fixture.git("rev-parse", "HEAD").strip();
    String line =
        "{\"incident_id\": \"INC-%s\", \"fix_commits\": [\""
            + merge
            + "\"], \"started_at\": \"2025-04-01T00:00:00Z\", \"severity\": \"sev1\","
            + " \"summary\": \"s\"}\n";
    Files.writeString(incidents, line.formatted("8") + line.formatted("9"));

    CliRun run = retro("--json", "--no-store");

    assertThat(run.err())
        .containsOnlyOnce(
            "loopwatch: warning: fix " + merge + " is a merge commit; it was analysed")
        .contains("against its first parent " + fix);
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/incidents/0/merge_fixes/0").asText()).isEqualTo(merge);
    assertThat(json.at("/incidents/1/merge_fixes/0").asText()).isEqualTo(merge);
  }

  @Test
  void retro_untraceableAndNotApplicable_areStagesNotMisses() throws Exception {
    commit("config.yml", "timeout: 5\n", "add config");
    String configIntro = commit("config.yml", "timeout: 1\n", "lower the timeout");
    String configFix = commit("config.yml", "timeout: 30\n", "raise the timeout again");
    String other = commit("Other.java", "class Other {}\n", "add other");
    String otherFix = commit("config.yml", "timeout: 60\n", "raise the timeout more");
    String line =
        "{\"incident_id\": \"%s\", \"fix_commits\": [\"%s\"], \"started_at\":"
            + " \"2025-04-01T00:00:00Z\", \"severity\": \"sev2\", \"summary\": \"s\"%s}\n";
    Files.writeString(
        incidents,
        Files.readString(incidents)
            + line.formatted("INC-CFG", configFix, "")
            + line.formatted(
                "INC-UNTRACED", otherFix, ", \"introducing_commits\": [\"" + other + "\"]"));
    String far =
        script(
            "far.sh",
            "echo '{\"findings\": [{\"file\": \"Calc.java\", \"line\": 40, \"message\":"
                + " \"style\"}]}'\n");
    String pythonOnly = script("python-only.sh", "echo '{\"findings\": [], \"files_read\": []}'\n");

    CliRun run =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--json",
            "--reviewer",
            "pmd",
            "--reviewer",
            far,
            "--reviewer",
            pythonOnly);

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode root = Json.mapper().readTree(run.out());
    assertThat(root.at("/incidents/1/introducing").asText()).isEqualTo(configIntro);
    assertThat(root.at("/incidents/2/buggy_lines").size()).isZero();
    assertThat(root.at("/reviewers/0/funnel").toString())
        .isEqualTo(
            "{\"incidents\":3,\"fix_found\":3,\"introducing_found\":3,\"rebuilt\":3,"
                + "\"traceable\":2,\"not_applicable\":1,\"applicable\":1,\"reviewer_errors\":0,"
                + "\"stopped_by_budget\":0,\"reviewed\":1,\"caught_strict\":0,\"missed_strict\":1,"
                + "\"caught_judged\":null,\"judge_errors\":null,\"judge_stopped_by_budget\":null}");
    assertThat(root.at("/reviewers/0/strict/reviewed").asInt()).isEqualTo(1);
    assertThat(root.at("/reviewers/1/funnel/reviewed").asInt()).isEqualTo(2);
    assertThat(root.at("/reviewers/1/funnel/missed_strict").asInt()).isEqualTo(2);
    assertThat(root.at("/reviewers/1/strict/reviewed").asInt()).isEqualTo(2);
    assertThat(root.at("/reviewers/2/funnel/not_applicable").asInt()).isEqualTo(2);
    assertThat(root.at("/reviewers/2/strict/reviewed").asInt()).isZero();
    assertThat(root.at("/reviewers/2/strict/rate").isNull()).isTrue();
    assertThat(root.at("/incidents/1/reviews/0/not_applicable").asText())
        .contains("reads only .java files");
    assertThat(root.at("/incidents/2/reviews/1/counted").asBoolean()).isFalse();

    CliRun text =
        CliRun.run(
            "retro",
            incidents.toString(),
            "--repo",
            repo.toString(),
            "--no-store",
            "--reviewer",
            "pmd",
            "--reviewer",
            far,
            "--reviewer",
            pythonOnly);
    assertThat(text.out())
        .containsPattern("rebuilt for review +3 +3 +3\n")
        .containsPattern("with a traceable buggy line +2 +2 +2\n")
        .containsPattern("  not applicable \\(reads no file\\) +1 +0 +2\n")
        .containsPattern("reviewed \\(rate denominator\\) +1 +2 +0\n")
        .containsPattern("strict +0/1 0% \\[0-79\\] +0/2 0% \\[0-66\\] +- \\(0 reviewed\\)\n")
        .contains("  pmd: not applicable: reads only .java files")
        .contains("  far.sh: not counted (no traceable buggy line); 1 finding");
  }

  @Test
  void report_storeWithOnlyRetroRuns_reportsTheRetroSection() throws Exception {
    Path store = temp.resolve("lw.duckdb");
    CliRun retro = retro();
    assertThat(retro.code()).as(retro.err()).isZero();

    CliRun json = CliRun.run("report", "--db", store.toString(), "--format", "json", "--out", "-");
    CliRun csv = CliRun.run("report", "--db", store.toString(), "--format", "csv", "--out", "-");
    Path html = temp.resolve("report.html");
    CliRun page = CliRun.run("report", "--db", store.toString(), "--out", html.toString());

    assertThat(json.code()).as(json.err()).isZero();
    JsonNode root = Json.mapper().readTree(json.out());
    assertThat(root.get("repos")).isEmpty();
    assertThat(root.get("retro").properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("reviewers", "incidents", "models");
    assertThat(root.at("/retro/models/stoppedByBudget").asBoolean()).isFalse();
    assertThat(root.at("/retro/models/judgeModelCalls").isNull()).isTrue();
    assertThat(root.at("/retro/reviewers/0/modelCalls").isNull()).isTrue();
    JsonNode flagger = root.at("/retro/reviewers/0");
    assertThat(flagger.get("reviewer").asText()).isEqualTo("flagger");
    assertThat(flagger.get("incidents").asInt()).isEqualTo(1);
    assertThat(flagger.get("rebuilt").asInt()).isEqualTo(1);
    assertThat(flagger.get("traceable").asInt()).isEqualTo(1);
    assertThat(flagger.get("notApplicable").asInt()).isZero();
    assertThat(flagger.get("reviewed").asInt()).isEqualTo(1);
    assertThat(flagger.get("strictCaught").asInt()).isEqualTo(1);
    assertThat(flagger.at("/strict/estimate").asDouble()).isEqualTo(1.0);
    assertThat(root.at("/retro/reviewers/2/errors").asInt()).isEqualTo(1);
    assertThat(root.at("/retro/incidents/0/incidentId").asText()).isEqualTo("INC-7");
    assertThat(root.at("/retro/incidents/0/reviews/2/error").asText())
        .isEqualTo("exited with code 2: no API key");
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out())
        .contains("retro,,rebuilt:flagger,1\r\n")
        .contains("retro,,traceable:flagger,1\r\n")
        .contains("retro,,not_applicable:flagger,0\r\n")
        .contains("retro,,reviewed:flagger,1\r\n")
        .contains("retro,,caught_strict:flagger,1\r\n")
        .contains("retro,,missed_strict:far.sh,1\r\n")
        .contains("retro,,reviewer_errors:crash.sh,1\r\n");
    assertThat(page.code()).as(page.err()).isZero();
    assertThat(Files.readString(html))
        .contains("No scanned repositories in this store")
        .contains("<p class=\"empty\">No scanned repositories.</p>")
        .contains("<h2>Review retrospective</h2>")
        .contains("<td>1/1 100% [21–100]</td>");
  }
}
