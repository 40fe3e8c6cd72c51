package dev.loopwatch.app.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Checks the column widths and alignment of {@link TextTable}. */
class TextTableTest {

  @Test
  void lines_textAndNumbers_widthsFromContentNumbersRight() {
    TextTable table =
        new TextTable(2, "agent", "id", "turns", "tokens")
            .row("claude", "a", "3", "19000")
            .row("codex", "0195b2c3", "12", "70");
    assertThat(table.lines())
        .containsExactly(
            "  agent   id        turns  tokens",
            "  claude  a             3   19000",
            "  codex   0195b2c3     12      70");
  }

  @Test
  void row_wrongCellCount_throws() {
    assertThatThrownBy(() -> new TextTable(1, "a", "b").row("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells");
  }
}
