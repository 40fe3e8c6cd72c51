package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentDataTest {
  @TempDir Path workspace;

  @Test
  void write_realTask_givesTextsFeaturesWeakLabelsAndTestOrderWithoutTruth() throws IOException {
    W2sExperiment experiment = SpamTask.experiment();
    AgentData.write(experiment, workspace);
    List<String> messages = Files.readAllLines(workspace.resolve("messages.jsonl"));
    assertThat(messages).hasSize(6046);
    assertThat(messages)
        .noneMatch(line -> line.contains("\"group\"") || line.contains("\"label\""));
    List<String> features = Files.readAllLines(workspace.resolve("features.csv"));
    assertThat(features).hasSize(6047);
    assertThat(features.get(1).split(",")).hasSize(101);
    List<String> test = Files.readAllLines(workspace.resolve("seed-2/test.csv"));
    assertThat(test.subList(1, test.size()).stream().mapToInt(Integer::parseInt).toArray())
        .isEqualTo(experiment.split(2).test());
    List<String> weak = Files.readAllLines(workspace.resolve("seed-2/train_unlabel.csv"));
    assertThat(weak.getFirst()).isEqualTo("index,weak_label,weak_prob");
    assertThat(weak).hasSize(experiment.split(2).trainUnlabel().length + 1);
    int[] labels =
        weak.subList(1, weak.size()).stream()
            .mapToInt(line -> Integer.parseInt(line.split(",")[1]))
            .toArray();
    assertThat(labels).isEqualTo(experiment.weakLabels(2));
    assertThat(Files.readString(workspace.resolve("task.json")))
        .contains("\"predictions_per_seed\"")
        .doesNotContain("trainLabel");
  }
}
