package dev.loopwatch.retro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.testing.TestRepo;
import dev.loopwatch.retro.IssueKeyIncidents.IssueIncident;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssueKeyIncidentsTest {
  @TempDir Path temp;

  @Test
  void parse_keysSeveritiesTimesAndComments_readInOrder() {
    List<IssueIncident> issues =
        IssueKeyIncidents.parse(
            "issues.txt",
            List.of(
                "# incidents of 2026", "", "#7 sev1 2026-03-01T10:00:00Z", "PROJ-12 sev2", "#9"));

    assertThat(issues)
        .containsExactly(
            new IssueIncident("#7", "sev1", Optional.of(Instant.parse("2026-03-01T10:00:00Z"))),
            new IssueIncident("PROJ-12", "sev2", Optional.empty()),
            new IssueIncident("#9", "unknown", Optional.empty()));
  }

  @Test
  void parse_badLines_errorsNamingFileAndLine() {
    assertThatThrownBy(() -> IssueKeyIncidents.parse("i.txt", List.of("#7", "proj-1")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "i.txt:2: \"proj-1\" is neither a GitHub issue (#123) nor a JIRA key (ABC-123)");
    assertThatThrownBy(() -> IssueKeyIncidents.parse("i.txt", List.of("#7 sev1 yesterday")))
        .hasMessage("i.txt:1: started-at \"yesterday\" is not an RFC 3339 time");
    assertThatThrownBy(() -> IssueKeyIncidents.parse("i.txt", List.of("#7", "#7 sev2")))
        .hasMessage("i.txt:2: #7 is listed twice");
    assertThatThrownBy(() -> IssueKeyIncidents.parse("i.txt", List.of("#7 a b c")))
        .hasMessage("i.txt:1: expected KEY [SEVERITY [STARTED_AT]]");
  }

  @Test
  void find_closingKeywordsAndJiraKeys_groupFixesPerIssueOldestFirst() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("repo"));
    repo.write("a.txt", "1\n");
    String first = repo.commit("Null check in parser\n\nFixes #7");
    repo.write("a.txt", "2\n");
    String second = repo.commit("closes: #7 for the empty case too");
    repo.write("a.txt", "3\n");
    repo.commit("Mention #7 in the changelog (#70)");
    repo.write("b.txt", "1\n");
    String jira = repo.commit("PROJ-12 handle empty input");
    repo.write("b.txt", "2\n");
    repo.commit("PROJ-123 unrelated");
    repo.write("c.txt", "1\n");
    repo.commit("Fixed #77");

    List<Incident> incidents =
        IssueKeyIncidents.find(
            Git.open(repo.root()),
            "HEAD",
            List.of(
                new IssueIncident("#7", "sev1", Optional.empty()),
                new IssueIncident("PROJ-12", "unknown", Optional.empty()),
                new IssueIncident("#8", "sev2", Optional.empty())));

    assertThat(incidents).hasSize(2);
    assertThat(incidents.get(0).id()).isEqualTo("issue-7");
    assertThat(incidents.get(0).fixCommits()).containsExactly(first, second);
    assertThat(incidents.get(0).severity()).isEqualTo("sev1");
    assertThat(incidents.get(0).summary()).isEqualTo("Null check in parser");
    assertThat(incidents.get(0).source()).isEqualTo("issue-key");
    assertThat(incidents.get(0).declaredIntroducing()).isEmpty();
    assertThat(incidents.get(1).id()).isEqualTo("issue-PROJ-12");
    assertThat(incidents.get(1).fixCommits()).containsExactly(jira);
  }
}
