package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandboxed runs of real processes in real bubblewrap and real cgroups: each test proves one
 * guarantee of the sandbox with a tiny shell program. A machine without a working bwrap or without
 * writable cgroups fails these tests; it never skips them.
 */
class SandboxTest {
  @TempDir Path temp;

  @BeforeAll
  static void sandboxWorks() {
    assertThat(Sandbox.unavailableReason())
        .as("bubblewrap must work on this machine (install the bubblewrap package)")
        .isEmpty();
    assertThat(RunGroup.available())
        .as("the tests run as root with cgroups mounted (v1 or v2), as in CI")
        .isTrue();
  }

  private Path work() throws Exception {
    return Files.createDirectories(temp.resolve("work"));
  }

  private RunResult run(Limits limits, String script) throws Exception {
    return new Sandbox(limits, false)
        .run(List.of("sh", "-c", script), work(), temp.resolve("logs"), Map.of("GREETING", "hi"));
  }

  private RunResult run(String script) throws Exception {
    return run(new Limits(30, 512, 2), script);
  }

  private String read(String name) {
    return TaskTrees.read(temp.resolve("work").resolve(name));
  }

  @Test
  void missing_noBwrapAtPath_saysWhichFileIsMissing() {
    assertThat(Sandbox.missing(temp.resolve("no-such-bwrap")))
        .hasValueSatisfying(reason -> assertThat(reason).endsWith("no-such-bwrap is missing"));
    assertThat(Sandbox.missing(Path.of("/usr/bin/bwrap"))).isEmpty();
  }

  @Test
  void refuseWhenUnavailable_reasonGiven_usageErrorNamingTheUnsafeOption() {
    assertThatThrownBy(
            () -> Sandbox.refuseWhenUnavailable(Optional.of("/usr/bin/bwrap is missing")))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessageContaining("/usr/bin/bwrap is missing")
        .hasMessageContaining("--unsafe-no-sandbox");
  }

  @Test
  void run_networkNamespace_onlyLoopbackAndNoTcp() throws Exception {
    RunResult result =
        run(
            "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > net.txt;"
                + " (exec 3<>/dev/tcp/1.1.1.1/53) 2>/dev/null; echo $? > tcp.txt");

    assertThat(result.succeeded()).as(result.stderrTail()).isTrue();
    assertThat(read("net.txt")).isEqualTo("lo\n");
    assertThat(read("tcp.txt")).isNotEqualTo("0\n");
  }

  @Test
  void run_filesystem_onlyUsrJdkOwnTmpAndMounts() throws Exception {
    Path secret = temp.resolve("secret.txt");
    Files.writeString(secret, "harness secret", StandardCharsets.UTF_8);
    Files.writeString(Path.of("/tmp/loopwatch-sandbox-test-marker"), "host tmp");
    try {
      RunResult result =
          run(
              "ls / | tr '\\n' ' ' > root.txt; ls /etc | tr '\\n' ' ' > etc.txt; ls -A /tmp | wc -l > tmp.txt;"
                  + " cat "
                  + secret
                  + " > secret.txt 2>&1; pwd > pwd.txt; echo x > /usr/x 2>/dev/null; echo $? >"
                  + " usr.txt; touch /newfile 2>/dev/null; echo $? > root-write.txt");

      assertThat(result.exitCode()).as(result.stderrTail()).isZero();
      assertThat(read("root.txt"))
          .matches("bin dev (etc )?home lib lib64 proc sbin tmp usr var work ");
      assertThat(read("etc.txt")).matches("(alternatives|java[^ ]*| )*");
      assertThat(read("tmp.txt")).isEqualTo("0\n");
      assertThat(read("secret.txt")).doesNotContain("harness secret").contains("No such file");
      assertThat(read("pwd.txt")).isEqualTo("/work\n");
      assertThat(read("usr.txt")).isNotEqualTo("0\n");
      assertThat(read("root-write.txt")).isNotEqualTo("0\n");
    } finally {
      Files.deleteIfExists(Path.of("/tmp/loopwatch-sandbox-test-marker"));
    }
  }

  @Test
  void run_privateTmp_nothingCarriesOverToTheNextRun() throws Exception {
    run(
        "echo cached > /tmp/cache; echo cached > /var/tmp/cache; echo cached > /dev/shm/cache;"
            + " echo cached > $HOME/cache");

    RunResult second =
        run(
            "cat /tmp/cache /var/tmp/cache /dev/shm/cache $HOME/cache > found.txt 2>/dev/null;"
                + " true");

    assertThat(second.exitCode()).isZero();
    assertThat(read("found.txt")).isEmpty();
  }

  @Test
  void run_proc_showsOnlyTheSandboxsProcesses() throws Exception {
    RunResult result = run("ls /proc | grep -c '^[0-9]' > count.txt; id -u > uid.txt");

    assertThat(result.exitCode()).isZero();
    // PID 1 (the sandbox's init), sh, ls and grep: never the host's processes.
    assertThat(Integer.parseInt(read("count.txt").strip())).isBetween(2, 5);
    if (Sandbox.root()) {
      assertThat(read("uid.txt")).isEqualTo(Sandbox.uid() + "\n");
    }
  }

