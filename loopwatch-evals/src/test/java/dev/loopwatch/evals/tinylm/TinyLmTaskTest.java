package dev.loopwatch.evals.tinylm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.evals.speedup.OutputRule;
import dev.loopwatch.evals.speedup.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of the tiny-lm task tree: the generator, baseline and reference are compiled with the JDK's
 * compiler and run as child processes in quick mode (12 steps of 2 windows), the only mode that
 * fits a unit test; graded runs use the full recipe.
 */
class TinyLmTaskTest {
  @TempDir static Path work;

  /** The task's output rule, read by the harness from task.toml: the rule lives only there. */
  static final OutputRule RULE = TaskSpec.load(TinyLmTask.root()).outputs().getFirst();

  static Path generator;
  static Path baseline;
  static Path corpus1;
  static Path corpus2;
  static String baselineSeed1;

  @BeforeAll
  static void buildAndRunBaseline() throws IOException {
    generator = TinyLmTask.compile("CorpusGen", TinyLmTask.read("gen/CorpusGen.java"), dir("gen"));
    baseline =
        TinyLmTask.compile("TinyLm", TinyLmTask.read("baseline/src/TinyLm.java"), dir("baseline"));
    corpus1 = work.resolve("corpus-1.txt");
    corpus2 = work.resolve("corpus-2.txt");
    TinyLmTask.corpus(generator, 1, corpus1);
    TinyLmTask.corpus(generator, 2, corpus2);
    baselineSeed1 = TinyLmTask.runQuick(baseline, 1, corpus1, work.resolve("baseline-1.txt"));
  }

  private static Path dir(String name) throws IOException {
    return Files.createDirectories(work.resolve(name));
  }

  /** The baseline's source with one exact fragment replaced (it must occur exactly once). */
  private static String baselineWith(String fragment, String replacement) {
    String source = TinyLmTask.read("baseline/src/TinyLm.java");
    assertThat(source.split(java.util.regex.Pattern.quote(fragment), -1)).hasSize(2);
    return source.replace(fragment, replacement);
  }

  private static String runVariant(String name, String source) throws IOException {
    Path classes = TinyLmTask.compile("TinyLm", source, dir(name));
    return TinyLmTask.runQuick(classes, 1, corpus1, work.resolve(name + ".txt"));
  }

  @Test
  void corpusGen_seeds_differentTextOverTheSameAlphabet() throws IOException {
    String one = Files.readString(corpus1, StandardCharsets.US_ASCII);
    String two = Files.readString(corpus2, StandardCharsets.US_ASCII);
    assertThat(one).isNotEqualTo(two);
    assertThat(one.length()).isBetween(200_000, 200_200);
    assertThat(two.length()).isBetween(200_000, 200_200);
    assertThat(one).matches("[a-z ,.\n]+");
    assertThat(two).matches("[a-z ,.\n]+");
  }

  @Test
  void corpusGen_sameSeed_byteIdentical() throws IOException {
    Path again = work.resolve("corpus-1-again.txt");
    TinyLmTask.corpus(generator, 1, again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(corpus1));
  }

  @Test
  void baseline_sameSeedTwice_byteIdenticalOutput() throws IOException {
    String again = TinyLmTask.runQuick(baseline, 1, corpus1, work.resolve("baseline-1b.txt"));
    assertThat(again).isEqualTo(baselineSeed1);
  }

  @Test
  void baseline_differentSeed_differentLossCurve() throws IOException {
    String two = TinyLmTask.runQuick(baseline, 2, corpus2, work.resolve("baseline-2.txt"));
    assertThat(two.lines().filter(l -> l.startsWith("step ")).toList())
        .hasSize(4)
        .doesNotContainAnyElementsOf(baselineSeed1.lines().toList());
    assertThat(RULE.compare(baselineSeed1, two)).isPresent();
  }

