package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {

  private static void add(List<Agreement.Pair> pairs, int count, Verdict judge, Verdict human) {
    for (int i = 0; i < count; i++) {
      pairs.add(new Agreement.Pair(judge, human));
    }
  }

  @Test
  void of_eightOfTen_givesWilsonIntervalAndKappa() {
    List<Agreement.Pair> pairs = new ArrayList<>();
    add(pairs, 4, Verdict.CANDIDATE, Verdict.CANDIDATE);
    add(pairs, 3, Verdict.HUMAN, Verdict.HUMAN);
    add(pairs, 1, Verdict.TIE, Verdict.TIE);
    add(pairs, 1, Verdict.CANDIDATE, Verdict.HUMAN);
    add(pairs, 1, Verdict.HUMAN, Verdict.CANDIDATE);

    Agreement agreement = Agreement.of(pairs, 0.95);

    assertThat(agreement.items()).isEqualTo(10);
    assertThat(agreement.agreed()).isEqualTo(8);
    assertThat(agreement.agreement().estimate()).isEqualTo(0.8);
    // Wilson 8/10 at 95%: [0.4902, 0.9433]. Chance agreement .5*.5 + .4*.4 + .1*.1 = .42,
    // so kappa = (.8 - .42) / (1 - .42).
    assertThat(agreement.agreement().low()).isCloseTo(0.4902, within(1e-3));
    assertThat(agreement.agreement().high()).isCloseTo(0.9433, within(1e-3));
    assertThat(agreement.kappa().getAsDouble()).isCloseTo(0.38 / 0.58, within(1e-12));
  }

  @Test
  void of_alwaysOneVerdict_hasNoKappa() {
    List<Agreement.Pair> pairs = new ArrayList<>();
    add(pairs, 5, Verdict.HUMAN, Verdict.HUMAN);

    Agreement agreement = Agreement.of(pairs, 0.95);

    assertThat(agreement.agreement().estimate()).isEqualTo(1.0);
    assertThat(agreement.kappa()).isEmpty();
  }

  @Test
  void of_oppositeRaters_hasNegativeKappa() {
    List<Agreement.Pair> pairs = new ArrayList<>();
    add(pairs, 5, Verdict.HUMAN, Verdict.CANDIDATE);
    add(pairs, 5, Verdict.CANDIDATE, Verdict.HUMAN);

    assertThat(Agreement.of(pairs, 0.95).kappa().getAsDouble()).isCloseTo(-1, within(1e-12));
  }
}