  @Test
  void run_environment_clearedExceptGiven() throws Exception {
    RunResult result = run("env | cut -d= -f1 | sort | tr '\\n' ' ' > env.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(read("env.txt"))
        .contains("GREETING ", "HOME ", "JAVA_HOME ", "LC_ALL ", "PATH ", "TMPDIR ")
        .doesNotContain("MAVEN", "LOOPWATCH");
  }

  @Test
  void run_javaOnPath_sameMajorVersionAsHarness() throws Exception {
    TaskTrees.write(
        work().resolve("Version.java"),
        "class Version { public static void main(String[] a) {"
            + " System.out.print(Runtime.version().feature()); } }\n");

    RunResult result =
        run(
            new Limits(120, 2048, 2),
            "java Version.java > version.txt; echo $JAVA_HOME > home.txt");

    assertThat(result.exitCode()).as(result.stderrTail()).isZero();
    assertThat(read("version.txt")).isEqualTo(Integer.toString(Runtime.version().feature()));
    assertThat(read("home.txt")).isEqualTo(System.getProperty("java.home") + "\n");
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
  void run_setsidAndNohupDaemons_reportedAndDeadAfterTheRun() throws Exception {
    RunResult result =
        run(
            "setsid -f sleep 3017 >/dev/null 2>&1 </dev/null;"
                + " nohup sleep 3029 >/dev/null 2>&1 </dev/null & true");

    assertThat(result.leftovers()).hasSize(2);
    assertThat(String.join("\n", result.leftovers())).contains("sleep 3017", "sleep 3029");
    assertThat(result.succeeded()).isFalse();
    assertThat(
            ProcessHandle.allProcesses()
                .map(process -> ProcessScan.cmdline(process.pid()))
                .filter(line -> line.equals("sleep 3017") || line.equals("sleep 3029")))
        .isEmpty();
  }

  @Test
  void run_taskset_cannotWidenTheCgroupCpuset() throws Exception {
    RunResult result =
        run(
            new Limits(30, 512, 1),
            "taskset -a -p -c 0-63 $$ >/dev/null 2>&1; grep Cpus_allowed_list /proc/self/status"
                + " | cut -f2 > cpus.txt");

    assertThat(result.exitCode()).isZero();
    assertThat(read("cpus.txt")).isEqualTo("0\n");
  }

  @Test
  void run_fileAboveFsize_failsWithinLimits() throws Exception {
    RunResult result = run(new Limits(30, 512, 2, 1, 64, 0), "head -c 3000000 /dev/zero > big.bin");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.limitsHit()).singleElement().asString().startsWith("file size limit 1 MiB");
    assertThat(Files.size(temp.resolve("work/big.bin"))).isEqualTo(1024 * 1024);
  }

  @Test
  void run_memoryAboveLimit_oomReported() throws Exception {
    RunResult result =
        run(
            new Limits(30, 32, 2),
            "awk 'BEGIN { for (i = 0; i < 3000000; i++) a[i] = i; print \"done\" }' > done.txt");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.limitsHit()).anySatisfy(hit -> assertThat(hit).contains("OOM"));
  }

  @Test
  void run_forkBomb_stoppedByPidLimit() throws Exception {
    RunResult result =
        run(new Limits(30, 512, 2, 16, 20, 0), "for i in $(seq 40); do sleep 5 & done; wait");

    assertThat(result.limitsHit()).anySatisfy(hit -> assertThat(hit).startsWith("pid limit 20"));
  }

  @Test
  void run_busyLoopInAGrandchild_cpuTimeFromTheCgroupBoundedByWall() throws Exception {
    // The loop runs in a grandchild the shell does not wait for directly: cpuacct sees it anyway.
    RunResult result =
        run(
            new Limits(30, 512, 1),
            "(awk 'BEGIN { for (i = 0; i < 3000000; i++) x += i }' &); sleep 0.1;"
                + " while pgrep awk > /dev/null; do sleep 0.05; done");

    assertThat(result.exitCode()).as(result.stderrTail()).isZero();
    assertThat(result.cpuSeconds()).isPresent();
    // CPU time does not grow with the machine's load (wall time does): 3 million awk iterations
    // take well over 0.05 s of CPU, and one CPU (the cgroup's cpuset) cannot give more than wall.
    assertThat(result.cpuSeconds().getAsDouble()).isGreaterThan(0.05);
    assertThat(result.cpuSeconds().getAsDouble()).isLessThan(result.wallSeconds() + 0.05);
    assertThat(result.peakRssKb().getAsLong()).isGreaterThan(100L);
  }

  @Test
  void run_hostUnixSocket_unreachable() throws Exception {
    Path socket = temp.resolve("harness.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      RunResult result = run("ls " + socket + " > found.txt 2>&1; true");

      assertThat(result.exitCode()).isZero();
      assertThat(read("found.txt")).contains("No such file");
    }
  }

