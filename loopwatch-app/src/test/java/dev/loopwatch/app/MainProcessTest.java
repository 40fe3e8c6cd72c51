package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code loopwatch} as its own process, as users do: the real exit code, the default store
 * under $HOME.
 */
class MainProcessTest {
  @TempDir Path temp;

  /** A finished process. */
  record Outcome(int code, String stdout, String stderr) {}

  private Outcome loopwatch(Path home, String... args) throws IOException, InterruptedException {
    Process process = start(home, Map.of(), args);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Outcome(
        process.exitValue(),
        Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private Process start(Path home, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    // A build started as a background job inherits SIGINT ignored, and an ignored signal stays
    // ignored across exec: restore the default so the child sees Ctrl-C as a user's shell sends it
    // (coreutils env, which execs, so the pid is the JVM's).
    command.add("env");
    command.add("--default-signal=INT");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("LOOPWATCH_DB");
    builder.environment().put("HOME", home.toString());
    builder.redirectOutput(temp.resolve("out.txt").toFile());
    builder.redirectError(temp.resolve("err.txt").toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  @Test
  void scan_withoutDb_usesStoreUnderHome() throws Exception {
    Path repo = temp.resolve("repo");
    Files.createDirectories(repo);
    run(repo, "git", "-c", "init.defaultBranch=main", "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "one\ntwo\n");
    run(repo, "git", "add", "-A");
    run(repo, "git", "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-qm", "a");
    Path home = temp.resolve("home");
    Files.createDirectories(home);

    Outcome outcome = loopwatch(home, "scan", repo.toString());

    assertThat(outcome.code()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout()).contains("added lines counted      2");
    assertThat(home.resolve(".loopwatch/loopwatch.duckdb")).exists();
  }

  @Test
  void scan_missingRepository_exitsTwoWithOneLineOnStderr() throws Exception {
    Outcome outcome = loopwatch(temp, "scan", temp.resolve("nowhere").toString());
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.stderr().lines().toList())
        .containsExactly("loopwatch: " + temp.resolve("nowhere") + ": no such file or folder");
    assertThat(outcome.stdout()).isEmpty();
  }

  @Test
  void scan_killedMidScan_leavesPreviousDataIntact() throws Exception {
    Path repo = temp.resolve("repo");
    Files.createDirectories(repo);
    run(repo, "git", "-c", "init.defaultBranch=main", "init", "-q");
    for (int i = 0; i < 3; i++) {
      Files.writeString(repo.resolve("f" + i + ".txt"), "line\n".repeat(i + 1));
      run(repo, "git", "add", "-A");
      run(
          repo,
          "git",
          "-c",
          "user.name=A",
          "-c",
          "user.email=a@example.com",
          "commit",
          "-qm",
          "c" + i);
    }
    Path db = temp.resolve("store.duckdb");
    assertThat(loopwatch(temp, "scan", repo.toString(), "--db", db.toString()).code()).isZero();
    String before =
        loopwatch(temp, "report", "--db", db.toString(), "--format", "csv", "--out", "-").stdout();
    String rowsBefore = rowCounts(db);
    Files.writeString(repo.resolve("new.txt"), "more\nlines\n");
    run(repo, "git", "add", "-A");
    run(
        repo,
        "git",
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@example.com",
        "commit",
        "-qm",
        "new\n\nCo-authored-by: Claude <noreply@anthropic.com>");

    // A git that stops on the expensive first-parent pass, after the scan has begun writing rows.
    Path bin = temp.resolve("bin");
    Files.createDirectories(bin);
    Path marker = temp.resolve("blocked");
    String realGit =
        new ProcessBuilder("sh", "-c", "command -v git").start().inputReader().readLine();
    Path fakeGit = bin.resolve("git");
    Files.writeString(
        fakeGit,
        "#!/bin/sh\ncase \"$*\" in *--first-parent*) touch '"
            + marker
            + "'; sleep 60;; esac\nexec '"
            + realGit
            + "' \"$@\"\n");
    assertThat(fakeGit.toFile().setExecutable(true)).isTrue();
    Process scan =
        start(
            temp,
            Map.of("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH")),
            "scan",
            repo.toString(),
            "--db",
            db.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(marker) && System.nanoTime() < deadline && scan.isAlive()) {
      Thread.sleep(20);
    }
    assertThat(marker).as("the scan reached the first-parent pass").exists();
    scan.descendants().forEach(ProcessHandle::destroyForcibly);
    scan.destroyForcibly().waitFor();

    String after =
        loopwatch(temp, "report", "--db", db.toString(), "--format", "csv", "--out", "-").stdout();
    assertThat(withoutTimestamp(after)).isEqualTo(withoutTimestamp(before));
    assertThat(rowCounts(db)).isEqualTo(rowsBefore);
    Outcome rescan = loopwatch(temp, "scan", repo.toString(), "--db", db.toString());
    assertThat(rescan.code()).as(rescan.stderr()).isZero();
    assertThat(rescan.stderr()).contains("incremental scan of main");
  }

  @Test
  void scan_interruptedMidScan_printsNothingStoredExits130AndKeepsTheStore() throws Exception {
    Path repo = temp.resolve("repo");
    GitFixture fixture = GitFixture.init(repo);
    for (int i = 0; i < 3; i++) {
      fixture.commit("f" + i + ".txt", "line\n".repeat(i + 1), "c" + i);
    }
    Path db = temp.resolve("store.duckdb");
    assertThat(loopwatch(temp, "scan", repo.toString(), "--db", db.toString()).code()).isZero();
    String rowsBefore = rowCounts(db);
    fixture.commit(
        "new.txt", "more\nlines\n", "new\n\nCo-authored-by: Claude <noreply@anthropic.com>");
    Path marker = temp.resolve("blocked");
    Path bin = gitStoppingAtFirstParentPass(marker);

    Process scan =
        start(
            temp,
            Map.of("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH")),
            "scan",
            repo.toString(),
            "--db",
            db.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(marker) && System.nanoTime() < deadline && scan.isAlive()) {
      Thread.sleep(20);
    }
    assertThat(marker).as("the scan reached the first-parent pass").exists();
    // What Ctrl-C in a terminal sends to the JVM.
    assertThat(
            new ProcessBuilder("kill", "-INT", Long.toString(scan.pid()))
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
    assertThat(scan.waitFor(60, TimeUnit.SECONDS)).as("the scan stopped on SIGINT").isTrue();
    scan.descendants().forEach(ProcessHandle::destroyForcibly);

    assertThat(scan.exitValue()).isEqualTo(130);
    assertThat(Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8))
        .endsWith("loopwatch: interrupted; nothing stored\n");
    assertThat(rowCounts(db)).isEqualTo(rowsBefore);
  }

  @Test
  void ledgerServe_stoppedBySigint_printsNoInterruptNotice() throws Exception {
    Path log = temp.resolve("log");
    assertThat(
            loopwatch(temp, "ledger", "init", log.toString(), "--origin", "example.org/t").code())
        .isZero();
    Process serve = start(temp, Map.of(), "ledger", "serve", log.toString(), "--port", "0");
    Path out = temp.resolve("out.txt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((!Files.exists(out) || Files.size(out) == 0)
        && System.nanoTime() < deadline
        && serve.isAlive()) {
      Thread.sleep(20);
    }
    assertThat(Files.readString(out)).as("the server started").isNotEmpty();
    assertThat(
            new ProcessBuilder("kill", "-INT", Long.toString(serve.pid()))
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(temp.resolve("err.txt"))).doesNotContain("interrupted");
  }

  @Test
  void scan_interruptedInSecondRepository_saysTheFirstWasStored() throws Exception {
    Path first = temp.resolve("repo-a");
    GitFixture.init(first).commit("a.txt", "one\n", "a");
    Path second = temp.resolve("repo-b");
    GitFixture.init(second).commit("b.txt", "two\n", "b");
    Path db = temp.resolve("store.duckdb");
    Path marker = temp.resolve("blocked");
    Path bin = gitStoppingAtFirstParentPass(marker, "repo-b");

    Process scan =
        start(
            temp,
            Map.of("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH")),
            "scan",
            first.toString(),
            second.toString(),
            "--db",
            db.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(marker) && System.nanoTime() < deadline && scan.isAlive()) {
      Thread.sleep(20);
    }
    assertThat(marker).as("the scan reached the second repository").exists();
    assertThat(
            new ProcessBuilder("kill", "-INT", Long.toString(scan.pid()))
                .inheritIO()
                .start()
                .waitFor())
        .isZero();
    assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();
    scan.descendants().forEach(ProcessHandle::destroyForcibly);

    assertThat(scan.exitValue()).isEqualTo(130);
    assertThat(Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8))
        .endsWith(
            "loopwatch: interrupted; the step in progress stored nothing (1 finished step was"
                + " stored)\n");
    assertThat(rowCounts(db)).startsWith("1 ");
  }

