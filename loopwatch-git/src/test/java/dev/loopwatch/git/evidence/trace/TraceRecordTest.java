package dev.loopwatch.git.evidence.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.evidence.trace.TraceRecord.Contributor;
import dev.loopwatch.git.evidence.trace.TraceRecord.ContributorType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TraceRecordTest {
  static List<String> fixture() throws IOException {
    try (InputStream in = TraceRecordTest.class.getResourceAsStream("records.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  static FileLines lines(String path, int start, int end, String agent, String model, String id) {
    return new FileLines(
        path,
        RangeSet.builder().add(start, end).build(),
        new Evidence(
            "agent-trace",
            Confidence.STRONG,
            agent,
            Optional.ofNullable(model),
            ".agent-trace/traces.jsonl",
            id));
  }

  @Test
  void parse_fullRecord_readsEveryField() throws IOException {
    TraceRecord record = TraceRecord.parse(fixture().get(0));

    assertThat(record.version()).isEqualTo("0.1.0");
    assertThat(record.id()).isEqualTo("3f2b8c1e-4a5d-4e6f-9a7b-1c2d3e4f5a6b");
    assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-01-23T14:30:00Z"));
    assertThat(record.vcs())
        .contains(new TraceRecord.Vcs("git", "1111111111111111111111111111111111111111"));
    assertThat(record.tool()).contains(new TraceRecord.Tool("cursor", Optional.of("2.4.0")));
    assertThat(record.files())
        .extracting(TraceRecord.TraceFile::path)
        .containsExactly("src/parser.ts", "src/helpers.ts");
    TraceRecord.Conversation first = record.files().getFirst().conversations().getFirst();
    assertThat(first.url()).contains("https://api.cursor.com/v1/conversations/c-1");
    assertThat(first.contributor())
        .contains(
            new Contributor(ContributorType.AI, Optional.of("anthropic/claude-opus-4-5-20251101")));
    assertThat(first.ranges())
        .containsExactly(
            new TraceRecord.Range(42, 67, Optional.of("murmur3:9f2e8a1b"), Optional.empty()),
            new TraceRecord.Range(60, 70, Optional.empty(), Optional.empty()));
  }

  @Test
  void aiLines_fullRecord_unionsPerPathAndModel() throws IOException {
    TraceRecord record = TraceRecord.parse(fixture().get(0));

    assertThat(record.aiLines())
        .containsExactly(
            lines("src/helpers.ts", 10, 25, "cursor", "openai/gpt-4o", record.id()),
            lines(
                "src/parser.ts",
                42,
                70,
                "cursor",
                "anthropic/claude-opus-4-5-20251101",
                record.id()),
            lines("src/parser.ts", 1, 5, "cursor", "openai/gpt-4o", record.id()));
    assertThat(record.aiLines().get(1).lines().count()).isEqualTo(29);
  }

  @Test
  void aiLines_rangeContributors_overrideConversationAndSkipHumanMixedUnknown() throws IOException {
    TraceRecord record = TraceRecord.parse(fixture().get(1));

    assertThat(record.tool()).contains(new TraceRecord.Tool("claude-code", Optional.empty()));
    assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-01-24T09:15:30.123Z"));
    assertThat(record.aiLines())
        .containsExactly(
            lines("src/app.ts", 50, 60, "claude-code", null, record.id()),
            lines(
                "src/app.ts",
                1,
                10,
                "claude-code",
                "anthropic/claude-sonnet-4-20250514",
                record.id()),
            lines("src/app.ts", 31, 40, "claude-code", "openai/gpt-5", record.id()));
    assertThat(record.aiLines().stream().mapToLong(f -> f.lines().count()).sum()).isEqualTo(31);
  }

  @Test
  void aiLines_minimalRecordWithoutTool_unknownAgent() throws IOException {
    TraceRecord record = TraceRecord.parse(fixture().get(2));

    assertThat(record.vcs()).isEmpty();
    assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-01-25T09:00:00Z"));
    assertThat(record.aiLines())
        .containsExactly(lines("src/min.ts", 1, 50, "unknown", null, record.id()));
  }

  @Test
  void aiLines_humanAndMixedOnly_isEmpty() throws IOException {
    TraceRecord record = TraceRecord.parse(fixture().get(3));

    assertThat(record.files().getFirst().conversations()).hasSize(2);
    assertThat(record.aiLines()).isEmpty();
  }

  static String record(String files) {
    return "{\"version\":\"0.1.0\",\"id\":\"550e8400-e29b-41d4-a716-446655440000\","
        + "\"timestamp\":\"2026-01-25T10:00:00Z\",\"files\":"
        + files
        + "}";
  }

  static Stream<Arguments> badRecords() {
    String conversation =
        "{\"contributor\":{\"type\":\"ai\"},\"ranges\":[{\"start_line\":1,\"end_line\":2}]}";
    String files = "[{\"path\":\"a.ts\",\"conversations\":[" + conversation + "]}]";
    return Stream.of(
        Arguments.of(
            "{\"id\":\"x\",\"timestamp\":\"2026-01-25T10:00:00Z\",\"files\":[]}",
            "missing required field 'version'"),
        Arguments.of(
            "{\"version\":\"0.1.0\",\"timestamp\":\"2026-01-25T10:00:00Z\",\"files\":[]}",
            "missing required field 'id'"),
        Arguments.of(
            "{\"version\":\"0.1.0\",\"id\":\"x\",\"files\":[]}",
            "missing required field 'timestamp'"),
        Arguments.of(
            "{\"version\":\"0.1.0\",\"id\":\"x\",\"timestamp\":\"2026-01-25T10:00:00Z\"}",
            "missing required field 'files'"),
        Arguments.of(record("[{\"conversations\":[]}]"), "missing required field 'files[0].path'"),
        Arguments.of(
            record("[{\"path\":\"a.ts\"}]"), "missing required field 'files[0].conversations'"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":["
                    + conversation
                    + ",{\"contributor\":{\"type\":\"ai\"}}]}]"),
            "missing required field 'files[0].conversations[1].ranges'"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":[{\"ranges\":[{\"start_line\":1,\"end_line\":2},{\"end_line\":3}]}]}]"),
            "missing required field 'files[0].conversations[0].ranges[1].start_line'"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":[{\"contributor\":{\"model_id\":\"m\"},\"ranges\":[]}]}]"),
            "missing required field 'files[0].conversations[0].contributor.type'"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":[{\"ranges\":[{\"start_line\":1,\"end_line\":2,"
                    + "\"contributor\":{\"type\":\"robot\"}}]}]}]"),
            "field 'files[0].conversations[0].ranges[0].contributor.type': 'robot' is not one of human, ai, mixed,"
                + " unknown"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":[{\"ranges\":[{\"start_line\":\"5\",\"end_line\":6}]}]}]"),
            "field 'files[0].conversations[0].ranges[0].start_line': \"5\" is not a line number (1 or more)"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":[{\"ranges\":[{\"start_line\":0,\"end_line\":6}]}]}]"),
            "field 'files[0].conversations[0].ranges[0].start_line': 0 is not a line number (1 or more)"),
        Arguments.of(
            record(
                "[{\"path\":\"a.ts\",\"conversations\":[{\"ranges\":[{\"start_line\":9,\"end_line\":6}]}]}]"),
            "field 'files[0].conversations[0].ranges[0].end_line': 6 is before start_line 9"),
        Arguments.of(
            record(files).substring(0, record(files).length() - 1) + ",\"vcs\":{\"type\":\"git\"}}",
            "missing required field 'vcs.revision'"),
        Arguments.of(
            record(files).substring(0, record(files).length() - 1)
                + ",\"tool\":{\"version\":\"1\"}}",
            "missing required field 'tool.name'"),
        Arguments.of(
            record(files).replace("2026-01-25T10:00:00Z", "yesterday"),
            "field 'timestamp': 'yesterday' is not an RFC 3339 date-time"),
        Arguments.of(record("{}"), "field 'files': expected an array, found object"),
        Arguments.of(
            record("[{\"path\":7,\"conversations\":[]}]"),
            "field 'files[0].path': expected a string, found number"),
        Arguments.of("[]", "field 'record': expected an object, found array"),
        Arguments.of("", "empty record"),
        Arguments.of("{\"version\":", "not valid JSON: "),
        Arguments.of(record(files) + " {}", "not valid JSON: "));
  }

  @ParameterizedTest
  @MethodSource("badRecords")
  void parse_badRecord_throwsNamingField(String json, String message) {
    assertThatThrownBy(() -> TraceRecord.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void parse_unknownFields_ignored() {
    String json =
        record(
            "[{\"path\":\"a.ts\",\"extra\":1,\"conversations\":[{\"ranges\":[{\"start_line\":3,\"end_line\":4,"
                + "\"contributor\":{\"type\":\"ai\",\"model_id\":\"m\",\"x\":true}}],\"related\":[]}]}]");

    TraceRecord record =
        TraceRecord.parse(json.replace("\"files\"", "\"metadata\":{\"a.b\":{}},\"files\""));

    assertThat(record.aiLines()).containsExactly(lines("a.ts", 3, 4, "unknown", "m", record.id()));
  }
}
