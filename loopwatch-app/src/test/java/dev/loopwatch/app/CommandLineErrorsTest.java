package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes on the command line get one actionable line and exit 2. */
class CommandLineErrorsTest {
  @TempDir Path temp;

  @Test
  void run_mistypedCommand_suggestsTheCommand() {
    CliRun run = CliRun.run("sacn", "repo");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Did you mean 'loopwatch scan'?");
  }

  @Test
  void run_mistypedSubcommand_suggestsTheSubcommand() {
    CliRun run = CliRun.run("ledger", "verfy", "proof.txt");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Did you mean 'loopwatch ledger verify'?");
  }

  @Test
  void run_mistypedOption_suggestsTheOption() {
    CliRun run = CliRun.run("scan", "--parallelsim", "2", temp.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("Unknown option: '--parallelsim'")
        .contains("Did you mean '--parallelism'?");
  }

  @ParameterizedTest
  @CsvSource({
    "scan,https://github.com/acme/api.git",
    "provenance,https://github.com/acme/api",
    "szz,git@github.com:acme/api.git",
  })
  void run_urlAsRepository_saysCloneItFirst(String command, String url) {
    CliRun run = CliRun.run(command, url, "--db", temp.resolve("s.duckdb").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .containsExactly("loopwatch: " + url + " is a URL; clone it first: git clone " + url);
  }

  @Test
  void retro_urlAsRepo_saysCloneItFirst() {
    String url = "https://github.com/acme/api";
    CliRun run = CliRun.run("retro", "incidents.csv", "--repo", url, "--reviewer", "pmd");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .containsExactly("loopwatch: " + url + " is a URL; clone it first: git clone " + url);
  }

  @Test
  void run_urlAsStore_saysGiveALocalFile() {
    CliRun run = CliRun.run("report", "--db", "https://example.com/s.duckdb");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .containsExactly(
            "loopwatch: https://example.com/s.duckdb is a URL; give a local file (download it"
                + " first)");
  }
}
