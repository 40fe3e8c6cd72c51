package dev.loopwatch.retro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The incidents JSONL parser and incidents mined from history. */
class IncidentsTest {
  @TempDir Path temp;

  @Test
  void read_validFile_parsesEveryFieldInOrder() throws Exception {
    Path file = temp.resolve("incidents.jsonl");
    Files.writeString(
        file,
        """
        {"incident_id": "INC-1", "fix_commits": ["abc123"], "started_at": "2026-01-02T03:04:05+02:00", "severity": "sev1", "summary": "totals wrong"}

        {"incident_id": "INC-2", "repo": "/src/web", "fix_commits": ["f1", "f2"], "started_at": "2026-02-01T00:00:00Z", "severity": "sev3", "summary": "login loop", "introducing_commits": ["c0ffee"], "pr_url": "https://example.com/pr/7", "pr_base": "main~3", "pr_head": "feature"}
        """);

    List<Incident> incidents = Incidents.read(file);

    assertThat(incidents)
        .containsExactly(
            new Incident(
                "INC-1",
                Optional.empty(),
                List.of("abc123"),
                Instant.parse("2026-01-02T01:04:05Z"),
                "sev1",
                "totals wrong",
                List.of(),
                Optional.empty(),
                Optional.empty(),
                file + ":1"),
            new Incident(
                "INC-2",
                Optional.of("/src/web"),
                List.of("f1", "f2"),
                Instant.parse("2026-02-01T00:00:00Z"),
                "sev3",
                "login loop",
                List.of("c0ffee"),
                Optional.of("https://example.com/pr/7"),
                Optional.of(new Incident.PrRange("main~3", "feature")),
                file + ":3"));
  }

  private static final String OK =
      "\"incident_id\": \"I\", \"fix_commits\": [\"a\"], \"started_at\": \"2026-01-01T00:00:00Z\","
          + " \"severity\": \"s\", \"summary\": \"x\"";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{|f:2: not valid JSON: Unexpected end-of-input: expected close marker for Object (start"
            + " marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`"
            + " disabled); line: 1, column: 1])",
        "[1]|f:2: expected a JSON object",
        "{OK, \"team\": \"x\"}|f:2: team is not a known field",
        "{\"fix_commits\": [\"a\"]}|f:2: incident_id is missing",
        "{OK, \"incident_id\": 5}|f:2: incident_id must be a non-empty string",
        "{OK, \"fix_commits\": []}|f:2: fix_commits must list at least one commit",
        "{OK, \"fix_commits\": \"a\"}|f:2: fix_commits must be a list of commit ids",
        "{OK, \"fix_commits\": [\"a\", 3]}|f:2: fix_commits[1] must be a non-empty string",
        "{OK, \"started_at\": \"2026-01-01\"}|f:2: started_at '2026-01-01' is not an RFC 3339 time"
            + " with an offset",
        "{OK, \"started_at\": \"2026-01-01T00:00:00\"}|f:2: started_at '2026-01-01T00:00:00' is not"
            + " an RFC 3339 time with an offset",
        "{OK, \"severity\": null}|f:2: severity is missing",
        "{OK, \"introducing_commits\": {}}|f:2: introducing_commits must be a list of commit ids",
        "{OK, \"pr_base\": \"b\"}|f:2: pr_head is needed with the other PR commit",
        "{OK, \"pr_head\": \"h\"}|f:2: pr_base is needed with the other PR commit",
        "{OK, \"pr_url\": 1}|f:2: pr_url must be a non-empty string",
        "{OK}|f:2: incident_id 'I' appears twice",
      })
  void parse_badLine_namesFileLineAndField(String line, String message) {
    List<String> lines = List.of("{" + OK + "}", line.replace("OK", OK));

    assertThatThrownBy(() -> Incidents.parse("f", lines))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(message)
        .extracting(e -> ((LoopwatchException) e).kind())
        .isEqualTo(LoopwatchException.Kind.USER_INPUT);
  }

  @Test
  void read_missingFile_isUserInputError() {
    assertThatThrownBy(() -> Incidents.read(temp.resolve("none.jsonl")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(temp.resolve("none.jsonl") + ": cannot read: ");
  }

  @Test
  void fromHistory_fixesTrailerAndRevert_becomeDeclaredIncidents() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("repo"));
    repo.write("a.txt", "one\n");
    String base = repo.commit("add a");
    repo.write("a.txt", "two\n");
    String bad = repo.commit("change a");
    repo.write("b.txt", "b\n");
    String other = repo.commit("add b");
    repo.write("a.txt", "one\n");
    String fix = repo.commit("restore a\n\nFixes: " + bad.substring(0, 8) + "\n");
    repo.git("revert", "--no-edit", other);
    String revert = repo.git("rev-parse", "HEAD").strip();

    List<ScanWarning> warnings = new ArrayList<>();
    List<Incident> incidents = Incidents.fromHistory(Git.open(repo.root()), "HEAD", warnings::add);

    assertThat(warnings).isEmpty();
    assertThat(incidents).hasSize(2);
    assertThat(incidents.get(0).id()).isEqualTo("history-" + revert.substring(0, 12));
    assertThat(incidents.get(0).fixCommits()).containsExactly(revert);
    assertThat(incidents.get(0).declaredIntroducing()).containsExactly(other);
    assertThat(incidents.get(0).source()).isEqualTo("revert");
    assertThat(incidents.get(0).summary()).isEqualTo("Revert \"add b\"");
    assertThat(incidents.get(1).id()).isEqualTo("history-" + fix.substring(0, 12));
    assertThat(incidents.get(1).declaredIntroducing()).containsExactly(bad);
    assertThat(incidents.get(1).severity()).isEqualTo("unknown");
    assertThat(incidents.get(1).source()).isEqualTo("fixes-trailer");
    assertThat(incidents.get(1).summary()).isEqualTo("restore a");
    assertThat(base).isNotEqualTo(bad);
  }

  @Test
  void fromHistory_causeNotAncestorOfFix_droppedWithWarning() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("repo"));
    repo.write("a.txt", "one\n");
    repo.commit("add a");
    repo.git("checkout", "-q", "-b", "side");
    repo.write("a.txt", "side\n");
    String side = repo.commit("side change");
    repo.git("checkout", "-q", "-");
    repo.write("a.txt", "two\n");
    repo.commit("change a");
    repo.write("a.txt", "one\n");
    String fix = repo.commit("restore a\n\nFixes: " + side.substring(0, 10) + "\n");
    List<ScanWarning> warnings = new ArrayList<>();

    List<Incident> incidents = Incidents.fromHistory(Git.open(repo.root()), "HEAD", warnings::add);

    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).fixCommits()).containsExactly(fix);
    assertThat(incidents.get(0).declaredIntroducing()).isEmpty();
    assertThat(warnings)
        .containsExactly(
            new ScanWarning(
                "not-ancestor-fix-link",
                fix,
                "commit "
                    + fix.substring(0, 12)
                    + " names "
                    + side.substring(0, 12)
                    + " as its cause, which is not an ancestor of it; the link is ignored"));
  }
}
