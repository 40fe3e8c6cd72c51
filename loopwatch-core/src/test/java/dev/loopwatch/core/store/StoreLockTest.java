package dev.loopwatch.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
  /** DuckDB 1.5's text for a lock conflict, as its JDBC driver reports it. */
  private static final String DUCKDB =
      "IO Error: Could not set lock on file \"/tmp/s.duckdb\": Conflicting lock is held in"
          + " /usr/lib/jvm/temurin-25-jdk-amd64/bin/java (PID 15610). See also"
          + " https://duckdb.org/docs/stable/connect/concurrency";

  @TempDir Path temp;

  @Test
  void holder_duckdbConflict_isThePid() {
    assertThat(StoreLock.isConflict(DUCKDB)).isTrue();
    assertThat(StoreLock.holder(DUCKDB)).hasValue(15610);
  }

  @Test
  void describe_noPidInMessage_saysAnotherProcess() {
    assertThat(StoreLock.describe(Path.of("/tmp/s.duckdb"), "IO Error: Could not set lock"))
        .isEqualTo(
            "the store /tmp/s.duckdb is in use by another process; wait for it or use another --db");
  }

  @Test
  void describe_thisProcess_namesPidAndCommand() {
    long pid = ProcessHandle.current().pid();
    String message = DUCKDB.replace("15610", Long.toString(pid));
    assertThat(StoreLock.describe(Path.of("/tmp/s.duckdb"), message))
        .startsWith("the store /tmp/s.duckdb is in use by process " + pid + " (")
        .endsWith("); wait for it or use another --db")
        .doesNotContain("IO Error", "duckdb.org");
  }

  @Test
  void commandLine_loopwatchJvm_isLoopwatchAndItsArguments() throws Exception {
    Path cmdline = temp.resolve("cmdline");
    Files.writeString(
        cmdline,
        String.join(
                "\0",
                "/usr/bin/java",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                "/a.jar:/b.jar",
                "dev.loopwatch.app.Main",
                "scan",
                "/src/api")
            + "\0");
    assertThat(StoreLock.commandLine(cmdline)).hasValue("loopwatch scan /src/api");
  }

  @Test
  void shorten_otherJarAndPrograms_keepTheirNames() {
    assertThat(
            StoreLock.shorten(List.of("/opt/java", "-Xmx1g", "-jar", "/x/loopwatch.jar", "report")))
        .isEqualTo("loopwatch report");
    assertThat(StoreLock.shorten(List.of("java", "-jar", "/x/tool.jar", "a")))
        .isEqualTo("java tool.jar a");
    assertThat(StoreLock.shorten(List.of("duckdb", "/tmp/s.duckdb")))
        .isEqualTo("duckdb /tmp/s.duckdb");
    assertThat(StoreLock.shorten(List.of("duckdb", "x".repeat(200)))).hasSize(120).endsWith("...");
  }

  @Test
  void commandLine_unreadable_isEmpty() {
    assertThat(StoreLock.commandLine(temp.resolve("missing"))).isEmpty();
  }
}
