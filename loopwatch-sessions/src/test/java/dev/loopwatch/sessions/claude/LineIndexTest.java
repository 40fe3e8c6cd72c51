package dev.loopwatch.sessions.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact cross-file state of a Claude Code read answers exactly as string sets would. */
class LineIndexTest {

  private static String uuid(SplittableRandom random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void canonical_randomUuids_roundTripThroughFormat(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] bits = new long[2];
    for (int i = 0; i < 1000; i++) {
      String text = uuid(random);
      assertThat(LineIndex.canonical(text, bits)).as("seed %d: %s", seed, text).isTrue();
      assertThat(LineIndex.format(bits[0], bits[1])).as("seed %d", seed).isEqualTo(text);
    }
  }

  @Test
  void canonical_uppercaseShortOrMisplacedDash_rejected() {
    long[] bits = new long[2];
    String good = "0195b2c3-1d2e-7f3a-9b4c-5d6e7f8a9b0c";
    assertThat(LineIndex.canonical(good, bits)).isTrue();
    assertThat(LineIndex.canonical(good.toUpperCase(Locale.ROOT), bits)).isFalse();
    assertThat(LineIndex.canonical(good.substring(1), bits)).isFalse();
    assertThat(LineIndex.canonical("0195b2c31-d2e-7f3a-9b4c-5d6e7f8a9b0c", bits)).isFalse();
    assertThat(LineIndex.canonical("0195b2c3-1d2e-7f3a-9b4c-5d6e7f8a9b0g", bits)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void firstSight_mixedUuidsAndOddStrings_sameAsHashSet(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    LineIndex index = new LineIndex();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 50_000; i++) {
      String text =
          switch (random.nextInt(3)) {
            case 0 -> uuid(random);
            case 1 -> "odd-" + random.nextInt(5000);
            default -> new UUID(0, random.nextInt(20_000)).toString();
          };
      assertThat(index.firstSight(text))
          .as("seed %d: %s", seed, text)
          .isEqualTo(expected.add(text));
    }
  }

  @Test
  void anchor_messagesOthersAndUnknown_asStringMaps() {
    LineIndex index = new LineIndex();
    String message = "11111111-1111-4111-8111-111111111111";
    String other = "22222222-2222-4222-8222-222222222222";
    String empty = "33333333-3333-4333-8333-333333333333";
    String odd = "44444444-4444-4444-8444-444444444444";
    index.trackMessage(message);
    index.trackOther(other, message);
    index.trackOther(empty, "");
    index.trackOther(odd, "not-a-uuid");
    index.trackOther("odd-line", other);

    assertThat(index.anchor(message)).isEqualTo(message);
    assertThat(index.anchor(other)).isEqualTo(message);
    assertThat(index.anchor(empty)).isEmpty();
    assertThat(index.anchor(odd)).isEqualTo("not-a-uuid");
    assertThat(index.anchor("odd-line")).isEqualTo(other);
    assertThat(index.anchor("55555555-5555-4555-8555-555555555555"))
        .isEqualTo("55555555-5555-4555-8555-555555555555");
    assertThat(index.tracked(message)).isTrue();
    assertThat(index.tracked(empty)).isTrue();
    assertThat(index.tracked("odd-line")).isTrue();
    assertThat(index.tracked("55555555-5555-4555-8555-555555555555")).isFalse();
    assertThat(index.tracked("unknown")).isFalse();
  }

  @Test
  void markChild_uuidAndOddAnchors_remembered() {
    LineIndex index = new LineIndex();
    index.markChild("11111111-1111-4111-8111-111111111111");
    index.markChild("odd");

    assertThat(index.hasChild("11111111-1111-4111-8111-111111111111")).isTrue();
    assertThat(index.hasChild("odd")).isTrue();
    assertThat(index.hasChild("11111111-1111-4111-8111-111111111112")).isFalse();
    assertThat(index.hasChild("odder")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22, 23})
  void firstUsage_distinctKeysOnceEach(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    LineIndex index = new LineIndex();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 50_000; i++) {
      String key =
          "msg_01" + Long.toString(random.nextLong(40_000), 36) + ":req_" + random.nextInt(2);
      assertThat(index.firstUsage(key)).as("seed %d: %s", seed, key).isEqualTo(expected.add(key));
    }
  }

  @Test
  void murmur_prefixAndTailLengths_differ() {
    Set<String> hashes = new HashSet<>();
    long[] hash = new long[2];
    StringBuilder text = new StringBuilder();
    for (int length = 0; length < 40; length++) {
      LineIndex.murmur(text.toString(), hash);
      hashes.add(hash[0] + ":" + hash[1]);
      text.append('a');
    }
    assertThat(hashes).hasSize(40);
  }
}
