package dev.loopwatch.sessions.claude;

/**
 * An open-addressing hash table of 128-bit keys, each with a byte of flags and, optionally, a
 * 128-bit value: the compact store behind {@link LineIndex}.
 *
 * <p>Linear probing over power-of-two arrays, grown at 60% load; a slot is free when its flags are
 * 0, so every stored key carries {@link #OCCUPIED}. Nothing is ever removed. About 17 bytes a slot
 * without values and 33 with, against some 150 to 250 bytes for a UUID string in a {@code HashSet}
 * or {@code HashMap}.
 */
final class UuidTable {
  /** The flag every stored key has. */
  static final byte OCCUPIED = 1;

  private final boolean withValues;
  private long[] high;
  private long[] low;
  private byte[] flags;
  private long[] valueHigh;
  private long[] valueLow;
  private int size;

  /** Creates an empty table, with room for a value per key when {@code withValues}. */
  UuidTable(boolean withValues) {
    this.withValues = withValues;
    allocate(1 << 10);
  }

  /** Returns the flags of the key, or 0 when it is absent. */
  byte flags(long keyHigh, long keyLow) {
    return flags[slot(keyHigh, keyLow)];
  }

  /** Adds {@code add} to the flags of the key, storing it first when absent. */
  void mark(long keyHigh, long keyLow, int add) {
    int slot = insert(keyHigh, keyLow);
    flags[slot] = (byte) (flags[slot] | add | OCCUPIED);
  }

  /** Stores the key with {@code value} as its value and {@code add} among its flags. */
  void put(long keyHigh, long keyLow, int add, long value1, long value2) {
    if (!withValues) {
      throw new IllegalStateException("this table holds no values");
    }
    int slot = insert(keyHigh, keyLow);
    flags[slot] = (byte) (flags[slot] | add | OCCUPIED);
    valueHigh[slot] = value1;
    valueLow[slot] = value2;
  }

  /** Returns the high half of the key's value; the key must be present. */
  long valueHigh(long keyHigh, long keyLow) {
    return valueHigh[slot(keyHigh, keyLow)];
  }

  /** Returns the low half of the key's value; the key must be present. */
  long valueLow(long keyHigh, long keyLow) {
    return valueLow[slot(keyHigh, keyLow)];
  }

  /** Returns the number of keys. */
  int size() {
    return size;
  }

  private int insert(long keyHigh, long keyLow) {
    int slot = slot(keyHigh, keyLow);
    if (flags[slot] == 0) {
      if ((size + 1) * 5L > flags.length * 3L) {
        grow();
        slot = slot(keyHigh, keyLow);
      }
      high[slot] = keyHigh;
      low[slot] = keyLow;
      size++;
    }
    return slot;
  }

  /** Returns the slot holding the key, or the free slot where it would go. */
  private int slot(long keyHigh, long keyLow) {
    int mask = flags.length - 1;
    int slot = (int) mix(keyHigh ^ mix(keyLow)) & mask;
    while (flags[slot] != 0 && (high[slot] != keyHigh || low[slot] != keyLow)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    byte[] oldFlags = flags;
    long[] oldValueHigh = valueHigh;
    long[] oldValueLow = valueLow;
    allocate(oldFlags.length * 2);
    for (int i = 0; i < oldFlags.length; i++) {
      if (oldFlags[i] != 0) {
        int slot = slot(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        flags[slot] = oldFlags[i];
        if (withValues) {
          valueHigh[slot] = oldValueHigh[i];
          valueLow[slot] = oldValueLow[i];
        }
      }
    }
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    flags = new byte[capacity];
    if (withValues) {
      valueHigh = new long[capacity];
      valueLow = new long[capacity];
    }
  }

  /** MurmurHash3's 64-bit finaliser. */
  static long mix(long value) {
    long k = value;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
