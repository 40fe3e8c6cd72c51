package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.evals.judgment.BradleyTerry.Battle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {

  private static void add(List<Battle> battles, int count, String a, String b, double score) {
    for (int i = 0; i < count; i++) {
      battles.add(new Battle("s" + battles.size(), a, b, score));
    }
  }

  @Test
  void fit_threeWinsInFour_isFourHundredTimesLogTenOfThreeApart() {
    List<Battle> battles = new ArrayList<>();
    add(battles, 3, "a", "b", 1);
    add(battles, 1, "a", "b", 0);

    Map<String, Double> ratings = BradleyTerry.fit(battles);

    // P(a beats b) = 3/4 = 1/(1 + 10^(-d/400)), so d = 400 log10(3) = 190.849, centred on 1000.
    assertThat(ratings.get("a")).isCloseTo(1000 + 200 * Math.log10(3), within(1e-3));
    assertThat(ratings.get("b")).isCloseTo(1000 - 200 * Math.log10(3), within(1e-3));
  }

  @Test
  void fit_threePlayersWithTies_matchesAnIndependentComputation() {
    List<Battle> battles = new ArrayList<>();
    add(battles, 6, "model-a", "human", 1);
    add(battles, 2, "model-a", "human", 0);
    add(battles, 2, "model-a", "human", 0.5);
    add(battles, 3, "model-b", "human", 1);
    add(battles, 5, "model-b", "human", 0);
    add(battles, 2, "model-b", "human", 0.5);
    add(battles, 2, "model-a", "model-b", 1);
    add(battles, 1, "model-a", "model-b", 0);
    add(battles, 1, "model-a", "model-b", 0.5);

    Map<String, Double> ratings = BradleyTerry.fit(battles);

    // From numpy/scipy: FastChat's compute_mle_elo design (rows of +-log 10, wins weighted 2,
    // ties 1 each way, no intercept, no penalty) minimised by L-BFGS from zero; 400*coef + 1000.
    assertThat(ratings.get("human")).isCloseTo(975.483431, within(1e-3));
    assertThat(ratings.get("model-a")).isCloseTo(1093.113475, within(1e-3));
    assertThat(ratings.get("model-b")).isCloseTo(931.403094, within(1e-3));
  }

  @Test
  void fit_orderOfBattles_doesNotMatter() {
    List<Battle> battles = new ArrayList<>();
    add(battles, 4, "x", "human", 1);
    add(battles, 3, "y", "human", 0.5);
    add(battles, 2, "x", "human", 0);
    add(battles, 2, "y", "human", 1);
    List<Battle> shuffled = new ArrayList<>(battles);
    Collections.reverse(shuffled);

    assertThat(BradleyTerry.fit(shuffled)).isEqualTo(BradleyTerry.fit(battles));
  }

  @Test
  void ratings_candidatesAgainstTheHuman_rankThemWithIntervalsAroundTheEstimate() {
    List<Battle> battles = new ArrayList<>();
    for (Comparison comparison : Judges.blindToLength(120, 0.75, 1)) {
      battles.add(Battle.of(comparison));
    }
    for (Comparison comparison : Judges.blindToLength(120, 0.35, 2)) {
      battles.add(
          Battle.of(
              new Comparison(
                  comparison.itemId(),
                  comparison.sessionId(),
                  "weak",
                  comparison.candidateFirst(),
                  comparison.candidateSecond(),
                  1,
                  1)));
    }

    List<BradleyTerry.Rating> ratings = BradleyTerry.ratings(battles, 0.95, 200, 3);

    assertThat(ratings)
        .extracting(BradleyTerry.Rating::player)
        .containsExactly("model", "human", "weak");
    assertThat(ratings.stream().mapToDouble(BradleyTerry.Rating::rating).average().orElseThrow())
        .isCloseTo(1000, within(1e-3));
    for (BradleyTerry.Rating rating : ratings) {
      assertThat(rating.low()).isLessThan(rating.rating());
      assertThat(rating.high()).isGreaterThan(rating.rating());
    }
  }
}
