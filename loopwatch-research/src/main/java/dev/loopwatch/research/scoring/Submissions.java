package dev.loopwatch.research.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the predictions of a submission and rejects malformed ones with one message that says what
 * is wrong and what is expected.
 */
final class Submissions {
  /** The longest snapshot or result id accepted. */
  static final int MAX_ID = 200;

  private Submissions() {}

  /** The seed named by {@code node.seed}, which must be one of the task's. */
  static long seed(JsonNode node, Map<Long, SeedLabels> seeds) {
    JsonNode seed = node.get("seed");
    if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw new HttpError(
          400, "'seed' is missing or not an integer (the task's seeds: " + seeds.keySet() + ")");
    }
    if (!seeds.containsKey(seed.asLong())) {
      throw new HttpError(
          400, "'seed' " + seed.asLong() + " is not one of the task's seeds " + seeds.keySet());
    }
    return seed.asLong();
  }

  /** The predictions of {@code node.predictions}: exactly {@code size} values, each 0 or 1. */
  static int[] predictions(JsonNode node, long seed, int size) {
    JsonNode array = node.get("predictions");
    if (array == null || !array.isArray()) {
      throw new HttpError(400, "'predictions' is missing or not an array of 0/1 integers");
    }
    if (array.size() != size) {
      throw new HttpError(
          400,
          "'predictions' has "
              + array.size()
              + " values; seed "
              + seed
              + "'s test split has "
              + size
              + " messages, one prediction each");
    }
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      JsonNode value = array.get(i);
      // canConvertToLong first: asLong() wraps a big integer, and 2^64 + 1 would read as 1.
      if (!value.isIntegralNumber()
          || !value.canConvertToLong()
          || (value.asLong() != 0 && value.asLong() != 1)) {
        throw new HttpError(
            400,
            "'predictions["
                + i
                + "]' is "
                + value
                + "; each prediction is the integer 0 (not spam) or 1 (spam)");
      }
      out[i] = value.asInt();
    }
    return out;
  }

  /** An optional short string field (a snapshot or result id). */
  static Optional<String> id(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_ID) {
      throw new HttpError(
          400, "'" + field + "' must be a non-empty string of at most " + MAX_ID + " characters");
    }
    return Optional.of(value.asText());
  }

  /** The predictions packed into bits, for fast distance computations. */
  static long[] bits(int[] predictions) {
    long[] bits = new long[(predictions.length + 63) / 64];
    for (int i = 0; i < predictions.length; i++) {
      if (predictions[i] == 1) {
        bits[i >>> 6] |= 1L << (i & 63);
      }
    }
    return bits;
  }

  /** The predictions as a string of 0s and 1s (how the decision log stores them). */
  static String text(int[] predictions) {
    char[] chars = new char[predictions.length];
    for (int i = 0; i < predictions.length; i++) {
      chars[i] = predictions[i] == 1 ? '1' : '0';
    }
    return new String(chars);
  }
}
