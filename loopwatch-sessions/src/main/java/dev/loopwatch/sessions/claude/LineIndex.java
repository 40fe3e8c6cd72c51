package dev.loopwatch.sessions.claude;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The state one Claude Code read keeps across files: the line uuids already read (resumed sessions
 * and subagent files repeat lines), the conversation anchor of every tracked line, the messages
 * that have a message child (for rewinds) and the usage keys already counted.
 *
 * <p>This is the only state that grows with the corpus, so it is kept compact. A canonical
 * lowercase UUID (what Claude Code writes) is stored as its 128 bits in a {@link UuidTable}, which
 * is exact and reversible; any other string goes to an ordinary hash set or map, so every answer is
 * the same as with string sets. Usage keys ({@code message.id:requestId}) are stored as 128-bit
 * hashes (MurmurHash3 x64 128 over the UTF-16 code units); two different keys in a read of n keys
 * collide with probability about n²/2¹²⁹, which for a billion keys is below 10⁻²⁰.
 */
final class LineIndex {
  private static final int SEEN = 1 << 1;
  private static final int TRACKED_SELF = 1 << 2;
  private static final int TRACKED_OTHER = 1 << 3;
  private static final int CHILD = 1 << 4;
  private static final int ANCHOR_EMPTY = 1 << 5;
  private static final int ANCHOR_ODD = 1 << 6;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final UuidTable lines = new UuidTable(false);
  private final UuidTable anchors = new UuidTable(true);
  private final UuidTable usage = new UuidTable(false);
  private final Set<String> oddSeen = new HashSet<>();
  private final Map<String, String> oddAnchors = new HashMap<>();
  private final Set<String> oddChildren = new HashSet<>();
  private final long[] key = new long[2];

  /** Records {@code uuid} as read; returns false when it was read before. */
  boolean firstSight(String uuid) {
    if (!canonical(uuid, key)) {
      return oddSeen.add(uuid);
    }
    if ((lines.flags(key[0], key[1]) & SEEN) != 0) {
      return false;
    }
    lines.mark(key[0], key[1], SEEN);
    return true;
  }

  /** Returns whether {@code uuid} was tracked as a message or another line. */
  boolean tracked(String uuid) {
    if (!canonical(uuid, key)) {
      return oddAnchors.containsKey(uuid);
    }
    return (lines.flags(key[0], key[1]) & (TRACKED_SELF | TRACKED_OTHER)) != 0;
  }

  /**
   * Returns the anchor of {@code uuid}: itself for a message or an unknown line, else the anchor
   * recorded for it (possibly empty).
   */
  String anchor(String uuid) {
    if (!canonical(uuid, key)) {
      return oddAnchors.getOrDefault(uuid, uuid);
    }
    int flags = lines.flags(key[0], key[1]);
    if ((flags & TRACKED_OTHER) == 0) {
      return uuid;
    }
    if ((flags & ANCHOR_EMPTY) != 0) {
      return "";
    }
    if ((flags & ANCHOR_ODD) != 0) {
      return oddAnchors.get(uuid);
    }
    return format(anchors.valueHigh(key[0], key[1]), anchors.valueLow(key[0], key[1]));
  }

  /** Records that message {@code uuid} is its own anchor. */
  void trackMessage(String uuid) {
    if (!canonical(uuid, key)) {
      oddAnchors.put(uuid, uuid);
      return;
    }
    lines.mark(key[0], key[1], TRACKED_SELF);
  }

  /** Records {@code anchor} as the anchor of the non-message line {@code uuid}. */
  void trackOther(String uuid, String anchor) {
    if (!canonical(uuid, key)) {
      oddAnchors.put(uuid, anchor);
      return;
    }
    long keyHigh = key[0];
    long keyLow = key[1];
    if (anchor.isEmpty()) {
      lines.mark(keyHigh, keyLow, TRACKED_OTHER | ANCHOR_EMPTY);
    } else if (canonical(anchor, key)) {
      lines.mark(keyHigh, keyLow, TRACKED_OTHER);
      anchors.put(keyHigh, keyLow, UuidTable.OCCUPIED, key[0], key[1]);
    } else {
      lines.mark(keyHigh, keyLow, TRACKED_OTHER | ANCHOR_ODD);
      oddAnchors.put(uuid, anchor);
    }
  }

