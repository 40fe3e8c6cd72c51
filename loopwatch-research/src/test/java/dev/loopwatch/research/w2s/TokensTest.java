package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokensTest {
  private static final Pattern WORDS = Pattern.compile("(?U)\\b\\w\\w+\\b");
  private static final String ALPHABET = "aZ9_ \n\t.,;:-'\"<>/=éß0Ω!";

  @Test
  void of_mailBody_lowerCasedWordsOfTwoOrMore() {
    assertThat(Tokens.of("Click HERE: <a href=\"x.com\">FREE $$$ money_now</a> a I 42"))
        .containsExactly("click", "here", "href", "com", "free", "money_now", "42");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void of_randomText_sameTokensAsTheUnicodeWordPattern(long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    List<String> expected = new ArrayList<>();
    Matcher matcher = WORDS.matcher(text);
    while (matcher.find()) {
      expected.add(matcher.group().toLowerCase(Locale.ROOT));
    }
    assertThat(Tokens.of(text.toString())).as("seed %d", seed).isEqualTo(expected);
  }
}
