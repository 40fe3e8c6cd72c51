package dev.loopwatch.git.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.provenance.SessionMatcher;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.store.GitSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matches agent writes against a real repository: only lines of the same file, written before the
 * commit and inside the session's window, become "session-matched" evidence.
 */
class SessionMatchScanTest {
  @TempDir Path temp;
  private FixtureRepo repo;
  private Path root;
  private final Map<String, String> shas = new java.util.LinkedHashMap<>();

  @BeforeEach
  void history() throws Exception {
    repo = FixtureRepo.init(temp.resolve("shop ü"));
    root = repo.root().toRealPath();
    repo.at("2026-03-20T08:00:00Z").write("src/old.js", "const before = 'session';\n");
    shas.put("before", repo.commit("a line the agent writes later, committed before"));
    repo.at("2026-03-20T09:30:00Z")
        .write(
            "src/price.js",
            "// added by hand\nfunction formatPrice(cents) {\n  return (cents / 100).toFixed(2);\n}\n"
                + "module.exports = { formatPrice };\n");
    repo.write("src/other.js", "function formatPrice(cents) {\n");
    shas.put("inside", repo.commit("price formatter"));
    repo.at("2026-03-23T09:00:00Z").write("src/late.js", "const tooLate = 'outside window';\n");
    shas.put("late", repo.commit("after the window"));
  }

  private List<AgentWrite> writes() {
    List<AgentWrite> writes = new ArrayList<>();
    writes.add(
        new AgentWrite(
            "claude-code",
            "s-1",
            Optional.of("claude-sonnet-4-5-20250929"),
            Instant.parse("2026-03-20T09:00:10Z"),
            root.resolve("src/price.js"),
            LineFingerprints.ofText(
                "function formatPrice(cents) {\n  return (cents / 100).toFixed(2);\n}\n"
                    + "module.exports = { formatPrice };\n")));
    writes.add(
        new AgentWrite(
            "claude-code",
            "s-1",
            Optional.empty(),
            Instant.parse("2026-03-20T09:05:00Z"),
            root.resolve("src/old.js"),
            LineFingerprints.ofText("const before = 'session';\n")));
    writes.add(
        new AgentWrite(
            "codex",
            "s-2",
            Optional.of("gpt-5-codex"),
            Instant.parse("2026-03-20T09:10:00Z"),
            root.resolve("src/late.js"),
            LineFingerprints.ofText("const tooLate = 'outside window';\n")));
    writes.add(
        new AgentWrite(
            "codex",
            "s-3",
            Optional.empty(),
            Instant.parse("2026-03-20T09:10:00Z"),
            Path.of("/elsewhere/src/price.js"),
            LineFingerprints.ofText("module.exports = { formatPrice };\n")));
    return writes;
  }

  @Test
  void lines_writesAndCommits_matchOnlySameFileInsideWindowAfterWrite() {
    SessionMatcher matcher = new SessionMatcher(writes(), Duration.ofHours(24));
    Git git = Git.open(root);
    Map<String, Instant> commits =
        Map.of(
            shas.get("before"), Instant.parse("2026-03-20T08:00:00Z"),
            shas.get("inside"), Instant.parse("2026-03-20T09:30:00Z"),
            shas.get("late"), Instant.parse("2026-03-23T09:00:00Z"));

    Map<String, List<FileLines>> lines = matcher.lines(git, commits);

    assertThat(lines).containsOnlyKeys(shas.get("inside"));
    List<FileLines> files = lines.get(shas.get("inside"));
    assertThat(files).hasSize(1);
    assertThat(files.get(0).path()).isEqualTo("src/price.js");
    assertThat(files.get(0).lines().toString()).isEqualTo("2-3,5");
    assertThat(files.get(0).evidence().detector()).isEqualTo("session-matched");
    assertThat(files.get(0).evidence().agent()).isEqualTo("claude-code");
    assertThat(files.get(0).evidence().model()).contains("claude-sonnet-4-5-20250929");
    assertThat(files.get(0).evidence().detail()).isEqualTo("session s-1");
    // s-1 wrote 3 + 1 lines, 3 committed; s-2 wrote 1, committed outside its window.
    // Only "inside" lies in a window; it added 5 fingerprinted lines ("}" is trivial).
    assertThat(matcher.stats()).isEqualTo(new SessionMatcher.Stats(2, 5, 3, 5, 3));
  }

  @Test
  void scan_withSessionMatcher_storesMediumLineEvidence() throws Exception {
    SessionMatcher matcher = new SessionMatcher(writes(), Duration.ofHours(24));
    try (Store store = Store.open(temp.resolve("db.duckdb"), List.of(GitSchema.PART))) {
      new RepositoryScanner(store, IdentityTable.builtIn())
          .withLineEvidence(List.of(matcher))
          .scan(root, ScanOptions.defaults(), name -> Progress.silent());

      Connection connection = store.connection();
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT sha, path, ranges, detector, agent FROM git_line_evidence")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(shas.get("inside"));
        assertThat(rows.getString(2)).isEqualTo("src/price.js");
        assertThat(rows.getString(3)).isEqualTo("2-3,5");
        assertThat(rows.getString(4)).isEqualTo("session-matched");
        assertThat(rows.getString(5)).isEqualTo("claude-code");
        assertThat(rows.next()).isFalse();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT sum(ai_medium), sum(added) FROM git_change_files WHERE sha = '"
                      + shas.get("inside")
                      + "'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(3);
        assertThat(rows.getLong(2)).isEqualTo(6);
      }
    }
  }
}
