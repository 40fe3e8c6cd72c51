package dev.loopwatch.retro.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.RangeSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command reviewer against real shell scripts. */
class CommandReviewerTest {
  private static final String DIFF =
      "diff --git a/src/A.java b/src/A.java\n--- a/src/A.java\n+++ b/src/A.java\n@@ -1 +1 @@\n-x\n+y\n";

  @TempDir Path temp;

  private Path script(String name, String body) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private ReviewRequest request() throws IOException {
    Path worktree = Files.createDirectories(temp.resolve("worktree"));
    return ReviewRequest.of(
        worktree,
        "1111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222",
        DIFF,
        Map.of("src/A.java", RangeSet.builder().add(1, 1).build()));
  }

  @Test
  void review_scriptFollowsContract_returnsFindingsAndCost() throws Exception {
    Path script =
        script(
            "flag.sh",
            """
            [ "$(pwd -P)" = "$(cd "$LOOPWATCH_REPO" && pwd -P)" ] || exit 8
            cat > stdin.txt
            cmp -s stdin.txt "$LOOPWATCH_DIFF" || exit 9
            rm stdin.txt
            printf '{"findings": [{"file": "src/A.java", "line": 1, "message": "base %s", "severity": "error"},'\
            ' {"file": "./src/B.java", "start_line": 3, "end_line": 7, "message": "head %s"}], "cost_usd": 0.0123}' \
            "$(echo $LOOPWATCH_BASE | cut -c1-4)" "$(echo $LOOPWATCH_HEAD | cut -c1-4)"
            """);
    CommandReviewer reviewer = CommandReviewer.of(script.toString());

    ReviewOutcome outcome = reviewer.review(request());

    assertThat(reviewer.name()).isEqualTo("flag.sh");
    assertThat(outcome).isInstanceOf(ReviewOutcome.Reviewed.class);
    ReviewOutcome.Reviewed reviewed = (ReviewOutcome.Reviewed) outcome;
    assertThat(reviewed.findings())
        .containsExactly(
            new Finding("src/A.java", 1, 1, "base 1111", "error"),
            new Finding("src/B.java", 3, 7, "head 2222", ""));
    assertThat(reviewed.costUsd()).contains(new BigDecimal("0.0123"));
  }

  @Test
  void review_noFindingsNoCost_returnsEmptyReview() throws Exception {
    Path script = script("quiet.sh", "echo '{\"findings\": []}'\n");

    ReviewOutcome outcome = CommandReviewer.of(script.toString()).review(request());

    assertThat(outcome)
        .isEqualTo(new ReviewOutcome.Reviewed(List.of(), outcome.wallTime(), Optional.empty()));
  }

  @Test
  void review_scriptCrashes_failsWithExitCodeAndStderr() throws Exception {
    Path script = script("crash.sh", "echo 'boom: no model' >&2\nexit 3\n");

    ReviewOutcome outcome = CommandReviewer.of(script + " --fast").review(request());

    assertThat(outcome).isInstanceOf(ReviewOutcome.Failed.class);
    assertThat(((ReviewOutcome.Failed) outcome).reason())
        .isEqualTo("exited with code 3: boom: no model");
  }

  @Test
  void review_missingCommand_failsWithoutThrowing() throws Exception {
    ReviewOutcome outcome =
        CommandReviewer.of(temp.resolve("absent.sh").toString()).review(request());

    assertThat(outcome).isInstanceOf(ReviewOutcome.Failed.class);
    assertThat(((ReviewOutcome.Failed) outcome).reason()).startsWith("exited with code 127");
  }

  @Test
  void review_scriptHangs_timesOutAndKillsDescendants() throws Exception {
    Path pidFile = temp.resolve("child.pid");
    Path script =
        script(
            "hang.sh",
            "sleep 300 &\necho $! > '" + pidFile + "'\nwait\necho '{\"findings\": []}'\n");
    CommandReviewer reviewer =
        new CommandReviewer("hanger", script.toString(), Duration.ofSeconds(1));

    ReviewOutcome outcome = reviewer.review(request());

    assertThat(outcome).isInstanceOf(ReviewOutcome.Failed.class);
    assertThat(((ReviewOutcome.Failed) outcome).reason())
        .isEqualTo("timed out after 1 s; its process tree was killed");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> child = ProcessHandle.of(pid);
    for (int i = 0; i < 100 && child.map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(50);
    }
    assertThat(child.map(ProcessHandle::isAlive).orElse(false))
        .as("background sleep %d still alive", pid)
        .isFalse();
  }

