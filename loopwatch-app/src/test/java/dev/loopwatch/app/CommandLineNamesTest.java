package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.cli.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The option names of the command-line table (COMMON.md): {@code --json}, {@code --csv}, {@code
 * --html FILE}, {@code --db} and {@code --repo} behave the same on every command, and the old
 * spellings still work.
 */
class CommandLineNamesTest {
  @TempDir Path temp;
  private Path repo;
  private Path db;

  @BeforeEach
  void scanned() throws Exception {
    repo = temp.resolve("repo");
    GitFixture fixture = GitFixture.init(repo);
    fixture.commit("a.txt", "one\ntwo\n", "a");
    fixture.commit("b.txt", "three\n", "b\n\nCo-authored-by: Claude <noreply@anthropic.com>");
    db = temp.resolve("s.duckdb");
    CliRun scan = CliRun.run("scan", repo.toString(), "--db", db.toString());
    assertThat(scan.code()).as(scan.err()).isZero();
  }

  @Test
  void report_json_printsWhatFormatJsonOutDashPrints() throws Exception {
    CliRun json = CliRun.run("report", "--db", db.toString(), "--json");
    CliRun old = CliRun.run("report", "--db", db.toString(), "--format", "json", "--out", "-");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(Json.mapper().readTree(json.out()).isObject()).isTrue();
    assertThat(json.out()).contains("addedLines");
    assertThat(withoutTime(json.out())).isEqualTo(withoutTime(old.out()));
  }

  @Test
  void report_csv_printsCsvOnStdout() {
    CliRun csv = CliRun.run("report", "--db", db.toString(), "--csv");
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out()).startsWith("section,period,key,value").contains("added_lines");
  }

  @Test
  void report_html_writesThePage() {
    Path page = temp.resolve("r.html");
    CliRun html = CliRun.run("report", "--db", db.toString(), "--html", page.toString());
    assertThat(html.code()).as(html.err()).isZero();
    assertThat(page).content().startsWith("<!DOCTYPE html>");
  }

  @Test
  void report_jsonWithFormat_exitsTwo() {
    CliRun run = CliRun.run("report", "--db", db.toString(), "--json", "--format", "csv");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("give one of --json, --csv or --html FILE, or --format with --out, not several");
  }

  @Test
  void scan_html_writesTheReport() {
    Path page = temp.resolve("scan.html");
    CliRun run =
        CliRun.run("scan", repo.toString(), "--db", db.toString(), "--html", page.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(page).content().startsWith("<!DOCTYPE html>");
  }

  @Test
  void scan_oldReportAndOut_stillWriteTheReport() {
    Path page = temp.resolve("old.html");
    CliRun run =
        CliRun.run(
            "scan", repo.toString(), "--db", db.toString(), "--report", "--out", page.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(page).exists();
    assertThat(CliRun.run("scan", "--help").out())
        .doesNotContainPattern("--(report|out|repo)\\b(?!-)");
  }

  @Test
  void provenance_repoOption_sameAsPositional() {
    CliRun positional = CliRun.run("provenance", repo.toString(), "--json");
    CliRun option = CliRun.run("provenance", "--repo", repo.toString(), "--json");
    assertThat(option.code()).as(option.err()).isZero();
    assertThat(withoutTime(option.out())).isEqualTo(withoutTime(positional.out()));
  }

  @Test
  void provenance_noRepository_exitsTwo() {
    CliRun run = CliRun.run("provenance");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("loopwatch: give the repository: loopwatch provenance REPO\n");
  }

  @Test
  void szz_repoOptionAndOldParallel_work() {
    CliRun run = CliRun.run("szz", "--repo", repo.toString(), "--mine", "--parallel", "2");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(CliRun.run("szz").err()).contains("give the repository: loopwatch szz REPO");
  }

  @Test
  void speedupHistory_db_readsTheStore() {
    CliRun run = CliRun.run("speedup", "history", "--db", db.toString(), "--json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("[ ]");
    CliRun missing =
        CliRun.run("speedup", "history", "--db", temp.resolve("none.duckdb").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no store at");
  }

  @Test
  void help_oldSpellings_areHidden() {
    assertThat(CliRun.run("retro", "--help").out())
        .contains("--db", "--html")
        .doesNotContain("--store", "--report");
    assertThat(CliRun.run("szz", "--help").out())
        .contains("--parallelism")
        .doesNotContain("--parallel ");
    assertThat(CliRun.run("ledger", "audit", "--help").out())
        .contains("--parallelism")
        .doesNotContain("--threads");
    assertThat(CliRun.run("horizon", "--help").out())
        .contains("--since", "--until", "--html")
        .doesNotContain("--after", "--before", "--report");
    assertThat(CliRun.run("speedup", "grade", "--help").out())
        .contains("--db")
        .doesNotContain("--store");
  }

  private static String withoutTime(String json) {
    return json.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "TIME");
  }
}
