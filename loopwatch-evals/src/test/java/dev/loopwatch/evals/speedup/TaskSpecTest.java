package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict reading of task.toml. */
class TaskSpecTest {
  @TempDir Path temp;

  @Test
  void load_validTask_readsEveryKey() {
    Path folder = TaskTrees.task(temp.resolve("task"), "");

    TaskSpec spec = TaskSpec.load(folder);

    assertThat(spec.name()).isEqualTo("tiny-sleep");
    assertThat(spec.baseline()).isEqualTo(folder.toAbsolutePath().resolve("baseline"));
    assertThat(spec.reference()).isEmpty();
    assertThat(spec.build()).containsExactly("sh", "build.sh");
    assertThat(spec.run()).containsExactly("sh", "src/prog.sh", "{seed}", "{output}");
    assertThat(spec.editable()).containsExactly("src/**");
    assertThat(spec.outputs()).containsExactly(new OutputRule.Numeric("{output}", 1e-4, 1e-3));
    assertThat(spec.gradingSeeds()).isEmpty();
    assertThat(spec.checkSeeds()).isEqualTo(3);
    assertThat(spec.practiceSeeds()).containsExactly(1L, 2L);
    assertThat(spec.maxSpeedup()).isEqualTo(200.0);
    assertThat(spec.limits()).isEqualTo(new Limits(30, 512, 2));
    assertThat(spec.pairs()).isEqualTo(3);
    assertThat(spec.seeds(true)).isEqualTo(List.of(1L, 2L));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "colour = 1|unknown key 'task.colour'",
        "grading_seeds = [1.5]|'task.grading_seeds' must be a list of integers",
        "grading_seeds = [2, 2]|'task.grading_seeds' lists seed 2 twice",
        "grading_seeds = [1]|'task.practice_seeds' must not share seeds with grading_seeds: 1",
        "check_seeds = 0|'task.check_seeds' must be between 1 and 100",
        "single_threaded = 1|'task.single_threaded' must be true or false",
        "limits = { pids = 2 }|'task.limits.pids' must be between 8 and 1000000",
        "limits = { file_mb = 0 }|'task.limits.file_mb' must be between 1 and 1048576",
        "limits = { output_mb = 0 }|'task.limits.output_mb' must be between 1 and 4096",
        "pairs = \"five\"|'task.pairs' must be an integer",
        "pairs = 1|'task.pairs' must be between 2 and 1000",
        "max_speedup = 0.5|'task.max_speedup' must be greater than 1",
        "reference = \"missing\"|'task.reference' names ",
        "reference = \"../..\"|'task.reference' must be a folder inside the task folder",
        "limits = { wall_seconds = 0 }|'task.limits.wall_seconds' must be between 1 and 86400",
        "limits = { disk = 1 }|unknown key 'task.limits.disk'",
        "outputs = [{ file = \"x\", rule = \"fuzzy\" }]|'task.outputs[0].rule' must be \"exact\" or"
            + " \"numeric\", not \"fuzzy\"",
        "outputs = [{ file = \"x\", rule = \"numeric\", abs_tol = 1 }]|'task.outputs[0].rel_tol'"
            + " is missing",
        "outputs = [{ rule = \"exact\" }]|'task.outputs[0].file' is missing",
        "run = []|'task.run' is missing or empty",
        "build = \"make\"|'task.build' must be a list of strings",
        "data = 3|'task.data' must be a folder (a string) or a generator argv (a list of strings)",
        "data = []|'task.data' is an empty generator argv",
        "data = [\"gen.sh\", 1]|'task.data' must be a list of strings",
        "data = [\"sh\", \"gen.sh\"]|'task.data' must pass {data} to the generator (the path it writes to)",
        "data = \"missing\"|'task.data' names ",
      })
  void load_badKey_failsNamingFileAndKey(String line, String message) {
    Path folder = TaskTrees.task(temp.resolve("task"), "");
    String key = line.substring(0, line.indexOf(' '));
    String toml =
        TaskTrees.read(folder.resolve("task.toml"))
                .lines()
                .filter(existing -> !existing.startsWith(key + " "))
                .reduce("", (a, b) -> a + b + "\n")
            + line
            + "\n";
    TaskTrees.write(folder.resolve("task.toml"), toml);

    assertThatThrownBy(() -> TaskSpec.load(folder))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(folder.toAbsolutePath().resolve("task.toml") + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void load_dataString_folder() {
    Path folder = TaskTrees.task(temp.resolve("task"), "data = \"baseline/lib\"\n");

    TaskSpec spec = TaskSpec.load(folder);

    assertThat(spec.data())
        .contains(new TaskData.Folder(folder.toAbsolutePath().resolve("baseline/lib")));
  }

  @Test
  void load_dataList_generatorArgv() {
    Path folder =
        TaskTrees.task(
            temp.resolve("task"), "data = [\"sh\", \"gen.sh\", \"{seed}\", \"{data}\"]\n");

    TaskSpec spec = TaskSpec.load(folder);

    assertThat(spec.data())
        .contains(new TaskData.Generator(List.of("sh", "gen.sh", "{seed}", "{data}")));
  }

  @Test
  void load_missingName_failsNamingKey() {
    Path folder = TaskTrees.task(temp.resolve("task"), "");
    TaskTrees.write(
        folder.resolve("task.toml"),
        TaskTrees.read(folder.resolve("task.toml")).replace("name = \"tiny-sleep\"\n", ""));

    assertThatThrownBy(() -> TaskSpec.load(folder)).hasMessageEndingWith("'task.name' is missing");
  }

  @Test
  void load_noTaskFile_userInputError() {
    assertThatThrownBy(() -> TaskSpec.load(temp))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(temp + ": not a speedup task (no task.toml)");
  }
}
