package dev.loopwatch.retro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.retro.review.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command judge's contract with real scripts. */
class CommandJudgeTest {
  @TempDir Path temp;

  private CommandJudge judge(String body) throws Exception {
    Path file = temp.resolve("judge.sh");
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new CommandJudge(file.toString(), temp, Duration.ofSeconds(30));
  }

  @Test
  void judge_scriptReadsInput_scoresFinding() throws Exception {
    CommandJudge judge =
        judge(
            """
            input=$(cat)
            case "$input" in
              *'"message":"off by one"'*'"incident_summary":"totals wrong"'*)
                echo '{"score": 3, "reason": "names the bug"}' ;;
              *) echo '{"score": 0, "reason": "unrelated"}' ;;
            esac
            """);
    Finding hit = new Finding("src/A.java", 3, 3, "off by one", "error");
    Finding miss = new Finding("src/A.java", 3, 3, "style", "info");

    Judge.Verdict yes = judge.judge(hit, "-a\n+b\n", "totals wrong");
    Judge.Verdict no = judge.judge(miss, "-a\n+b\n", "totals wrong");

    assertThat(yes).isEqualTo(new Judge.Verdict.Scored(3, "names the bug"));
    assertThat(((Judge.Verdict.Scored) yes).caught()).isTrue();
    assertThat(no).isEqualTo(new Judge.Verdict.Scored(0, "unrelated"));
    assertThat(((Judge.Verdict.Scored) no).caught()).isFalse();
  }

  @Test
  void judge_scriptCrashes_isJudgeError() throws Exception {
    Judge judge = judge("exit 4\n");

    assertThat(judge.judge(new Finding("a", 1, 1, "m", ""), "", ""))
        .isEqualTo(new Judge.Verdict.Failed("judge exited with code 4"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"score\": 2}|scored 2",
        "{\"score\": 1, \"reason\": \"near\"}|scored 1",
        "{\"score\": 4}|judge score is missing or not an integer 0 to 3",
        "{\"score\": \"2\"}|judge score is missing or not an integer 0 to 3",
        "{\"reason\": \"x\"}|judge score is missing or not an integer 0 to 3",
        "{\"score\": 2, \"reason\": 5}|judge reason is not a string",
        "nope|judge stdout is not valid JSON",
        "[2]|judge stdout is not a JSON object",
      })
  void parse_answers_scoreOrFailure(String stdout, String expected) {
    Judge.Verdict verdict = CommandJudge.parse(stdout);

    String actual =
        switch (verdict) {
          case Judge.Verdict.Scored scored -> "scored " + scored.score();
          case Judge.Verdict.Failed failed -> failed.reason();
          case Judge.Verdict.StoppedByBudget stopped -> stopped.reason();
        };
    assertThat(actual).isEqualTo(expected);
  }
}