  @Test
  void run_dataReadOnlyAndOutputWritable_atFixedPaths() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("in.txt"), "42\n");
    Path out = Files.createDirectories(temp.resolve("out"));
    Sandbox sandbox = new Sandbox(new Limits(30, 512, 2), false);

    RunResult result =
        sandbox.run(
            List.of("sh", "-c", "cat /data/in.txt > /out/o.txt; echo no > /data/in.txt"),
            new Sandbox.Mounts(work(), Optional.of(data), Optional.of(out)),
            temp.resolve("logs"),
            Map.of());

    assertThat(result.exitCode()).isNotZero();
    assertThat(TaskTrees.read(out.resolve("o.txt"))).isEqualTo("42\n");
    assertThat(TaskTrees.read(data.resolve("in.txt"))).isEqualTo("42\n");
  }

  @Test
  void run_readOnlyBindWithASocket_socketReachableFolderNotWritable() throws Exception {
    Path endpoints = Files.createDirectories(temp.resolve("endpoints"));
    Path socket = endpoints.resolve("s.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
      Thread answer =
          Thread.ofVirtual()
              .start(() -> {
                try (SocketChannel client = server.accept()) {
                  client.read(ByteBuffer.allocate(4096));
                  client.write(
                      ByteBuffer.wrap(
                          "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                              .getBytes(StandardCharsets.US_ASCII)));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      Sandbox sandbox = new Sandbox(new Limits(30, 512, 2), false);

      RunResult result =
          sandbox.run(
              List.of(
                  "sh",
                  "-c",
                  "curl -s --max-time 10 --unix-socket /run/lw/s.sock http://x/ > got.txt;"
                      + " touch /run/lw/new 2> touch.txt; true"),
              new Sandbox.Mounts(
                  work(),
                  Optional.empty(),
                  Optional.empty(),
                  List.of(new Sandbox.Bind(endpoints, Path.of("/run/lw"), false))),
              temp.resolve("logs"),
              Map.of());
      answer.join();

      assertThat(result.exitCode()).isZero();
      assertThat(read("got.txt")).isEqualTo("hello");
      assertThat(read("touch.txt")).contains("Read-only file system");
      assertThat(endpoints.resolve("new")).doesNotExist();
    }
  }

  @Test
  void start_busyLoop_cpuFromTheCgroupWhileRunningAndStopKillsTheTree() throws Exception {
    Sandbox sandbox = new Sandbox(new Limits(60, 512, 2), false);
    try (Sandbox.Running running =
        sandbox.start(
            List.of("sh", "-c", "(while :; do :; done) & (sleep 300) & wait"),
            Sandbox.Mounts.work(work()),
            temp.resolve("logs"),
            Map.of())) {
      while (running.cpuSeconds().orElse(0) < 0.2) {
        assertThat(running.alive()).isTrue();
        Thread.sleep(50);
      }

      RunResult result = running.stop();

      assertThat(result.timedOut()).isTrue();
      assertThat(result.exitCode()).isEqualTo(137);
      assertThat(result.cpuSeconds().getAsDouble()).isGreaterThanOrEqualTo(0.2);
      assertThat(running.alive()).isFalse();
      assertThat(running.stop()).isSameAs(result);
    }
  }

  @Test
  void start_fromAVirtualThreadWhoseCarrierRetires_runOutlivesIt() throws Exception {
    // bwrap --die-with-parent sets the kernel's parent-death signal, which follows the forking
    // thread: a run started from a virtual thread was SIGKILLed when the scheduler retired the
    // carrier after 30 s idle (a research agent "crashed" with 137 at 30.2 s). The run here
    // outlives the scheduler's keep-alive, so this test takes about 35 s.
    Sandbox sandbox = new Sandbox(new Limits(120, 512, 2), false);
    Path work = work();
    java.util.concurrent.atomic.AtomicReference<Sandbox.Running> started =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread starter =
        Thread.ofVirtual()
            .start(() ->
                started.set(
                    sandbox.start(
                        List.of("sh", "-c", "sleep 35; echo survived > out.txt"),
                        Sandbox.Mounts.work(work),
                        temp.resolve("logs"),
                        Map.of())));
    starter.join();

    try (Sandbox.Running running = started.get()) {
      RunResult result = running.await();

      assertThat(result.exitCode()).as(result.stderrTail()).isZero();
      assertThat(read("out.txt")).isEqualTo("survived\n");
    }
  }

  @Test
  void unsafeNoSandbox_reportsItFirstAndRunsOnTheHost() throws Exception {
    Sandbox unsafe = new Sandbox(new Limits(30, 512, 2), true);

    RunResult result =
        unsafe.run(List.of("sh", "-c", "pwd > pwd.txt"), work(), temp.resolve("logs"), Map.of());

    assertThat(unsafe.sandboxed()).isFalse();
    assertThat(unsafe.gaps().getFirst()).startsWith("SANDBOX OFF (--unsafe-no-sandbox)");
    assertThat(result.exitCode()).isZero();
    assertThat(read("pwd.txt")).isEqualTo(temp.resolve("work") + "\n");
  }

  @Test
  void cpus_firstOfParentList() {
    assertThat(RunGroup.cpus("0-3,6", 2)).isEqualTo("0,1");
    assertThat(RunGroup.cpus("2,5-6\n", 8)).isEqualTo("2,5,6");
  }
}