  @Test
  void baseline_quickMode_outputHasTheDocumentedShape() {
    List<String> lines = baselineSeed1.lines().toList();
    assertThat(lines).hasSize(6 + 4 + 1 + 25);
    assertThat(lines.subList(0, 6))
        .containsExactly(
            "tiny-lm 1", "seed 1", "mode quick", "vocab 29", "params 106752", "steps 12");
    // params = 128 * vocab + 103040 (embeddings, 2 blocks, final LayerNorm, head).
    assertThat(128 * 29 + 103_040).isEqualTo(106_752);
    List<Double> losses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String[] tokens = lines.get(6 + i).split(" ");
      assertThat(tokens).hasSize(4);
      assertThat(tokens[0] + " " + tokens[1] + " " + tokens[2])
          .isEqualTo("step " + (3 * (i + 1)) + " loss");
      assertThat(tokens[3]).matches("\\d\\.\\d{12}e[+-]\\d\\d");
      losses.add(Double.parseDouble(tokens[3]));
    }
    // Training from uniform (ln 29 = 3.37) must make progress within 12 steps.
    assertThat(losses.get(0)).isLessThan(Math.log(29));
    assertThat(losses.get(3)).isLessThan(losses.get(0));
    assertThat(lines.get(10)).matches("final_eval_loss \\d\\.\\d{12}e[+-]\\d\\d");
    assertThat(lines.get(11)).startsWith("tensor tok_emb l1 ");
    assertThat(lines.get(35)).startsWith("tensor head l1 ");
    for (String tensor : lines.subList(11, 36)) {
      assertThat(tensor)
          .matches("tensor [a-z0-9_.]+ l1 \\S+ sumsq \\S+ proj \\S+")
          .doesNotContain("NaN", "Infinity");
    }
  }

  @Test
  void reference_quickMode_withinDeclaredToleranceOfBaseline() throws IOException {
    Path classes =
        TinyLmTask.compile(
            "TinyLm", TinyLmTask.read("reference/src/TinyLm.java"), dir("reference"));
    String reference = TinyLmTask.runQuick(classes, 1, corpus1, work.resolve("reference-1.txt"));
    assertThat(RULE.compare(baselineSeed1, reference)).isEmpty();
    assertThat(maxRelativeDifference(baselineSeed1, reference)).isLessThan(1e-9);
  }

  @Test
  void baselineVariant_reversedMatmulSummation_withinDeclaredTolerance() throws IOException {
    String reversed =
        runVariant(
            "reversed",
            baselineWith(
                "for (int i = 0; i < p.rows; i++) {\n          acc += x[t][i]",
                "for (int i = p.rows - 1; i >= 0; i--) {\n          acc += x[t][i]"));
    assertThat(reversed).isNotEqualTo(baselineSeed1);
    assertThat(RULE.compare(baselineSeed1, reversed)).isEmpty();
  }

  @Test
  void baselineVariant_halfTheBatch_rejected() throws IOException {
    String half =
        runVariant(
            "half-batch",
            baselineWith(
                "int b = 0; b < settings.batch(); b++",
                "int b = 0; b < settings.batch() / 2; b++"));
    assertThat(RULE.compare(baselineSeed1, half)).isPresent();
    assertThat(maxRelativeDifference(baselineSeed1, half)).isGreaterThan(1e-3);
  }

  @Test
  void baselineVariant_matmulResultsRoundedToFloat_rejected() throws IOException {
    String rounded =
        runVariant(
            "float32",
            baselineWith("        out[t][j] = acc;", "        out[t][j] = (float) acc;"));
    assertThat(RULE.compare(baselineSeed1, rounded)).isPresent();
  }

  @Test
  void baselineVariant_oneStepFewer_rejected() throws IOException {
    String fewer =
        runVariant(
            "fewer-steps",
            baselineWith(
                "step <= settings.steps(); step++", "step <= settings.steps() - 1; step++"));
    assertThat(RULE.compare(baselineSeed1, fewer))
        .contains("{output}: 226 tokens, the baseline wrote 230");
  }

  @Test
  void taskToml_parses_declaresTheTaskFacts() throws IOException {
    JsonNode spec = new TomlMapper().readTree(TinyLmTask.read("task.toml"));
    assertThat(spec.path("name").asText()).isEqualTo("tiny-lm");
    assertThat(spec.path("editable").toString()).isEqualTo("[\"src/**\"]");
    assertThat(spec.path("run").toString())
        .isEqualTo(
            "[\"java\",\"-cp\",\"out\",\"TinyLm\",\"--seed\",\"{seed}\",\"--data\",\"{data}\","
                + "\"--out\",\"{output}\"]");
    assertThat(spec.path("data").toString())
        .isEqualTo("[\"java\",\"gen/CorpusGen.java\",\"--seed\",\"{seed}\",\"--out\",\"{data}\"]");
    JsonNode output = spec.path("outputs").get(0);
    assertThat(output.path("rule").asText()).isEqualTo("numeric");
    assertThat(output.path("abs_tol").asDouble()).isEqualTo(1e-10);
    assertThat(output.path("rel_tol").asDouble()).isEqualTo(1e-8);
    assertThat(RULE).isEqualTo(new OutputRule.Numeric("{output}", 1e-10, 1e-8));
    assertThat(spec.has("grading_seeds")).isFalse();
    assertThat(spec.path("check_seeds").asInt()).isEqualTo(3);
    assertThat(spec.path("practice_seeds").toString()).isEqualTo("[1,2]");
    assertThat(Files.exists(TinyLmTask.root().resolve("TASK-FACTS.md"))).isTrue();
  }

  /** The largest relative difference between numeric tokens of two same-shaped outputs. */
  private static double maxRelativeDifference(String baseline, String candidate) {
    List<String> expected = baseline.lines().toList();
    List<String> actual = candidate.lines().toList();
    double worst = 0;
    for (int line = 0; line < Math.min(expected.size(), actual.size()); line++) {
      String[] e = expected.get(line).split(" ");
      String[] a = actual.get(line).split(" ");
      for (int i = 0; i < Math.min(e.length, a.length); i++) {
        Optional<Double> x = number(e[i]);
        Optional<Double> y = number(a[i]);
        if (x.isPresent() && y.isPresent() && x.get() != 0) {
          worst = Math.max(worst, Math.abs(x.get() - y.get()) / Math.abs(x.get()));
        }
      }
    }
    return worst;
  }

  private static Optional<Double> number(String token) {
    try {
      return Optional.of(Double.parseDouble(token));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
