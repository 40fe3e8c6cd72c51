package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;

/** Repositories made by bench/synthetic-repo.sh, with the ground truth it writes beside them. */
public final class SyntheticRepos {
  private SyntheticRepos() {}

  /**
   * Makes a repository of {@code size} first-parent changes at {@code repo}; the generator writes
   * {@code repo.truth.json} beside it and its log to {@code log}.
   */
  public static Path generate(Path repo, int size, Path log) throws Exception {
    Path script = Path.of("..", "bench", "synthetic-repo.sh").toAbsolutePath().normalize();
    Process generator =
        new ProcessBuilder("bash", script.toString(), repo.toString(), Integer.toString(size))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())))
            .start();
    assertThat(generator.waitFor()).as("synthetic-repo.sh %s %d", repo, size).isZero();
    return repo;
  }
}
