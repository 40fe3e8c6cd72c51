package dev.loopwatch.app.szz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.GitFixture;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code loopwatch szz} against a real repository, checking exit codes and output. */
class SzzCommandTest {
  @TempDir Path temp;
  private Path repo;
  private String intro;
  private String fix;
  private GitFixture fixture;

  @BeforeEach
  void repository() throws Exception {
    repo = temp.resolve("demo");
    fixture = GitFixture.init(repo);
    commit(
        "Calc.java", "class Calc {\n  int add(int a, int b) {\n    return a + b;\n  }\n}\n", "add");
    intro =
        commit(
            "Calc.java",
            "class Calc {\n  int add(int a, int b) {\n    return a - b;\n  }\n}\n",
            "oops");
    fix =
        commit(
            "Calc.java",
            "class Calc {\n  int add(int a, int b) {\n    return a + b;\n  }\n}\n",
            "fix add\n\nFixes: " + intro.substring(0, 8) + " (\"oops\")");
  }

  private String commit(String path, String content, String message) throws Exception {
    return fixture.commit(path, content, message);
  }

  private static CliRun run(String... args) {
    return CliRun.run(args);
  }

  @Test
  void szz_fixJson_pyszzShapeWithInducingCommit() throws Exception {
    CliRun run = run("szz", repo.toString(), "--fix", fix.substring(0, 10), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.at("/0/repo_name").asText()).isEqualTo("demo");
    assertThat(json.at("/0/fix_commit_hash").asText()).isEqualTo(fix.substring(0, 10));
    assertThat(json.at("/0/inducing_commit_hash").size()).isEqualTo(1);
    assertThat(json.at("/0/inducing_commit_hash/0").asText()).isEqualTo(intro);
    assertThat(json.at("/0/szz/status").asText()).isEqualTo("found");
    assertThat(json.at("/0/szz/pick").asText()).isEqualTo(intro);
    assertThat(json.at("/0/szz/candidates/0/confidence").asDouble()).isEqualTo(1.0);
    assertThat(json.at("/0/szz/buggy_lines/0/path").asText()).isEqualTo("Calc.java");
    assertThat(json.at("/0/szz/buggy_lines/0/line").asInt()).isEqualTo(3);
    assertThat(json.at("/0/szz/filters").size()).isEqualTo(6);
  }

  @Test
  void szz_fixesFile_keepsInputFieldsAndAppliesIssueDate() throws Exception {
    Path file = temp.resolve("fixes.json");
    Files.writeString(
        file,
        "[{\"repo_name\": \"acme/demo\", \"fix_commit_hash\": \""
            + fix
            + "\", \"earliest_issue_date\": \"2025-03-01T10:00:30Z\", \"extra\": 7}]");

    CliRun dated =
        run(
            "szz",
            repo.toString(),
            "--fixes-file",
            file.toString(),
            "--since-issue-date",
            "--json");
    CliRun undated = run("szz", repo.toString(), "--fixes-file", file.toString(), "--json");

    assertThat(dated.code()).as(dated.err()).isZero();
    JsonNode json = Json.mapper().readTree(dated.out());
    assertThat(json.at("/0/repo_name").asText()).isEqualTo("acme/demo");
    assertThat(json.at("/0/extra").asInt()).isEqualTo(7);
    assertThat(json.at("/0/inducing_commit_hash").size()).isZero();
    assertThat(json.at("/0/szz/status").asText()).isEqualTo("filtered-out");
    assertThat(Json.mapper().readTree(undated.out()).at("/0/inducing_commit_hash/0").asText())
        .isEqualTo(intro);
  }

