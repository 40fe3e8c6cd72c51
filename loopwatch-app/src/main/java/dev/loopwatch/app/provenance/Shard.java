package dev.loopwatch.app.provenance;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One share of a repositories file ({@code --shard i/N}), the same on every machine given the same
 * file, so N jobs together scan each repository exactly once.
 *
 * <p>Without weights a repository goes to shard {@code 1 + SHA-256(path as written) mod N}: every
 * machine agrees without seeing the others' clones. When every line gives a weight (e.g. its commit
 * count), repositories are dealt heaviest first to the lightest shard so far (ties by the hash),
 * which balances the shards' work.
 *
 * @param index this shard, 1-based
 * @param count how many shards
 */
record Shard(int index, int count) {
  Shard {
    if (count < 1 || index < 1 || index > count) {
      throw LoopwatchException.userInput(
          "--shard " + index + "/" + count + ": want i/N with 1 <= i <= N, e.g. 2/3");
    }
  }

  /** Parses {@code i/N}. */
  static Shard parse(String spec) {
    String[] parts = spec.strip().split("/", -1);
    if (parts.length != 2) {
      throw LoopwatchException.userInput("--shard '" + spec + "': want i/N, e.g. 2/3");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
    } catch (NumberFormatException e) {
      throw LoopwatchException.userInput("--shard '" + spec + "': want i/N, e.g. 2/3");
    }
  }

  /** The entries of this shard, in file order. */
  List<RepoList.Entry> select(List<RepoList.Entry> entries) {
    boolean weighted = entries.stream().allMatch(entry -> entry.weight().isPresent());
    List<RepoList.Entry> mine = new ArrayList<>();
    if (!weighted) {
      for (RepoList.Entry entry : entries) {
        if (Math.floorMod(hash(entry.text()), count) + 1 == index) {
          mine.add(entry);
        }
      }
      return List.copyOf(mine);
    }
    List<RepoList.Entry> heaviestFirst = new ArrayList<>(entries);
    heaviestFirst.sort(
        Comparator.comparingDouble((RepoList.Entry entry) -> -entry.weight().getAsDouble())
            .thenComparingLong(entry -> hash(entry.text())));
    double[] load = new double[count];
    Set<RepoList.Entry> assigned = new HashSet<>();
    for (RepoList.Entry entry : heaviestFirst) {
      int lightest = 0;
      for (int shard = 1; shard < count; shard++) {
        if (load[shard] < load[lightest]) {
          lightest = shard;
        }
      }
      load[lightest] += entry.weight().getAsDouble();
      if (lightest + 1 == index) {
        assigned.add(entry);
      }
    }
    for (RepoList.Entry entry : entries) {
      if (assigned.contains(entry)) {
        mine.add(entry);
      }
    }
    return List.copyOf(mine);
  }

  private static long hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
