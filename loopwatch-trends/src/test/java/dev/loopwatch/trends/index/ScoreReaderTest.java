package dev.loopwatch.trends.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreReaderTest {
  @TempDir Path temp;

  @Test
  void read_epochColumns_usesModelNameAndDate() throws Exception {
    Path file = temp.resolve("eci_benchmarks.csv");
    Files.writeString(
        file,
        "model_id,benchmark_id,performance,benchmark,benchmark_release_date,model,model_version,"
            + "Model,date,source\n"
            + "m1,b1,0.8,Winogrande,2019-07-24,GPT-4,gpt-4-0613,GPT-4,2023-03-14,\"Epoch, eval\"\n");

    List<Score> scores = ScoreReader.read(file);

    assertThat(scores)
        .containsExactly(
            new Score(
                "GPT-4",
                "Winogrande",
                0.8,
                Optional.of(LocalDate.of(2023, 3, 14)),
                Optional.of("Epoch, eval")));
  }

  @Test
  void read_jsonLinesWithIdsOnly_fallsBackToIds() throws Exception {
    Path file = temp.resolve("scores.jsonl");
    Files.writeString(
        file,
        "{\"model_id\":\"m1\",\"benchmark_id\":\"b1\",\"score\":0.25}\n\n"
            + "{\"model\":\"x\",\"benchmark\":\"y\",\"performance\":1,\"date\":null}\n");

    assertThat(ScoreReader.read(file))
        .containsExactly(Score.of("m1", "b1", 0.25), Score.of("x", "y", 1));
  }

  @Test
  void read_scoreOutsideUnitInterval_namesTheLine() throws Exception {
    Path file = temp.resolve("s.csv");
    Files.writeString(file, "Model,benchmark,performance\na,b,0.5\na,c,1.5\n");

    assertThatThrownBy(() -> ScoreReader.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(file + ":3: performance must be in [0, 1]: 1.5");
  }

  @Test
  void read_missingBenchmarkColumn_namesTheHeader() throws Exception {
    Path file = temp.resolve("s.csv");
    Files.writeString(file, "Model,performance\na,0.5\n");

    assertThatThrownBy(() -> ScoreReader.read(file))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining(file + ":1: no benchmark or benchmark_id column");
  }
}
