package dev.loopwatch.app.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.git.store.GitSchema;
import dev.loopwatch.retro.store.RetroStore;
import dev.loopwatch.sessions.store.SessionsSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real commands against real repositories and stores, checking exit codes and output. */
class CommandTest {
  @TempDir Path temp;
  private Path repo;
  private Path db;

  @BeforeEach
  void repository() throws Exception {
    repo = temp.resolve("my repo");
    Files.createDirectories(repo);
    git("-c", "init.defaultBranch=main", "init", "-q");
    commit("Alice", "alice@example.com", "2024-03-01T10:00:00Z", "src/a.py", 10, "add a");
    commit(
        "Alice",
        "alice@example.com",
        "2025-03-01T10:00:00Z",
        "src/b.py",
        30,
        "add b\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>");
    commit("Bob", "bob@example.com", "2025-03-02T10:00:00Z", "src/c.py", 20, "add c");
    db = temp.resolve("store.duckdb");
  }

  private void commit(
      String name, String email, String date, String path, int lines, String message)
      throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(path).append(' ').append(i).append('\n');
    }
    Files.writeString(file, text);
    git("add", "-A");
    ProcessBuilder builder =
        new ProcessBuilder("git", "commit", "-q", "-m", message).directory(repo.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_NAME",
                name,
                "GIT_AUTHOR_EMAIL",
                email,
                "GIT_COMMITTER_NAME",
                name,
                "GIT_COMMITTER_EMAIL",
                email,
                "GIT_AUTHOR_DATE",
                date,
                "GIT_COMMITTER_DATE",
                date));
    assertThat(builder.inheritIO().start().waitFor()).isZero();
  }

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    assertThat(new ProcessBuilder(command).directory(repo.toFile()).inheritIO().start().waitFor())
        .isZero();
  }

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  void scan_repository_printsShareAndStoresIt() {
    CliRun run = run("scan", repo.toString(), "--db", db.toString(), "--outlier-percentile", "100");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("added lines counted      60")
        .contains("AI share (lower bound)   50.0%");
    assertThat(run.err()).contains("my repo: full scan of main");
    CliRun again = run("scan", repo.toString(), "--db", db.toString());
    assertThat(again.err()).contains("unchanged scan");
  }

  @Test
  void scan_json_isParseableWithExactTotals() throws IOException {
    CliRun run =
        run(
            "scan",
            repo.toString(),
            "--db",
            db.toString(),
            "--json",
            "--outlier-percentile",
            "100");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/scans/0/changesMined").asInt()).isEqualTo(3);
    assertThat(json.at("/report/totals/addedLines").asLong()).isEqualTo(60);
    assertThat(json.at("/report/totals/aiMedium").asLong()).isEqualTo(30);
  }

  @Test
  void scan_withReportAndBlame_writesSelfContainedHtml() throws IOException {
    Path html = temp.resolve("out/report.html");
    Files.createDirectories(html.getParent());
    CliRun run =
        run(
            "scan",
            repo.toString(),
            "--db",
            db.toString(),
            "--blame",
            "--report",
            "--out",
            html.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("live code at HEAD        60 lines, AI 50.0%");
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertThat(page).contains("<html").contains("echarts").doesNotContain("src=\"http");
  }

  @Test
  void provenance_range_needsNoStore() {
    CliRun run =
        run(
            "provenance",
            repo.toString(),
            "--range",
            "HEAD~2..HEAD~1",
            "--outlier-percentile",
            "100");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("added lines counted      30")
        .contains("AI share (lower bound)   100.0%");
    assertThat(Files.exists(db)).isFalse();
  }

  @Test
  void provenanceAndScan_subfolder_countOnlyItsLines() throws Exception {
    commit("Carol", "carol@example.com", "2025-03-03T10:00:00Z", "docs/guide.md", 25, "guide");
    Path src = repo.resolve("src");

    CliRun provenance = run("provenance", src.toString(), "--json", "--outlier-percentile", "100");
    CliRun scan = run("scan", src.toString(), "--db", db.toString(), "--outlier-percentile", "100");

    assertThat(provenance.code()).as(provenance.err()).isZero();
    JsonNode json = Json.mapper().readTree(provenance.out());
    assertThat(json.at("/totals/addedLines").asLong()).isEqualTo(60);
    assertThat(json.at("/totals/changes").asLong()).isEqualTo(3);
    assertThat(json.at("/repos/0/name").asText()).isEqualTo("my repo:src");
    assertThat(scan.code()).as(scan.err()).isZero();
    assertThat(scan.err()).contains("my repo:src: full scan of main");
    assertThat(scan.out()).contains("added lines counted      60");
  }

  @Test
  void report_jsonAndCsvToStdout_afterScan() throws IOException {
    assertThat(run("scan", repo.toString(), "--db", db.toString()).code()).isZero();
    CliRun json =
        run(
            "report",
            "--db",
            db.toString(),
            "--format",
            "json",
            "--out",
            "-",
            "--baseline",
            "2024");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode node = Json.mapper().readTree(json.out());
    assertThat(node.at("/throughput/comparison/baseline").asText()).isEqualTo("2024");
    CliRun csv = run("report", "--db", db.toString(), "--format", "csv", "--out", "-");
    assertThat(csv.code()).as(csv.err()).isZero();
    assertThat(csv.out()).startsWith("section,period,key,value");
  }

  @Test
  void scan_corruptNote_warnsWithCountAndStillScans() throws Exception {
    git("notes", "--ref=ai", "add", "-m", "not a git-ai note", "HEAD");
    CliRun run = run("scan", repo.toString(), "--db", db.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err())
        .containsPattern("warning: my repo: 1 bad-git-ai-note, first [0-9a-f]{40}: ");
    assertThat(run.out()).contains("note: my repo: 1 bad-git-ai-note warning(s)");
  }

  @Test
  void scan_notARepository_exitsTwoWithOneLine() throws IOException {
    Path plain = temp.resolve("plain");
    Files.createDirectories(plain);
    CliRun run = run("scan", plain.toString(), "--db", db.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("loopwatch: " + plain.toAbsolutePath() + ": not a git repository");
  }

  @Test
  void report_emptyStore_exitsTwoAndSaysWhatToDo() {
    Store.open(db, List.of(GitSchema.PART, SessionsSchema.PART, RetroStore.PART, SpeedupStore.PART))
        .close();
    CliRun run = run("report", "--db", db.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("has no scanned repositories; run 'loopwatch scan REPO' first");
  }

  @Test
  void report_missingStore_exitsTwoAndCreatesNothing() {
    Path typo = temp.resolve("typo/stroe.duckdb");
    CliRun run = run("report", "--db", typo.toString(), "--format", "json", "--out", "-");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "loopwatch: no store at "
                + typo.toAbsolutePath()
                + "; scan into it first (loopwatch scan REPO --db "
                + typo.toAbsolutePath()
                + ") or check --db / $LOOPWATCH_DB");
    assertThat(typo).doesNotExist();
    assertThat(typo.getParent()).doesNotExist();
  }

  @Test
  void report_readOnlyStoreFile_writesReport() throws IOException {
    assertThat(run("scan", repo.toString(), "--db", db.toString()).code()).isZero();
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    CliRun run =
        run(
            "report",
            "--db",
            db.toString(),
            "--format",
            "json",
            "--out",
            "-",
            "--outlier-percentile",
            "100");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Json.mapper().readTree(run.out()).at("/totals/addedLines").asLong()).isEqualTo(60);
    assertThat(Files.getPosixFilePermissions(db))
        .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
  }

  @Test
  void unknownOption_exitsTwo() {
    CliRun run = run("scan", "--no-such-option", repo.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void badPeriod_exitsTwoNamingIt() {
    CliRun run = run("scan", repo.toString(), "--db", db.toString(), "--baseline", "last year");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("'last year' is not a period");
  }

  @Test
  void help_listsExitCodes() {
    CliRun run = run("--help");
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("Exit codes:").contains("2   usage or input error");
  }

  @Test
  void badConfig_exitsTwoNamingFileAndKey() throws IOException {
    Files.writeString(repo.resolve("loopwatch.toml"), "[git]\nbrnach = \"x\"\n");
    CliRun run = run("scan", repo.toString(), "--db", db.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("loopwatch.toml: unknown key 'git.brnach'");
  }
}
