package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Path list = Files.writeString(temp.resolve("repos.txt"), "https://example.com/a.git\n");

    Run run =
        run(
            "--repos",
            list.toString(),
            "--out",
            temp.resolve("out").toString(),
            "--partitions",
            "0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--partitions must be at least 1: 0");
  }

  @ParameterizedTest
  @CsvSource({
    "--split-above, 0, --split-above must be at least 1 KiB: 0",
    "--min-range-changes, 0, --min-range-changes must be at least 1: 0"
  })
  void call_cutOptionBelowOne_exit2(String option, String value, String message) throws Exception {
    Path list = Files.writeString(temp.resolve("repos.txt"), "https://example.com/a.git\n");

    Run run =
        run("--repos", list.toString(), "--out", temp.resolve("out").toString(), option, value);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("loopwatch-spark: " + message);
    assertThat(temp.resolve("out")).doesNotExist();
  }
}
