package dev.loopwatch.git.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageLinesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "subject",
        "subject\n",
        "\n",
        "\r",
        "\r\n",
        "\n\r",
        "a\r\r\nb",
        "subject\n\nbody\r\nmore\rlast\n\n",
        "\r\n\r\nx"
      })
  void split_examples_equalRegexSplit(String text) {
    assertThat(MessageLines.split(text)).containsExactly(text.split("\r?\n|\r", -1));
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void split_randomText_equalsRegexSplit(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    char[] alphabet = {'a', 'b', ' ', '\n', '\r', '\t', 'é', '\u2028', '\u0085'};
    char[] text = new char[random.nextInt(40)];
    for (int i = 0; i < text.length; i++) {
      text[i] = alphabet[random.nextInt(alphabet.length)];
    }
    String message = new String(text);
    assertThat(MessageLines.split(message))
        .as("seed %d: %s", seed, Arrays.toString(text))
        .containsExactly(message.split("\r?\n|\r", -1));
  }
}
