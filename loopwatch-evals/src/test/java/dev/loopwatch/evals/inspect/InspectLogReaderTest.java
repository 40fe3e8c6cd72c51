package dev.loopwatch.evals.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads Inspect logs written by the test in both formats and both zip compressions.
 *
 * <p>The fixtures follow real logs of UKGovernmentBEIS/inspect_ai (commit 499e6152, read by hand
 * with Python's {@code zipfile} and with this reader): {@code tests/log/test_eval_log/
 * log_formats.eval} holds {@code _journal/start.json}, {@code samples/1_epoch_1.json}, {@code
 * _journal/summaries/1.json}, {@code summaries.json}, {@code reductions.json}, {@code header.json},
 * all deflated; its header has {@code version 2}, {@code status "success"}, {@code eval.task
 * "popularity"}, {@code eval.model "ollama/llama3.1"} and one result score {@code match} with
 * metrics {@code accuracy} and {@code stderr}; its sample has {@code id 1}, {@code epoch 1}, {@code
 * scores.match.value "I"} and {@code metadata.label_confidence}. {@code log_streaming.eval} stores
 * its samples out of order ({@code 2_epoch_2}, {@code 2_epoch_1}, {@code 1_epoch_1}, {@code
 * 1_epoch_2}); Inspect sorts them by epoch, then id. {@code log_formats.json} is the same log as
 * one document with a {@code samples} list. No real log in that repository uses zstd entries (all
 * ten {@code .eval} files there are deflated; Inspect's own zstd tests build theirs at run time),
 * so the zstd archives here are laid out from {@code _util/zipfile.py} and {@code
 * _util/zip_common.py} (method 93, frames of at most 200 MiB of input).
 */
class InspectLogReaderTest {
  @TempDir Path temp;

  static final String START =
      """
      {"version": 2, "eval": {"run_id": "r1", "created": "2024-10-15T12:53:13-04:00",
       "task": "popularity", "task_id": "t1", "task_version": 0, "dataset": {"name": "popularity",
       "samples": 3}, "model": "ollama/llama3.1", "config": {}}, "plan": {"name": "plan",
       "steps": [{"solver": "generate", "params": {}}], "config": {}}}
      """;

  static final String HEADER =
      """
      {"version": 2, "status": "success", "eval": {"run_id": "r1",
       "created": "2024-10-15T12:53:13-04:00", "task": "popularity", "task_id": "t1",
       "task_version": 0, "dataset": {"name": "popularity", "samples": 3},
       "model": "ollama/llama3.1", "config": {}},
       "plan": {"name": "plan", "steps": [{"solver": "generate", "params": {}}], "config": {}},
       "results": {"total_samples": 3, "completed_samples": 3, "scores": [{"name": "match",
        "scorer": "match", "params": {}, "metrics": {"accuracy": {"name": "accuracy",
        "value": 0.5, "params": {}}, "stderr": {"name": "stderr", "value": 0.25, "params": {}}}}]},
       "stats": {"started_at": "2024-10-15T12:53:13-04:00",
        "completed_at": "2024-10-15T12:53:20-04:00", "model_usage": {}}}
      """;

  static String sample(Object id, int epoch, String value, double minutes) {
    String quoted = id instanceof String text ? "\"" + text + "\"" : id.toString();
    return """
    {"id": %s, "epoch": %d, "input": "Is it?", "target": " Yes",
     "messages": [{"content": "Is it?", "source": "input", "role": "user"},
      {"content": "No", "source": "generate", "role": "assistant"}],
     "output": {"model": "llama3.1", "choices": [{"message": {"content": "No",
      "source": "generate", "role": "assistant"}, "stop_reason": "stop"}]},
     "scores": {"match": {"value": %s, "answer": "No"}},
     "metadata": {"human_minutes": %s, "task_family": "fam"},
     "store": {}, "events": [{"event": "sample_init", "sample": {"input": "x"}}],
     "model_usage": {}, "attachments": {}}
    """
        .formatted(quoted, epoch, value, minutes);
  }

  /** An archive with the real entry order and samples out of order, as log_streaming.eval. */
  static EvalZip evalZip() {
    return new EvalZip()
        .add("_journal/start.json", START)
        .add("samples/b_epoch_1.json", sample("b", 1, "\"C\"", 8))
        .add("samples/2_epoch_2.json", sample(2, 2, "0.75", 2))
        .add("samples/2_epoch_1.json", sample(2, 1, "\"I\"", 2))
        .add("samples/10_epoch_1.json", sample(10, 1, "true", 30))
        .add("_journal/summaries/1.json", "[]")
        .add("summaries.json", "[]")
        .add("reductions.json", "[{\"scorer\": \"match\", \"samples\": []}]")
        .add("header.json", HEADER);
  }

  private static void assertTheLog(InspectLog log) {
    assertThat(log.version()).isEqualTo(2);
    assertThat(log.status()).isEqualTo("success");
    assertThat(log.task()).isEqualTo("popularity");
    assertThat(log.model()).isEqualTo("ollama/llama3.1");
    assertThat(log.created()).isEqualTo("2024-10-15T12:53:13-04:00");
    assertThat(log.results()).hasSize(1);
    assertThat(log.results().get(0).name()).isEqualTo("match");
    assertThat(log.results().get(0).metrics())
        .containsExactly(Map.entry("accuracy", 0.5), Map.entry("stderr", 0.25));
    assertThat(log.samples())
        .extracting(s -> s.id() + "@" + s.epoch())
        .containsExactly("2@1", "10@1", "b@1", "2@2");
    InspectSample first = log.samples().get(0);
    assertThat(first.scores().get("match").number()).hasValue(0);
    assertThat(first.scores().get("match").answer()).hasValue("No");
    assertThat(first.metadata("human_minutes").orElseThrow().doubleValue()).isEqualTo(2.0);
    assertThat(first.metadata("task_family").orElseThrow().textValue()).isEqualTo("fam");
    assertThat(first.error()).isEmpty();
    assertThat(log.samples().get(3).scores().get("match").number()).hasValue(0.75);
  }

  @Test
  void read_deflatedEval_readsHeaderAndSortedSamples() throws IOException {
    Path file = evalZip().writeDeflated(temp.resolve("log.eval"));
    InspectLog log = InspectLogReader.read(file);
    assertThat(log.format()).isEqualTo(InspectLog.Format.EVAL);
    assertTheLog(log);
  }

  @Test
  void read_zstdEval_readsTheSameLog() throws IOException {
    Path file = evalZip().writeByHand(temp.resolve("log.eval"), Map.of(), 1 << 20);
    assertThat(Files.readAllBytes(file)[8]).isEqualTo((byte) 93);
    assertTheLog(InspectLogReader.read(file));
  }

  @Test
  void read_zstdEntryOfSeveralFrames_readsAllFrames() throws IOException {
    // 64-byte frames: every entry spans several zstd frames, as Inspect's 200 MiB frame cap does.
    Path file = evalZip().writeByHand(temp.resolve("frames.eval"), Map.of(), 64);
    assertTheLog(InspectLogReader.read(file));
  }

  @Test
  void read_mixedStoredDeflateZstdEntries_readsEach() throws IOException {
    Path file =
        evalZip()
            .writeByHand(
                temp.resolve("mixed.eval"),
                Map.of(
                    "header.json", ZipArchive.STORED,
                    "samples/2_epoch_1.json", ZipArchive.DEFLATED),
                1 << 20);
    assertTheLog(InspectLogReader.read(file));
  }

  @Test
  void read_jsonLog_readsTheSameLog() throws IOException {
    String header = HEADER.strip();
    String json =
        header.substring(0, header.length() - 1)
            + ", \"samples\": ["
            + String.join(
                ",",
                sample(2, 1, "\"I\"", 2),
                sample(10, 1, "true", 30),
                sample("b", 1, "\"C\"", 8),
                sample(2, 2, "0.75", 2))
            + "]}";
    Path file = Files.writeString(temp.resolve("log.json"), json);
    InspectLog log = InspectLogReader.read(file);
    assertThat(log.format()).isEqualTo(InspectLog.Format.JSON);
    assertTheLog(log);
    assertThat(InspectLogReader.isInspectLog(file)).isTrue();
  }

  @Test
  void read_repeatedEntryName_laterEntryWins() throws IOException {
    // Inspect re-logs a requeued sample under the same name; Python's zipfile reads the last one.
    // A map cannot hold a name twice, so the second copy is written under a placeholder of the
    // same length and renamed in the bytes (entry names are stored uncompressed).
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .add("samples/1_epoch_1.json", sample(1, 1, "\"I\"", 4))
            .add("samples/1_epoch_1.jsoX", sample(1, 1, "\"C\"", 4))
            .writeByHand(temp.resolve("dup.eval"), Map.of(), 1 << 20);
    byte[] raw = Files.readAllBytes(file);
    byte[] from = "samples/1_epoch_1.jsoX".getBytes(StandardCharsets.UTF_8);
    byte[] to = "samples/1_epoch_1.json".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + from.length <= raw.length; i++) {
      if (Arrays.equals(raw, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, raw, i, to.length);
      }
    }
    Files.write(file, raw);
    List<InspectSample> samples = InspectLogReader.read(file).samples();
    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).scores().get("match").number()).hasValue(1);
  }

  @Test
  void read_journalOnly_isStartedWithoutResults() throws IOException {
    Path file =
        new EvalZip()
            .add("_journal/start.json", START)
            .add("samples/1_epoch_1.json", sample(1, 1, "\"C\"", 3))
            .writeDeflated(temp.resolve("running.eval"));
    InspectLog log = InspectLogReader.read(file);
    assertThat(log.status()).isEqualTo("started");
    assertThat(log.results()).isEmpty();
    assertThat(log.samples()).hasSize(1);
  }

  @Test
  void read_legacySingleScore_becomesThePlaceholderScorer() throws IOException {
    String legacy =
        "{\"id\": 1, \"epoch\": 1, \"input\": \"x\", \"target\": \"y\","
            + " \"score\": {\"value\": \"C\"}}";
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .add("samples/1_epoch_1.json", legacy)
            .writeDeflated(temp.resolve("old.eval"));
    InspectSample sample = InspectLogReader.read(file).samples().get(0);
    assertThat(sample.scores()).containsOnlyKeys(InspectLogReader.LEGACY_SCORER);
    assertThat(sample.scores().get(InspectLogReader.LEGACY_SCORER).number()).hasValue(1);
  }

  @Test
  void read_nanScoreAndErroredSample_areRead() throws IOException {
    String errored =
        "{\"id\": 1, \"epoch\": 1, \"input\": \"x\", \"target\": \"y\", \"scores\": {\"s\":"
            + " {\"value\": NaN}}, \"error\": {\"message\": \"boom\", \"traceback\": \"\","
            + " \"traceback_ansi\": \"\"}}";
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .add("samples/1_epoch_1.json", errored)
            .writeDeflated(temp.resolve("nan.eval"));
    InspectSample sample = InspectLogReader.read(file).samples().get(0);
    assertThat(sample.error()).hasValue("boom");
    assertThat(sample.scores().get("s").number().orElseThrow()).isNaN();
  }

  @Test
  void read_notAZip_namesTheFile() throws IOException {
    Path file = Files.writeString(temp.resolve("notes.eval"), "just some text, not a zip");
    assertInputError(file, file + ": not a zip archive");
  }

  @Test
  void read_truncatedZip_saysTruncated() throws IOException {
    Path whole = evalZip().writeDeflated(temp.resolve("whole.eval"));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(temp.resolve("cut.eval"), Arrays.copyOf(bytes, bytes.length / 2));
    assertInputError(cut, cut + ": truncated or damaged zip archive: no end of central directory");
  }

  @Test
  void read_entryDataCutShort_namesTheEntry() throws IOException {
    // The directory survives but points past the data: cut the middle out of a stored archive.
    Path whole =
        new EvalZip()
            .add("header.json", HEADER)
            .writeByHand(temp.resolve("w.eval"), Map.of("header.json", ZipArchive.STORED), 1 << 20);
    byte[] bytes = Files.readAllBytes(whole);
    int keep = 200;
    byte[] shorter = new byte[bytes.length - keep];
    System.arraycopy(bytes, 0, shorter, 0, 100);
    System.arraycopy(bytes, 100 + keep, shorter, 100, bytes.length - 100 - keep);
    Path cut = Files.write(temp.resolve("short.eval"), shorter);
    assertThatThrownBy(() -> InspectLogReader.read(cut))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(cut.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void read_unknownCompressionMethod_namesEntryAndMethod() throws IOException {
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .writeByHand(temp.resolve("bz.eval"), Map.of("header.json", 12), 1 << 20);
    assertInputError(
        file,
        file
            + ": entry header.json: unknown compression method 12 (an Inspect log uses 0 stored, 8"
            + " deflate or 93 zstd)");
  }

  @Test
  void read_noHeaderNorStart_saysSo() throws IOException {
    Path file =
        new EvalZip()
            .add("samples/1_epoch_1.json", sample(1, 1, "\"C\"", 3))
            .writeDeflated(temp.resolve("bare.eval"));
    assertInputError(
        file,
        file + ": not an Inspect .eval log: it has neither header.json nor _journal/start.json");
  }

  @Test
  void read_malformedSampleJson_namesEntryLineAndColumn() throws IOException {
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .add("samples/1_epoch_1.json", "{\"id\": 1,\n \"epoch\": 1, \"scores\": {\"m\": }")
            .writeByHand(temp.resolve("bad.eval"), Map.of(), 1 << 20);
    assertThatThrownBy(() -> InspectLogReader.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(
            file + ": entry samples/1_epoch_1.json: malformed JSON at line 2, column 30: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void read_malformedJsonLog_namesLineAndColumn() throws IOException {
    Path file =
        Files.writeString(temp.resolve("bad.json"), "{\"version\": 2,\n \"eval\": {\"task\"");
    assertThatThrownBy(() -> InspectLogReader.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file + ": malformed JSON at line 2");
  }

  @Test
  void read_corruptedStoredEntry_failsTheCrcCheck() throws IOException {
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .writeByHand(temp.resolve("crc.eval"), Map.of("header.json", ZipArchive.STORED), 1);
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("popularity");
    bytes[at] = 'P';
    Files.write(file, bytes);
    assertInputError(file, file + ": entry header.json: CRC-32 mismatch (damaged)");
  }

  @Test
  void read_headerWithoutModel_namesTheField() throws IOException {
    Path file =
        new EvalZip()
            .add("header.json", HEADER.replace("\"model\": \"ollama/llama3.1\",", ""))
            .writeDeflated(temp.resolve("nomodel.eval"));
    assertInputError(file, file + ": entry header.json: field eval.model is missing");
  }

  @Test
  void read_sampleWithoutEpoch_namesEntryAndField() throws IOException {
    Path file =
        new EvalZip()
            .add("header.json", HEADER)
            .add("samples/1_epoch_1.json", "{\"id\": 1}")
            .writeDeflated(temp.resolve("noepoch.eval"));
    assertInputError(file, file + ": entry samples/1_epoch_1.json: field epoch is missing");
  }

  @Test
  void read_missingFile_saysItDoesNotExist() {
    Path file = temp.resolve("absent.eval");
    assertInputError(file, file + " does not exist");
  }

  @Test
  void isInspectLog_metrRunsJsonl_isFalse() throws IOException {
    Path runs =
        Files.writeString(
            temp.resolve("runs.json"),
            "{\"alias\": \"a\", \"task_id\": \"t\", \"human_minutes\": 1, \"score\": 1}\n");
    assertThat(InspectLogReader.isInspectLog(runs)).isFalse();
    assertThat(InspectLogReader.isInspectLog(evalZip().writeDeflated(temp.resolve("x.eval"))))
        .isTrue();
  }

  private static void assertInputError(Path file, String message) {
    assertThatThrownBy(() -> InspectLogReader.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(message)
        .satisfies(e ->
            assertThat(((LoopwatchException) e).kind())
                .isEqualTo(LoopwatchException.Kind.USER_INPUT));
  }

  @Test
  void sampleOrder_integerIdsByValueBeforeStrings() {
    assertThat(List.of("10", "2", "b", "a").stream().sorted(InspectLogReaderTest::order).toList())
        .containsExactly("2", "10", "a", "b");
  }

  private static int order(String a, String b) {
    InspectSample x = new InspectSample(a, 1, Map.of(), Map.of(), Optional.empty());
    InspectSample y = new InspectSample(b, 1, Map.of(), Map.of(), Optional.empty());
    return InspectLogReader.SAMPLE_ORDER.compare(x, y);
  }
}
