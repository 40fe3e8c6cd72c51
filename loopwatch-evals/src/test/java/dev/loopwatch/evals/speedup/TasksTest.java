package dev.loopwatch.evals.speedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task lookup by folder or built-in name. */
class TasksTest {
  @TempDir Path temp;

  @Test
  void resolve_folder_loadsIt() {
    Path folder = TaskTrees.task(temp.resolve("task"), "");

    assertThat(Tasks.resolve(folder.toString()).name()).isEqualTo("tiny-sleep");
  }

  @Test
  void release_builtInTask_deletesTheExtractedCopyWithItsReference() {
    TaskSpec task = Tasks.resolve("tiny-lm");
    assertThat(task.reference().orElseThrow()).isDirectory();

    Tasks.release(task);

    assertThat(task.folder()).doesNotExist();
  }

  @Test
  void release_userFolder_keepsIt() {
    Path folder = TaskTrees.task(temp.resolve("task"), "");

    Tasks.release(Tasks.resolve(folder.toString()));

    assertThat(folder.resolve("task.toml")).isRegularFile();
  }

  @Test
  void resolve_unknownName_userInputError() {
    assertThatThrownBy(() -> Tasks.resolve("no-such-task"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "no-such-task: not a task folder and not a built-in task (built-in: tiny-lm, once"
                + " installed)");
  }
}