  /** Returns whether {@code anchor} has a message child. */
  boolean hasChild(String anchor) {
    if (!canonical(anchor, key)) {
      return oddChildren.contains(anchor);
    }
    return (lines.flags(key[0], key[1]) & CHILD) != 0;
  }

  /** Records that {@code anchor} has a message child. */
  void markChild(String anchor) {
    if (!canonical(anchor, key)) {
      oddChildren.add(anchor);
      return;
    }
    lines.mark(key[0], key[1], CHILD);
  }

  /** Records a usage key; returns false when it was counted before. */
  boolean firstUsage(String usageKey) {
    murmur(usageKey, key);
    if (usage.flags(key[0], key[1]) != 0) {
      return false;
    }
    usage.mark(key[0], key[1], UuidTable.OCCUPIED);
    return true;
  }

  /**
   * Parses a canonical lowercase UUID ({@code 8-4-4-4-12} hex digits) into {@code bits}; returns
   * false (leaving {@code bits} unspecified) for any other string.
   */
  static boolean canonical(String text, long[] bits) {
    if (text.length() != 36) {
      return false;
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
        continue;
      }
      int value;
      if (c >= '0' && c <= '9') {
        value = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        value = c - 'a' + 10;
      } else {
        return false;
      }
      if (digits < 16) {
        high = (high << 4) | value;
      } else {
        low = (low << 4) | value;
      }
      digits++;
    }
    bits[0] = high;
    bits[1] = low;
    return true;
  }

  /** Formats 128 bits as a canonical lowercase UUID, the inverse of {@link #canonical}. */
  static String format(long high, long low) {
    char[] text = new char[36];
    int digit = 0;
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        text[i] = '-';
        continue;
      }
      long half = digit < 16 ? high : low;
      int shift = (15 - (digit % 16)) * 4;
      text[i] = HEX[(int) ((half >>> shift) & 0xf)];
      digit++;
    }
    return new String(text);
  }

  /** MurmurHash3 x64 128 of the UTF-16 code units of {@code text}, into {@code hash}. */
  static void murmur(String text, long[] hash) {
    final long c1 = 0x87c37b91114253d5L;
    final long c2 = 0x4cf5ad432745937fL;
    long h1 = 0x9368e53c2f6af274L;
    long h2 = 0x586dcd208f7cd3fdL;
    int length = text.length();
    int blocks = length / 8;
    for (int b = 0; b < blocks; b++) {
      int at = b * 8;
      long k1 = chars(text, at, 4);
      long k2 = chars(text, at + 4, 4);
      k1 *= c1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= c2;
      h1 ^= k1;
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      k2 *= c2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= c1;
      h2 ^= k2;
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = length - blocks * 8;
    if (tail > 0) {
      int at = blocks * 8;
      long k1 = chars(text, at, Math.min(tail, 4));
      long k2 = tail > 4 ? chars(text, at + 4, tail - 4) : 0;
      if (k2 != 0 || tail > 4) {
        k2 *= c2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= c1;
        h2 ^= k2;
      }
      k1 *= c1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= c2;
      h1 ^= k1;
    }
    h1 ^= length * 2L;
    h2 ^= length * 2L;
    h1 += h2;
    h2 += h1;
    h1 = UuidTable.mix(h1);
    h2 = UuidTable.mix(h2);
    h1 += h2;
    h2 += h1;
    hash[0] = h1;
    hash[1] = h2;
  }

  private static long chars(String text, int at, int count) {
    long value = 0;
    for (int i = count - 1; i >= 0; i--) {
      value = (value << 16) | text.charAt(at + i);
    }
    return value;
  }
}
