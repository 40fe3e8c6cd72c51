package dev.loopwatch.app.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consecutive months {@code loopwatch ladder} reports for a --since/--until window. */
class MonthsTest {
  private static final List<YearMonth> DATA = List.of(YearMonth.of(2026, 1), YearMonth.of(2026, 4));

  @Test
  void months_noWindow_firstToLastWithDataWithoutGaps() {
    assertThat(LadderCommand.months(DATA, null, null))
        .containsExactly(
            YearMonth.of(2026, 1),
            YearMonth.of(2026, 2),
            YearMonth.of(2026, 3),
            YearMonth.of(2026, 4));
  }

  @Test
  void months_untilFirstOfMonth_endsWithThePreviousMonth() {
    assertThat(LadderCommand.months(DATA, null, LocalDate.parse("2026-03-01")))
        .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
  }

  @Test
  void months_sinceMidMonth_startsWithThatMonth() {
    assertThat(LadderCommand.months(DATA, LocalDate.parse("2026-03-15"), null))
        .containsExactly(YearMonth.of(2026, 3), YearMonth.of(2026, 4));
  }

  @Test
  void months_sinceAfterAllData_isEmpty() {
    assertThat(LadderCommand.months(DATA, LocalDate.parse("2026-06-01"), null)).isEmpty();
  }

  @Test
  void months_noData_isEmpty() {
    assertThat(LadderCommand.months(List.of(), null, null)).isEmpty();
  }
}
