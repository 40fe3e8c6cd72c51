package dev.loopwatch.trends.breakpoint;

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

class SeriesReaderTest {
  @TempDir Path temp;

  @Test
  void read_columnsInAnyOrderWithGroup_readsEveryPoint() throws Exception {
    Path file = temp.resolve("s.csv");
    Files.writeString(file, "value,\"Date\",group\n1.5,2024-01-02,a\n\n2,2024-02-03T10:00:00Z,\n");
    assertThat(SeriesReader.read(file))
        .containsExactly(
            new SeriesPoint(LocalDate.of(2024, 1, 2), 1.5, Optional.of("a")),
            new SeriesPoint(LocalDate.of(2024, 2, 3), 2, Optional.empty()));
  }

  @Test
  void parse_quotedFieldWithCommaAndEmptyDate_readsTheDatedRows() {
    List<SeriesPoint> points =
        SeriesReader.parse(
            "s.csv",
            List.of(
                "model,date,value",
                "\"Claude 3.5 Sonnet (Oct, 2024)\",2024-10-22,130.5",
                "\"say \"\"hi\"\"\",,99",
                "plain,2025-08-07,150"));

    assertThat(points)
        .containsExactly(
            SeriesPoint.of(LocalDate.of(2024, 10, 22), 130.5),
            SeriesPoint.of(LocalDate.of(2025, 8, 7), 150));
  }

  @Test
  void parse_missingValueColumn_namesLineOneAndHeader() {
    assertThatThrownBy(() -> SeriesReader.parse("s.csv", List.of("date,score", "2024-01-01,1")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("s.csv:1: missing column value (header: date,score)");
  }

  @Test
  void parse_nonNumericValue_namesTheLine() {
    assertThatThrownBy(() ->
            SeriesReader.parse("s.csv", List.of("date,value", "2024-01-01,1", "2024-01-02,abc")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("s.csv:3: value is not a number: 'abc'");
  }

  @Test
  void parse_badDate_namesTheLine() {
    assertThatThrownBy(() -> SeriesReader.parse("s.csv", List.of("date,value", "01/02/2024,1")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("s.csv:2: date is not YYYY-MM-DD: '01/02/2024'");
  }

  @Test
  void parse_wrongFieldCount_namesTheLine() {
    assertThatThrownBy(() -> SeriesReader.parse("s.csv", List.of("date,value", "2024-01-01,1,x")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("s.csv:2: expected 2 fields, found 3");
  }

  @Test
  void parse_empty_fails() {
    assertThatThrownBy(() -> SeriesReader.parse("s.csv", List.of("", " ")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("s.csv: empty; expected a header 'date,value[,group]'");
  }
}
