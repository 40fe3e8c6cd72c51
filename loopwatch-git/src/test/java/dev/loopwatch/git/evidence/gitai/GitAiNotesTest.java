package dev.loopwatch.git.evidence.gitai;

import static dev.loopwatch.git.evidence.gitai.GitAiNoteTest.lines;
import static dev.loopwatch.git.evidence.gitai.GitAiNoteTest.ranges;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.testing.TestRepo;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitAiNotesTest {
  @TempDir Path folder;

  @Test
  void read_repositoryWithNotes_returnsGoodNotesAndWarnsOnCorruptOne() throws Exception {
    TestRepo repo = TestRepo.init(folder);
    repo.write("src/a.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
    String first = repo.commit("add a");
    repo.write("src/b c.txt", "x\ny\nz\n");
    String second = repo.commit("add b c");
    String corrupt = repo.emptyCommit("corrupt note");
    String humanOnly = repo.emptyCommit("human only");
    String notAsked = repo.emptyCommit("not asked for");
    String noNote = repo.emptyCommit("no note");
    repo.git(
        "notes",
        "--ref=ai",
        "add",
        "-m",
        """
        src/a.txt
          s_00000000000aaa::t_00000000000001 1-4,8
          h_0000000000000b 5-7
        ---
        {
          "schema_version": "authorship/3.0.0",
          "git_ai_version": "1.4.5",
          "base_commit_sha": "%s",
          "prompts": {},
          "humans": {"h_0000000000000b": {"author": "Test User <test@example.com>"}},
          "sessions": {"s_00000000000aaa": {"agent_id": {"tool": "claude", "id": "c1", "model": "claude-opus-4-5"}}}
        }
        """
            .formatted(first),
        first);
    repo.git(
        "notes",
        "--ref=ai",
        "add",
        "-m",
        "\"src/b c.txt\"\n  0123456789abcdef 2-3\n---\n"
            + "{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"x\",\"prompts\":{\"0123456789abcdef\":"
            + "{\"agent_id\":{\"tool\":\"cursor\",\"id\":\"p\",\"model\":\"gpt-4o\"},\"total_additions\":2,"
            + "\"total_deletions\":0,\"accepted_lines\":2,\"overriden_lines\":0}}}",
        second);
    repo.git("notes", "--ref=ai", "add", "-m", "src/a.txt\n  s_bad 1\n---\n{}", corrupt);
    repo.git(
        "notes",
        "--ref=ai",
        "add",
        "-m",
        "src/a.txt\n  h_0000000000000b 1-3\n---\n"
            + "{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"x\",\"prompts\":{}}",
        humanOnly);
    repo.git(
        "notes",
        "--ref=ai",
        "add",
        "-m",
        "src/a.txt\n  0123456789abcdef 1\n---\n"
            + "{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"x\",\"prompts\":{}}",
        notAsked);
    repo.git("notes", "add", "-m", "a plain note in refs/notes/commits", noNote);

    GitAiNotes.Result result =
        GitAiNotes.read(Git.open(repo.root()), Set.of(first, second, corrupt, humanOnly, noNote));

    assertThat(result.lines())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                first,
                List.of(
                    lines(
                        "src/a.txt",
                        ranges(1, 4, 8, 8),
                        "claude-code",
                        "claude-opus-4-5",
                        "s_00000000000aaa::t_00000000000001")),
                second,
                List.of(lines("src/b c.txt", ranges(2, 3), "cursor", "gpt-4o", "0123456789abcdef")),
                humanOnly,
                List.of()));
    assertThat(List.copyOf(result.lines().keySet())).isSorted();
    assertThat(result.warnings())
        .containsExactly(
            new ScanWarning(
                "bad-git-ai-note",
                corrupt,
                "git-ai note: line 2: unknown attestation key 's_bad' (expected s_<14 hex>::t_<14 hex>, h_<14 hex>, or"
                    + " 16 or 7 hex digits)"));
  }

  @Test
  void read_noNotesRef_returnsEmpty() throws Exception {
    TestRepo repo = TestRepo.init(folder);
    repo.write("a.txt", "a\n");
    String commit = repo.commit("a");

    GitAiNotes.Result result = GitAiNotes.read(Git.open(repo.root()), Set.of(commit));

    assertThat(result.lines()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void read_manyLargeNotes_readsAllThroughOneBatch() throws Exception {
    TestRepo repo = TestRepo.init(folder);
    Set<String> commits = new HashSet<>();
    String padding = "p".repeat(8000);
    for (int i = 1; i <= 30; i++) {
      String commit = repo.emptyCommit("commit " + i);
      commits.add(commit);
      repo.git(
          "notes",
          "--ref=ai",
          "add",
          "-m",
          "file"
              + i
              + ".txt\n  abc1234 1-"
              + i
              + "\n---\n"
              + "{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\""
              + padding
              + "\",\"prompts\":{"
              + "\"abc1234\":{\"agent_id\":{\"tool\":\"amp\",\"id\":\"x\",\"model\":\"m\"}}}}",
          commit);
    }

    GitAiNotes.Result result = GitAiNotes.read(Git.open(repo.root()), commits);

    assertThat(result.warnings()).isEmpty();
    assertThat(result.lines()).hasSize(30);
    long total =
        result.lines().values().stream()
            .flatMap(List::stream)
            .mapToLong(f -> f.lines().count())
            .sum();
    assertThat(total).isEqualTo(30 * 31 / 2);
    assertThat(result.lines().values().stream().flatMap(List::stream).map(FileLines::evidence))
        .allSatisfy(e -> assertThat(e.agent()).isEqualTo("amp"));
  }
}