  @Test
  void scan_finished_printsNoInterruptNotice() throws Exception {
    Path repo = temp.resolve("repo");
    GitFixture.init(repo).commit("a.txt", "one\n", "a");
    Outcome outcome =
        loopwatch(temp, "scan", repo.toString(), "--db", temp.resolve("s.duckdb").toString());
    assertThat(outcome.code()).as(outcome.stderr()).isZero();
    assertThat(outcome.stderr()).doesNotContain("interrupted");
  }

  /** A folder with a {@code git} that touches {@code marker} and stops on the first-parent pass. */
  private Path gitStoppingAtFirstParentPass(Path marker) throws IOException {
    return gitStoppingAtFirstParentPass(marker, "");
  }

  /**
   * A {@code git} that touches {@code marker} and stops on the first-parent pass of a repository
   * whose path (working folder or arguments) contains {@code only}.
   */
  private Path gitStoppingAtFirstParentPass(Path marker, String only) throws IOException {
    Path bin = temp.resolve("bin");
    Files.createDirectories(bin);
    String realGit =
        new ProcessBuilder("sh", "-c", "command -v git").start().inputReader().readLine();
    Path fakeGit = bin.resolve("git");
    Files.writeString(
        fakeGit,
        "#!/bin/sh\ncase \"$(pwd) $*\" in *"
            + only
            + "*) case \"$*\" in *--first-parent*) touch '"
            + marker
            + "'; sleep 60;; esac;; esac\nexec '"
            + realGit
            + "' \"$@\"\n");
    assertThat(fakeGit.toFile().setExecutable(true)).isTrue();
    return bin;
  }

