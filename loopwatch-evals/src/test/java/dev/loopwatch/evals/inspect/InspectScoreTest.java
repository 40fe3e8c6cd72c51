package dev.loopwatch.evals.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Score values to numbers, as Inspect's {@code value_to_float} maps them. */
class InspectScoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"C\"|1",
        "\"I\"|0",
        "\"P\"|0.5",
        "\"N\"|0",
        "1|1",
        "0|0",
        "0.25|0.25",
        "true|1",
        "false|0",
        "\"Yes\"|1",
        "\"TRUE\"|1",
        "\"no\"|0",
        "\"0.75\"|0.75",
        "\"c\"|",
        "\"maybe\"|",
        "\"inf\"|",
        "\"1d\"|",
        "[1, 0]|",
        "{\"a\": 1}|"
      })
  void number_value_mapsAsInspect(String json, Double expected) throws Exception {
    OptionalDouble number = new InspectScore(JSON.readTree(json), Optional.empty()).number();
    if (expected == null) {
      assertThat(number).isEmpty();
    } else {
      assertThat(number).hasValue(expected);
    }
  }
}
