package dev.loopwatch.research.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directions files: one line per agent, reuse stated. */
class DirectionsTest {
  @TempDir Path temp;

  @Test
  void read_fewerLinesThanAgents_reuseStatedWithCounts() throws Exception {
    Path file = Files.writeString(temp.resolve("d.txt"), "# header\nfirst\n\n  second  \n");

    Directions directions = Directions.read(Optional.of(file), 3);

    assertThat(directions.lines()).containsExactly("first", "second");
    assertThat(directions.of(0)).isEqualTo("first");
    assertThat(directions.of(1)).isEqualTo("second");
    assertThat(directions.of(2)).isEqualTo("first");
    assertThat(directions.reused()).isTrue();
    assertThat(directions.reuseNote())
        .hasValue(
            file
                + " has 2 directions for 3 agents: agent i gets direction (i mod 2), so 1 agent"
                + " repeats a direction another agent has");
  }

  @Test
  void read_asManyLinesAsAgents_noReuse() throws Exception {
    Path file = Files.writeString(temp.resolve("d.txt"), "a\nb\n");

    assertThat(Directions.read(Optional.of(file), 2).reuseNote()).isEmpty();
  }

  @Test
  void read_noDirectionsOrMissingFile_usageError() throws Exception {
    Path empty = Files.writeString(temp.resolve("e.txt"), "# only a comment\n");

    assertThatThrownBy(() -> Directions.read(Optional.of(empty), 2))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("has no directions");
    assertThatThrownBy(() -> Directions.read(Optional.of(temp.resolve("missing.txt")), 2))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("cannot read the directions file");
  }
}