  @Test
  void report_whileAnotherProcessReadsTheStore_writesReport() throws Exception {
    Path db = scannedStore();
    Process holder = holdStore("read-only", db);
    try {
      Outcome report =
          loopwatch(temp, "report", "--db", db.toString(), "--format", "csv", "--out", "-");
      assertThat(report.code()).as(report.stderr()).isZero();
      assertThat(report.stdout()).contains("added_lines");
    } finally {
      release(holder);
    }
  }

  @Test
  void report_whileAWriterHoldsTheStore_exitsTwoNamingTheHoldingProcess() throws Exception {
    Path db = scannedStore();
    Process holder = holdStore("read-write", db);
    try {
      Outcome report =
          loopwatch(temp, "report", "--db", db.toString(), "--format", "csv", "--out", "-");
      assertThat(report.code()).isEqualTo(2);
      assertThat(report.stderr().lines().toList())
          .containsExactly(
              "loopwatch: the store "
                  + db
                  + " is in use by process "
                  + holder.pid()
                  + " (java "
                  + StoreHolder.class.getName()
                  + " read-write "
                  + db
                  + "); wait for it or use another --db");
    } finally {
      release(holder);
    }
  }

  /** A store holding one scanned one-commit repository. */
  private Path scannedStore() throws Exception {
    Path repo = temp.resolve("repo");
    Files.createDirectories(repo);
    run(repo, "git", "-c", "init.defaultBranch=main", "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "one\ntwo\n");
    run(repo, "git", "add", "-A");
    run(repo, "git", "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-qm", "a");
    Path db = temp.resolve("store.duckdb");
    Outcome scan = loopwatch(temp, "scan", repo.toString(), "--db", db.toString());
    assertThat(scan.code()).as(scan.stderr()).isZero();
    return db;
  }

  /** Starts a second JVM holding {@code db} open in {@code mode} until {@link #release}. */
  private static Process holdStore(String mode, Path db) throws IOException {
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                StoreHolder.class.getName(),
                mode,
                db.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String line = holder.inputReader().readLine();
    assertThat(line).as("the holder opened the store").startsWith("open ");
    return holder;
  }

  private static void release(Process holder) throws Exception {
    holder.getOutputStream().close();
    if (!holder.waitFor(30, TimeUnit.SECONDS)) {
      holder.destroyForcibly().waitFor();
    }
  }

  private static String rowCounts(Path db) throws java.sql.SQLException {
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:duckdb:" + db);
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery(
                "SELECT (SELECT count(*) FROM git_changes), (SELECT count(*) FROM git_change_files),"
                    + " (SELECT count(*) FROM git_commit_evidence), (SELECT count(*) FROM git_warnings),"
                    + " (SELECT string_agg(tip, ',') FROM git_repos)")) {
      rows.next();
      return rows.getLong(1)
          + " "
          + rows.getLong(2)
          + " "
          + rows.getLong(3)
          + " "
          + rows.getLong(4)
          + " "
          + rows.getString(5);
    }
  }

  private static String withoutTimestamp(String csv) {
    return csv.replaceAll("generated_at,[^\r\n]*", "generated_at");
  }

  private static void run(Path dir, String... command) throws Exception {
    assertThat(new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor())
        .isZero();
  }
}
