package dev.loopwatch.research.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FinalizationTest {
  @Test
  void predictions_labelLists_readBySeed() {
    assertThat(Finalization.predictions("{\"1\": [0, 1, 1], \"0\": [1]}"))
        .containsOnlyKeys(0L, 1L)
        .hasEntrySatisfying(1L, values -> assertThat(values).containsExactly(0, 1, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.7", "1.5", "2", "-1", "\"1\"", "true", "null", "18446744073709551617"})
  void predictions_valueNotALabel_failsNamingSeedPositionAndValue(String value) {
    // 0.7 and 1.5 were read as 0 and 1 (canConvertToInt then a truncating asInt).
    assertThatThrownBy(() -> Finalization.predictions("{\"3\": [0, 1, " + value + "]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed 3: value 2 is " + value + ", not a label (0 or 1)");
  }

  @Test
  void predictions_notAList_fails() {
    assertThatThrownBy(() -> Finalization.predictions("{\"0\": 1}"))
        .hasMessage("seed 0: not a list of 0/1 predictions");
  }
}
