package dev.loopwatch.git.evidence.trace;

import static dev.loopwatch.git.evidence.trace.TraceRecordTest.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTracesTest {
  static final String TRACES = ".agent-trace/traces.jsonl";
  static final String SUBJECT_SUFFIX = ":" + TRACES;

  @TempDir Path folder;
  TestRepo repo;
  String root;
  String first;
  String second;
  String third;
  String fourth;

  static String id(int n) {
    return "00000000-0000-4000-8000-%012d".formatted(n);
  }

  static String record(
      int n, String revision, String tool, String path, int start, int end, String model) {
    return ("{\"version\":\"0.1.0\",\"id\":\"%s\",\"timestamp\":\"2026-01-2%dT10:00:00Z\","
            + "\"vcs\":{\"type\":\"git\",\"revision\":\"%s\"},\"tool\":{\"name\":\"%s\",\"version\":\"1.0\"},"
            + "\"files\":[{\"path\":\"%s\",\"conversations\":[{\"contributor\":{\"type\":\"ai\",\"model_id\":\"%s\"},"
            + "\"ranges\":[{\"start_line\":%d,\"end_line\":%d}]}]}]}\n")
        .formatted(id(n), n % 10, revision, tool, path, model, start, end);
  }

  @BeforeEach
  void history() throws Exception {
    repo = TestRepo.init(folder);
    repo.write("README.md", "hello\n");
    root = repo.commit("root");

    repo.write("src/a.ts", "a1\na2\na3\n");
    repo.append(TRACES, record(1, root, "cursor", "src/a.ts", 1, 3, "openai/gpt-4o"));
    first = repo.commit("first");

    repo.write("src/b.ts", "b\n".repeat(9));
    repo.append(
        TRACES, record(2, first, "claude-code", "src/b.ts", 5, 9, "anthropic/claude-opus-4-5"));
    repo.append(
        TRACES, record(3, first, "claude", "src/a.ts", 10, 12, "anthropic/claude-sonnet-4-5"));
    second = repo.commit("second");

    repo.write("src/c.ts", "c\n".repeat(8));
    repo.append(TRACES, record(4, second, "cursor", "src/c.ts", 1, 1, "openai/gpt-5"));
    repo.append(TRACES, "{\"version\":\"0.1.0\", oops\n");
    repo.append(
        TRACES,
        record(
            5,
            "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
            "cursor",
            "src/c.ts",
            7,
            8,
            "openai/gpt-5"));
    third = repo.commit("third");

    String content = Files.readString(repo.root().resolve(TRACES));
    repo.write(TRACES, content.replace("{\"version\":\"0.1.0\", oops\n", ""));
    repo.write("src/d.ts", "d\n");
    fourth = repo.commit("fourth drops the bad line");
  }

  @Test
  void read_threeCommitsAppendingTraces_attributesEachRecordToItsCommit() {
    AgentTraces.Result result = AgentTraces.read(Git.open(repo.root()), "HEAD");

    assertThat(result.lines())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                first, List.of(lines("src/a.ts", 1, 3, "cursor", "openai/gpt-4o", id(1))),
                second,
                    List.of(
                        lines("src/b.ts", 5, 9, "claude-code", "anthropic/claude-opus-4-5", id(2)),
                        lines(
                            "src/a.ts",
                            10,
                            12,
                            "claude-code",
                            "anthropic/claude-sonnet-4-5",
                            id(3))),
                third,
                    List.of(
                        lines("src/c.ts", 1, 1, "cursor", "openai/gpt-5", id(4)),
                        lines("src/c.ts", 7, 8, "cursor", "openai/gpt-5", id(5)))));
    assertThat(List.copyOf(result.lines().keySet())).isSorted().doesNotContain(root, fourth);
  }

  @Test
  void read_wrongRevisionAndMalformedLine_warnsAndSkipsOnlyTheMalformedLine() {
    AgentTraces.Result result = AgentTraces.read(Git.open(repo.root()), "HEAD");

    assertThat(result.warnings()).hasSize(2);
    ScanWarning bad = result.warnings().get(0);
    assertThat(bad.kind()).isEqualTo("bad-agent-trace");
    assertThat(bad.subject()).isEqualTo(third + SUBJECT_SUFFIX);
    assertThat(bad.message()).startsWith("line 5: not valid JSON: ");
    assertThat(result.warnings().get(1))
        .isEqualTo(
            new ScanWarning(
                "agent-trace-revision-mismatch",
                third + SUBJECT_SUFFIX,
                "line 6: record "
                    + id(5)
                    + " names revision deadbeefdeadbeefdeadbeefdeadbeefdeadbeef, which is neither this commit nor its"
                    + " parent"));
  }

  @Test
  void read_revisionRange_readsOnlyCommitsInRange() {
    AgentTraces.Result result = AgentTraces.read(Git.open(repo.root()), first + "..HEAD");

    assertThat(result.lines().keySet()).containsExactlyInAnyOrder(second, third);
    assertThat(result.warnings()).hasSize(2);
  }

  @Test
  void read_recordNamingTheParent_noWarning() throws Exception {
    repo.append(TRACES, record(6, fourth, "cursor", "src/d.ts", 1, 1, "m"));
    String fifth = repo.commit("fifth");

    AgentTraces.Result result = AgentTraces.read(Git.open(repo.root()), fourth + "..HEAD");

    assertThat(result.lines())
        .containsExactly(Map.entry(fifth, List.of(lines("src/d.ts", 1, 1, "cursor", "m", id(6)))));
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void read_repositoryWithoutTraces_returnsEmpty() throws Exception {
    TestRepo plain = TestRepo.init(folder.resolve("plain"));
    plain.write("a.txt", "a\n");
    plain.commit("a");

    AgentTraces.Result result = AgentTraces.read(Git.open(plain.root()), "HEAD");

    assertThat(result.lines()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void read_unknownRevision_failsExternally() {
    Assertions.assertThatThrownBy(() -> AgentTraces.read(Git.open(repo.root()), "no-such-branch"))
        .isInstanceOf(LoopwatchException.class)
        .extracting(e -> ((LoopwatchException) e).kind())
        .isEqualTo(LoopwatchException.Kind.EXTERNAL);
  }
}
