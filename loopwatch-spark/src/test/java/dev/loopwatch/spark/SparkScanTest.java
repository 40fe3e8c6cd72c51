package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
