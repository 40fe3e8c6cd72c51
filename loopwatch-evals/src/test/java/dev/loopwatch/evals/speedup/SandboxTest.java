package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sandboxed runs of real processes. */
class SandboxTest {
  @TempDir Path temp;

  private RunResult run(Limits limits, String script) throws Exception {
    Path work = Files.createDirectories(temp.resolve("work"));
    return new Sandbox(limits, false)
        .run(List.of("sh", "-c", script), work, temp.resolve("logs"), Map.of("GREETING", "hi"));
  }

  @Test
  void run_networkNamespace_onlyLoopback() throws Exception {
    RunResult result =
        run(new Limits(30, 512, 2), "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > net.txt");

    assertThat(result.succeeded()).isTrue();
    assertThat(Files.readString(temp.resolve("work/net.txt"), StandardCharsets.UTF_8))
        .isEqualTo("lo\n");
  }

  @Test
  void run_environment_clearedExceptMarkerAndGiven() throws Exception {
    RunResult result =
        run(new Limits(30, 512, 2), "env | cut -d= -f1 | sort | tr '\\n' ' ' > env.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(temp.resolve("work/env.txt"), StandardCharsets.UTF_8))
        .contains(
            "GREETING ",
            "HOME ",
            "JAVA_HOME ",
            "LC_ALL ",
            "LOOPWATCH_SANDBOX_RUN ",
            "PATH ",
            "TMPDIR ")
        .doesNotContain("MAVEN");
  }

  @Test
  void run_javaOnPath_sameMajorVersionAsHarness() throws Exception {
    Path work = Files.createDirectories(temp.resolve("work"));
    TaskTrees.write(
        work.resolve("Version.java"),
        "class Version { public static void main(String[] a) {"
            + " System.out.print(Runtime.version().feature()); } }\n");

    RunResult result =
        new Sandbox(new Limits(120, 2048, 2), false)
            .run(
                List.of("sh", "-c", "java Version.java > version.txt; echo $JAVA_HOME > home.txt"),
                work,
                temp.resolve("logs"),
                Map.of());

    assertThat(result.exitCode()).as(result.stderrTail()).isZero();
    assertThat(TaskTrees.read(work.resolve("version.txt")))
        .isEqualTo(Integer.toString(Runtime.version().feature()));
    assertThat(TaskTrees.read(work.resolve("home.txt")))
        .isEqualTo(System.getProperty("java.home") + "\n");
  }

  @Test
  void path_harnessJdkBinFirst_thenInheritedOrDefault() {
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();

    assertThat(Sandbox.path("/usr/bin:/bin")).isEqualTo(bin + ":/usr/bin:/bin");
    assertThat(Sandbox.path(null)).isEqualTo(bin + ":/usr/local/bin:/usr/bin:/bin");
  }

  @Test
  void run_pastWallLimit_killedAndTimedOut() throws Exception {
    RunResult result = run(new Limits(1, 512, 2), "sleep 20");

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void run_backgroundChildInGroup_leftoverReportedAndKilled() throws Exception {
    RunResult result = run(new Limits(30, 512, 2), "sleep 31 & echo $! > pid.txt");

    long pid =
        Long.parseLong(
            Files.readString(temp.resolve("work/pid.txt"), StandardCharsets.UTF_8).strip());
    assertThat(result.leftovers()).hasSize(1);
    // The scan may see the forked shell before it execs sleep, so match the pid, not the command.
    assertThat(result.leftovers().getFirst()).startsWith(pid + " ");
    Path stat = Path.of("/proc/" + pid + "/stat");
    String state =
        Files.exists(stat)
            ? Files.readString(stat, StandardCharsets.UTF_8)
                .replaceAll("^.*\\) (\\S).*$", "$1")
                .strip()
            : "gone";
    assertThat(state).isIn("gone", "Z");
  }

  @Test
  void run_memoryAboveLimit_fails() throws Exception {
    RunResult result =
        run(
            new Limits(30, 32, 2),
            "awk 'BEGIN { for (i = 0; i < 3000000; i++) a[i] = i; print \"done\" }' > done.txt");

    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void run_measures_cpuAndPeakRss() throws Exception {
    RunResult result =
        run(new Limits(30, 512, 1), "awk 'BEGIN { for (i = 0; i < 300000; i++) a[i] = i }'");

    assertThat(result.exitCode()).isZero();
    assertThat(result.cpuSeconds()).isPresent();
    assertThat(result.peakRssKb().getAsLong()).isGreaterThan(1000L);
  }
}
