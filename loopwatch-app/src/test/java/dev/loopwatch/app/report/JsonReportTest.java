package dev.loopwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.metrics.ProvenanceReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private static byte[] bytes(ProvenanceReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonReport.write(report, out);
    return out.toByteArray();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void write_realistic_roundTripsToEqualReport() {
    ProvenanceReport report = ReportFixtures.realistic();

    ProvenanceReport back = JsonReport.read(new ByteArrayInputStream(bytes(report)));

    assertThat(back).isEqualTo(report);
  }

  @Test
  void write_realistic_exactFieldsAndOrder() throws Exception {
    JsonNode root = PLAIN.readTree(bytes(ReportFixtures.realistic()));

    assertThat(fieldNames(root))
        .containsExactly(
            "generatedAt",
            "granularity",
            "repos",
            "totals",
            "headline",
            "shareOverTime",
            "coverageBreaks",
            "byAgent",
            "bySource",
            "byPath",
            "throughput",
            "exclusions",
            "liveCode",
            "largestAiChanges",
            "caveats");
    assertThat(root.get("generatedAt").asText()).isEqualTo("2026-01-05T09:30:00Z");
    assertThat(root.get("granularity").asText()).isEqualTo("QUARTER");
    assertThat(fieldNames(root.get("totals")))
        .containsExactly("changes", "addedLines", "deletedLines", "aiStrong", "aiMedium", "aiWeak");
    assertThat(root.get("totals").get("aiStrong").asLong()).isEqualTo(18000);
    assertThat(fieldNames(root.get("headline")))
        .containsExactly(
            "aiShare",
            "aiShareTrimmed",
            "droppedChanges",
            "droppedLines",
            "droppedLineShare",
            "droppedAiLines");
    assertThat(root.get("coverageBreaks").get(0).get("direction").asText()).isEqualTo("STOPS");
    assertThat(root.get("coverageBreaks").get(0).get("date").asText()).isEqualTo("2025-02-17");
    assertThat(root.get("throughput").get("comparison").get("excludedRepositories").get(0).asText())
        .isEqualTo("infra-tools");
    assertThat(
            root.get("throughput")
                .get("comparisonByRepository")
                .get(0)
                .get("comparison")
                .get("inconclusive")
                .asBoolean())
        .isTrue();
    assertThat(root.get("repos").get(2).get("shallow").asBoolean()).isTrue();
    assertThat(root.get("repos").get(2).get("firstChange").asText())
        .isEqualTo("2025-03-01T09:00:00Z");
    assertThat(root.get("shareOverTime")).hasSize(8);
    assertThat(root.get("shareOverTime").get(0).get("start").asText()).isEqualTo("2024-01-01");
    assertThat(fieldNames(root.get("shareOverTime").get(7).get("aiByAgent")))
        .containsExactly("aider", "claude-code", "copilot", "cursor");
    assertThat(root.get("byAgent").get(0).get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(root.get("byAgent").get(0).get("confidence").asText()).isEqualTo("STRONG");
    assertThat(root.get("byAgent").get(4).get("model").isNull()).isTrue();
    assertThat(fieldNames(root.get("bySource").get(1)))
        .containsExactly(
            "source", "detector", "evidenceClass", "agent", "countedInShare", "changes", "lines");
    assertThat(root.get("bySource").get(1).get("evidenceClass").asText())
        .isEqualTo("review-suggestion");
    assertThat(root.get("bySource").get(1).get("countedInShare").asBoolean()).isFalse();
    assertThat(root.get("throughput").get("comparison").get("baseline").asText())
        .isEqualTo("2024-Q2");
    assertThat(root.get("throughput").get("comparison").get("low").asDouble()).isEqualTo(1.08);
    assertThat(fieldNames(root.get("exclusions").get("byReason")))
        .containsExactly("BINARY", "GENERATED", "LOCK_FILE", "VENDORED");
    assertThat(root.get("liveCode").get("strong").asLong()).isEqualTo(9000);
    assertThat(root.get("largestAiChanges").get(1).get("subject").asText())
        .isEqualTo(ReportFixtures.HOSTILE_SUBJECT);
    assertThat(root.get("largestAiChanges").get(1).get("committedAt").asText())
        .isEqualTo("2025-10-21T09:44:00Z");
  }

  @Test
  void write_empty_optionalsAreNullAndKeysPresent() throws Exception {
    JsonNode root = PLAIN.readTree(bytes(ReportFixtures.empty()));

    assertThat(root.has("liveCode")).isTrue();
    assertThat(root.get("liveCode").isNull()).isTrue();
    assertThat(root.get("throughput").get("comparison").isNull()).isTrue();
    assertThat(root.get("repos").get(0).get("firstChange").isNull()).isTrue();
    assertThat(root.get("shareOverTime")).isEmpty();
    assertThat(JsonReport.read(new ByteArrayInputStream(bytes(ReportFixtures.empty()))))
        .isEqualTo(ReportFixtures.empty());
  }

  @Test
  void write_sameReportTwice_identicalBytes() {
    assertThat(bytes(ReportFixtures.realistic())).isEqualTo(bytes(ReportFixtures.realistic()));
  }

  @Test
  void write_outputStream_endsWithNewlineAndStaysOpen() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonReport.write(ReportFixtures.small(), out);
    out.write('x');

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\n").endsWith("}\nx");
    assertThat(text).isEqualTo(JsonReport.render(ReportFixtures.small()) + "\nx");
  }

  @Test
  void renderForHtml_hostileSubject_noAngleBracketAndSameData() throws Exception {
    String json = JsonReport.renderForHtml(ReportFixtures.realistic());

    assertThat(json).doesNotContain("<").contains("\\u003c/script>\\u003cb>x\\u003c/b>");
    assertThat(JsonReport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(ReportFixtures.realistic());
  }

  @Test
  void write_path_writesFileAtomically(@TempDir Path folder) throws Exception {
    Path out = folder.resolve("report.json");

    JsonReport.write(ReportFixtures.small(), out);

    assertThat(Files.readString(out)).isEqualTo(JsonReport.render(ReportFixtures.small()) + "\n");
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("report.json");
    }
  }

  @Test
  void read_notJson_userInputError() {
    assertThatThrownBy(() ->
            JsonReport.read(new ByteArrayInputStream("[1,2".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith("not a loopwatch provenance report JSON");
  }
}