  @Test
  void review_invalidJson_failsNamingIt() throws Exception {
    Path script = script("bad.sh", "echo '{\"findings\": ['\n");

    ReviewOutcome outcome = CommandReviewer.of(script.toString()).review(request());

    assertThat(((ReviewOutcome.Failed) outcome).reason()).startsWith("stdout is not valid JSON: ");
  }

  @Test
  void review_wrongTypeFromScript_failsNamingField() throws Exception {
    Path script =
        script(
            "types.sh",
            "echo '{\"findings\": [{\"file\": \"a\", \"line\": 2, \"message\": \"m\"},"
                + " {\"file\": \"a\", \"line\": \"3\", \"message\": \"m\"}]}'\n");

    ReviewOutcome outcome = CommandReviewer.of(script.toString()).review(request());

    assertThat(((ReviewOutcome.Failed) outcome).reason())
        .isEqualTo("findings[1].line is not a positive integer");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|printed nothing on stdout (expected a JSON object with findings)",
        "[1]|stdout is not a JSON object",
        "{}|findings is missing",
        "{\"findings\": {}}|findings is not an array",
        "{\"findings\": [3]}|findings[0] is not an object",
        "{\"findings\": [{\"line\": 1, \"message\": \"m\"}]}|findings[0].file is missing or not a string",
        "{\"findings\": [{\"file\": \"a\", \"message\": \"m\"}]}|findings[0].line is missing (give line or start_line)",
        "{\"findings\": [{\"file\": \"a\", \"line\": 0, \"message\": \"m\"}]}|findings[0].line is not a positive integer",
        "{\"findings\": [{\"file\": \"a\", \"start_line\": 1.5, \"message\": \"m\"}]}|findings[0].start_line is not a positive integer",
        "{\"findings\": [{\"file\": \"a\", \"start_line\": 5, \"end_line\": 4, \"message\": \"m\"}]}|findings[0].end_line is not an integer at least start_line",
        "{\"findings\": [{\"file\": \"a\", \"line\": 5, \"message\": 7}]}|findings[0].message is missing or not a string",
        "{\"findings\": [{\"file\": \"a\", \"line\": 5, \"message\": \"m\", \"severity\": 2}]}|findings[0].severity is not a string",
        "{\"findings\": [], \"cost_usd\": \"0.1\"}|cost_usd is not a non-negative number",
        "{\"findings\": [], \"cost_usd\": -1}|cost_usd is not a non-negative number",
        "{\"findings\": [], \"files_read\": \"a\"}|files_read is not an array",
        "{\"findings\": [], \"files_read\": [\"a\", 1]}|files_read[1] is not a string",
        "{\"findings\": [{\"file\": \"a\", \"line\": 5, \"message\": \"m\"}], \"files_read\": []}|files_read is empty but findings were reported",
      })
  void parse_contractBroken_failsNamingField(String stdout, String reason) {
    ReviewOutcome outcome = CommandReviewer.parse(stdout, temp, Duration.ZERO);

    assertThat(outcome).isInstanceOf(ReviewOutcome.Failed.class);
    assertThat(((ReviewOutcome.Failed) outcome).reason()).isEqualTo(reason);
  }

  @Test
  void review_reviewerReadsNoChangedFile_notApplicable() throws Exception {
    Path script =
        script(
            "python-only.sh",
            "echo '{\"findings\": [], \"files_read\": [], \"cost_usd\": 0.01}'\n");

    ReviewOutcome outcome = CommandReviewer.of(script.toString()).review(request());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ReviewOutcome.NotApplicable.class,
            n -> {
              assertThat(n.reason())
                  .isEqualTo("read none of the changed files (files_read is empty)");
              assertThat(n.costUsd()).contains(new java.math.BigDecimal("0.01"));
            });
    assertThat(
            CommandReviewer.parse(
                "{\"findings\": [], \"files_read\": [\"a\"]}", temp, Duration.ZERO))
        .isInstanceOf(ReviewOutcome.Reviewed.class);
  }

  @Test
  void relative_absolutePathInsideWorktree_isMadeRelative() {
    assertThat(CommandReviewer.relative(temp.resolve("src/A.java").toString(), temp))
        .isEqualTo("src/A.java");
    assertThat(CommandReviewer.relative("./src/../src/A.java", temp)).isEqualTo("src/A.java");
    assertThat(CommandReviewer.relative("/elsewhere/A.java", temp)).isEqualTo("/elsewhere/A.java");
  }

  @ParameterizedTest
  @CsvSource({
    "./bin/review.sh --fast, review.sh",
    "claude -p review, claude",
    "'  semgrep  ', semgrep",
  })
  void defaultName_command_isFirstWordFileName(String command, String name) {
    assertThat(CommandReviewer.defaultName(command)).isEqualTo(name);
  }
}
