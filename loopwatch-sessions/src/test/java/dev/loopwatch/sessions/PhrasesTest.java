package dev.loopwatch.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhrasesTest {

  private static final Phrases CORRECTIONS = Phrases.load("correction-phrases.txt");
  private static final Phrases CONFIRMATIONS = Phrases.load("confirmation-phrases.txt");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "No, use the other helper|no",
        "  -- wrong file|wrong",
        "there is no file called x|-",
        "I see nothing wrong with it|-",
        "the tests are still failing|still failing",
        "Same error as before|same error",
        "I meant the YAML loader|i meant",
        "you broke the build|you broke",
        "that’s not what I wanted|that's not",
        "revert that change|revert",
        "please undo|-",
        "undoing is hard|-",
        "nowhere to be found|-",
        "add a note about the wrong-way ramp|-"
      })
  void match_correctionPhrases_scoresWordBoundariesAndLeadingPosition(
      String prompt, String expected) {
    assertThat(CORRECTIONS.match(prompt).orElse(null)).as(prompt).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "thanks, looks good|thanks",
        "Perfect!|perfect",
        "ok it works now|it works",
        "add thanks to the README|-",
        "great|great"
      })
  void match_confirmationPhrases_needLeadingPositionForSingleWords(String prompt, String expected) {
    assertThat(CONFIRMATIONS.match(prompt).orElse(null)).as(prompt).isEqualTo(expected);
  }
}
