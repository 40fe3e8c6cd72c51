package dev.loopwatch.git.provenance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commits of one scan range as a compact graph, with the first-parent chain and, for every
 * commit off the chain, the chain commit that merged it.
 *
 * <p>Ownership: walking the chain oldest first, a merge owns the commits reachable from its other
 * parents that no earlier chain commit reached. The set of owned commits stays closed under
 * ancestry, so a breadth-first walk can stop at any owned commit, and the whole assignment is
 * linear in the number of commits. Parents outside the range (the previous scan's tip and its
 * ancestors) count as already owned.
 */
final class CommitGraph {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> shas = new ArrayList<>();
  private final List<int[]> parents = new ArrayList<>();
  private int[] owner = new int[0];
  private int[] chain = new int[0];

  /** Adds a commit and its parents (by id; parents may be added later or never). */
  int add(String sha, List<String> parentShas) {
    int id = intern(sha);
    int[] ids = new int[parentShas.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = intern(parentShas.get(i));
    }
    while (parents.size() <= id) {
      parents.add(null);
    }
    parents.set(id, ids);
    return id;
  }

  private int intern(String sha) {
    Integer id = index.get(sha);
    if (id != null) {
      return id;
    }
    int next = shas.size();
    index.put(sha, next);
    shas.add(sha);
    return next;
  }

  /** Whether {@code sha} was added as a commit of the range (not only named as a parent). */
  boolean inRange(String sha) {
    Integer id = index.get(sha);
    return id != null && id < parents.size() && parents.get(id) != null;
  }

  private boolean inRange(int id) {
    return id < parents.size() && parents.get(id) != null;
  }

  /** Computes the chain from {@code tip} and ownership; call once, after every commit was added. */
  void resolve(String tip) {
    Integer tipId = index.get(tip);
    List<Integer> newestFirst = new ArrayList<>();
    int current = tipId == null ? -1 : tipId;
    while (current >= 0 && inRange(current)) {
      newestFirst.add(current);
      int[] ps = parents.get(current);
      current = ps.length == 0 ? -1 : ps[0];
    }
    chain = new int[newestFirst.size()];
    for (int i = 0; i < chain.length; i++) {
      chain[i] = newestFirst.get(chain.length - 1 - i);
    }
    owner = new int[shas.size()];
    Arrays.fill(owner, -1);
    for (int id = 0; id < owner.length; id++) {
      if (!inRange(id)) {
        owner[id] = -2;
      }
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int link : chain) {
      owner[link] = link;
      int[] ps = parents.get(link);
      for (int p = 1; p < ps.length; p++) {
        queue.add(ps[p]);
      }
      while (!queue.isEmpty()) {
        int commit = queue.poll();
        if (owner[commit] != -1) {
          continue;
        }
        owner[commit] = link;
        for (int parent : parents.get(commit)) {
          if (owner[parent] == -1) {
            queue.add(parent);
          }
        }
      }
    }
  }

  /** The first-parent chain, oldest first. */
  List<String> chain() {
    List<String> result = new ArrayList<>(chain.length);
    for (int link : chain) {
      result.add(shas.get(link));
    }
    return result;
  }

  /**
   * The chain commit that merged {@code sha} (itself for chain commits), if it is in range and
   * reachable.
   */
  Optional<String> owner(String sha) {
    Integer id = index.get(sha);
    if (id == null || owner[id] < 0) {
      return Optional.empty();
    }
    return Optional.of(shas.get(owner[id]));
  }

  /**
   * Commits off the chain owned by each chain commit, in a map from chain commit to its side
   * commits.
   */
  Map<String, List<String>> sideCommits() {
    Map<String, List<String>> result = new HashMap<>();
    for (int id = 0; id < owner.length; id++) {
      if (owner[id] >= 0 && owner[id] != id) {
        result.computeIfAbsent(shas.get(owner[id]), k -> new ArrayList<>()).add(shas.get(id));
      }
    }
    return result;
  }
}
