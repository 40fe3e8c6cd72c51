package dev.loopwatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTest {
  @Test
  void parse_eachForm_givesHalfOpenRange() {
    assertThat(Period.parse("2024"))
        .isEqualTo(new Period("2024", LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1)));
    assertThat(Period.parse("2024-Q3"))
        .isEqualTo(new Period("2024-Q3", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 10, 1)));
    assertThat(Period.parse("2024-02")).extracting(Period::days).isEqualTo(29L);
    assertThat(Period.parse("2024-01-01..2024-06-30").end()).isEqualTo(LocalDate.of(2024, 7, 1));
  }

  @Test
  void parse_garbage_namesTheText() {
    assertThatThrownBy(() -> Period.parse("last year"))
        .hasMessageContaining("'last year' is not a period");
    assertThatThrownBy(() -> Period.parse("2024-13"))
        .hasMessageContaining("'2024-13' is not a valid period");
  }

  @Test
  void bucket_weekMonthQuarter_labelsAndStarts() {
    LocalDate day = LocalDate.of(2025, 1, 1);
    assertThat(Granularity.WEEK.bucket(day).label()).isEqualTo("2025-W01");
    assertThat(Granularity.WEEK.bucket(day).start()).isEqualTo(LocalDate.of(2024, 12, 30));
    assertThat(Granularity.MONTH.bucket(day).label()).isEqualTo("2025-01");
    assertThat(Granularity.QUARTER.bucket(LocalDate.of(2025, 8, 9)).label()).isEqualTo("2025-Q3");
  }
}
