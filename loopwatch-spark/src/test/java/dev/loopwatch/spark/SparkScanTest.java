package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The job's command line refuses bad input in one line, exit 2, before Spark starts. */
class SparkScanTest {
  @TempDir Path temp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine commandLine = SparkScan.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    commandLine.setOut(new PrintWriter(new StringWriter()));
    return new Run(commandLine.execute(args), err.toString());
  }

  /** Runs the job on a list of one URL, with {@code extra} options, writing to temp/out. */
  private Run runOnList(String... extra) throws Exception {
    Path list = Files.writeString(temp.resolve("repos.txt"), "https://example.com/a.git\n");
    List<String> args =
        new ArrayList<>(
            List.of("--repos", list.toString(), "--out", temp.resolve("out").toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void call_missingList_exit2NamingIt() {
    Path missing = temp.resolve("repos.txt");

    Run run = run("--repos", missing.toString(), "--out", temp.resolve("out").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "loopwatch-spark: " + missing + ": no such repository list or folder of mirrors");
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void call_zeroPartitions_exit2() throws Exception {
    Run run = runOnList("--partitions", "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--partitions must be at least 1: 0");
  }

  @ParameterizedTest
  @CsvSource({
    "--split-above, 0, --split-above must be at least 1 KiB: 0",
    "--min-range-changes, 0, --min-range-changes must be at least 1: 0"
  })
  void call_cutOptionBelowOne_exit2(String option, String value, String message) throws Exception {
    Run run = runOnList(option, value);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("loopwatch-spark: " + message);
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void call_badConfigFile_exit2NamingItBeforeSparkStarts() throws Exception {
    Path config = Files.writeString(temp.resolve("org.toml"), "[git]\nbranch = \n");

    Run run = runOnList("--config", config.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("loopwatch-spark: " + config + ":2:").contains("invalid TOML");
    assertThat(run.err().strip()).doesNotContain("\n");
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void call_unknownGitKeyInConfig_exit2NamingTheKey() throws Exception {
    Path config = Files.writeString(temp.resolve("org.toml"), "[git]\nbranches = \"main\"\n");

    Run run = runOnList("--config", config.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("loopwatch-spark: ").contains("branches");
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void call_missingConfigOrSessions_exit2NamingThem() throws Exception {
    Path missing = temp.resolve("missing");

    Run noConfig = runOnList("--config", missing.toString());
    Run noSessions = runOnList("--sessions", missing.toString());
    Run badWindow = runOnList("--session-window", "-1");

    assertThat(noConfig.code()).isEqualTo(2);
    assertThat(noConfig.err().strip())
        .isEqualTo("loopwatch-spark: --config " + missing + ": no such file");
    assertThat(noSessions.code()).isEqualTo(2);
    assertThat(noSessions.err().strip())
        .isEqualTo("loopwatch-spark: --sessions " + missing + ": no such folder");
    assertThat(badWindow.code()).isEqualTo(2);
    assertThat(badWindow.err()).contains("--session-window must not be negative: -1");
    assertThat(temp.resolve("out")).doesNotExist();
  }
}