  @Test
  void szz_table_showsFixStatusAndPick() {
    CliRun run = run("szz", repo.toString(), "--fix", fix);

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            fix.substring(0, 12)
                + "  found         "
                + intro.substring(0, 12)
                + "  "
                + intro.substring(0, 12)
                + " 100%")
        .contains("comments-and-blank");
  }

  @Test
  void szz_mine_listsFixesLink() throws Exception {
    CliRun run = run("szz", repo.toString(), "--mine", "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.size()).isEqualTo(1);
    assertThat(json.at("/0/fix").asText()).isEqualTo(fix);
    assertThat(json.at("/0/cause").asText()).isEqualTo(intro);
    assertThat(json.at("/0/how").asText()).isEqualTo("fixes-trailer");
  }

  @Test
  void szz_unknownFix_exits2WithOneLine() {
    CliRun run = run("szz", repo.toString(), "--fix", "0123456789abcdef");

    assertThat(run.code()).isEqualTo(Main.USAGE);
    assertThat(run.err().lines().toList()).hasSize(1);
    assertThat(run.err()).contains("unknown commit '0123456789abcdef'");
  }

  @Test
  void szz_badFixesFile_exits2NamingFile() throws Exception {
    Path file = temp.resolve("bad.json");
    Files.writeString(file, "[{\"repo_name\": \"x\"}]");
    Path missing = temp.resolve("missing.json");

    CliRun noHash = run("szz", repo.toString(), "--fixes-file", file.toString());
    CliRun absent = run("szz", repo.toString(), "--fixes-file", missing.toString());
    CliRun nothing = run("szz", repo.toString());

    assertThat(noHash.code()).isEqualTo(Main.USAGE);
    assertThat(noHash.err().strip())
        .isEqualTo("loopwatch: " + file + " record 1: fix_commit_hash is missing or not a string");
    assertThat(absent.code()).isEqualTo(Main.USAGE);
    assertThat(absent.err()).contains(missing.toString()).hasLineCount(1);
    assertThat(nothing.code()).isEqualTo(Main.USAGE);
    assertThat(nothing.err()).contains("nothing to analyse");
  }

  @Test
  void szz_fixesFileWithOtherRepositories_skipsThemWithANote() throws Exception {
    fixture.git("remote", "add", "origin", "https://github.com/acme/service.git");
    Path file = temp.resolve("fixes.json");
    Files.writeString(
        file,
        "[{\"repo_name\": \"other/elsewhere\", \"fix_commit_hash\": \"0123456789abcdef\"},"
            + " {\"repo_name\": \"acme/service\", \"fix_commit_hash\": \""
            + fix
            + "\"}, {\"repo_name\": \"x/demo\", \"fix_commit_hash\": \""
            + fix
            + "\"}, {\"repo_name\": \"other/elsewhere\", \"fix_commit_hash\": \"fedcba98\"}]");

    CliRun run = run("szz", repo.toString(), "--fixes-file", file.toString(), "--json");

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.at("/0/repo_name").asText()).isEqualTo("acme/service");
    assertThat(json.at("/1/repo_name").asText()).isEqualTo("x/demo");
    assertThat(json.at("/0/inducing_commit_hash/0").asText()).isEqualTo(intro);
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: skipped 2 of 4 records of "
                + file
                + ": repo_name is another repository (other/elsewhere)\n");
  }

  @Test
  void szz_fixesFileOnlyOtherRepositories_exits2NamingThisRepository() throws Exception {
    Path file = temp.resolve("fixes.json");
    Files.writeString(
        file, "[{\"repo_name\": \"other/elsewhere\", \"fix_commit_hash\": \"" + fix + "\"}]");

    CliRun run = run("szz", repo.toString(), "--fixes-file", file.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no record's repo_name names this repository").contains("demo");
  }

  @Test
  void szz_mergeCommitAsFix_warnsOnceAndRecordsItInJson() throws Exception {
    fixture.git("checkout", "-q", "-b", "topic", intro);
    commit("Other.java", "class Other {}\n", "other");
    fixture.git("checkout", "-q", "main");
    fixture.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic");
    String merge = fixture.git("rev-parse", "HEAD").strip();

    CliRun run = run("szz", repo.toString(), "--fix", merge, "--fix", merge, "--json");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "loopwatch: warning: fix "
                + merge
                + " is a merge commit; it was analysed against its first parent "
                + fix
                + ", so everything its merged branch changed counts as the fix\n");
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.at("/0/szz/fix_is_merge").asBoolean()).isTrue();
    assertThat(json.at("/0/szz/merge_first_parent").asText()).isEqualTo(fix);
    assertThat(json.at("/1/szz/fix_is_merge").asBoolean()).isTrue();

    CliRun plain = run("szz", repo.toString(), "--fix", fix, "--json");
    assertThat(plain.err()).isEmpty();
    assertThat(Json.mapper().readTree(plain.out()).at("/0/szz/fix_is_merge").asBoolean()).isFalse();
  }
}
