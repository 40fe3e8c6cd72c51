package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seeds of one grading: the check seeds (outputs compared before timing) and one seed per timed
 * pair, warm-up first. For a real grading every seed is drawn at grading time from a secure random
 * source, all distinct and none a practice seed, so no build, run or earlier grading can have seen
 * them; the practice mode reuses the task's public practice seeds.
 *
 * @param check the check seeds
 * @param timed one seed per pair, the warm-up pair first
 * @param notes what the report should say about the seeds
 */
record Seeds(List<Long> check, List<Long> timed, List<String> notes) {
  /** Seeds are drawn from 1 to this bound (exclusive), so programs may keep them in an int. */
  static final long BOUND = Integer.MAX_VALUE;

  Seeds {
    check = List.copyOf(requireNonNull(check, "check is null"));
    timed = List.copyOf(requireNonNull(timed, "timed is null"));
    notes = List.copyOf(requireNonNull(notes, "notes is null"));
  }

  /** Chooses the seeds for grading {@code task} with {@code pairs} pairs (warm-up included). */
  static Seeds choose(TaskSpec task, boolean practice, int pairs, SecureRandom random) {
    List<String> notes = new ArrayList<>();
    if (task.data().orElse(null) instanceof TaskData.Folder) {
      notes.add(
          "the task's data is a fixed folder: timed runs differ only in their seed argument, so"
              + " their inputs are not fresh");
    }
    if (practice) {
      List<Long> check = task.seeds(true);
      List<Long> timed = new ArrayList<>();
      for (int pair = 0; pair < pairs; pair++) {
        timed.add(check.get(pair % check.size()));
      }
      notes.add("practice seeds " + join(check) + ": public, and reused by the timed pairs");
      return new Seeds(check, timed, notes);
    }
    task.seeds(false);
    Set<Long> drawn = new LinkedHashSet<>();
    int wanted = task.checkSeeds() + pairs;
    while (drawn.size() < wanted) {
      long seed = 1 + (long) (random.nextDouble() * (BOUND - 1));
      if (!task.practiceSeeds().contains(seed)) {
        drawn.add(seed);
      }
    }
    List<Long> all = List.copyOf(drawn);
    List<Long> check = all.subList(0, task.checkSeeds());
    List<Long> timed = all.subList(task.checkSeeds(), wanted);
    notes.add(
        "seeds drawn at grading time (SecureRandom), each run only in this grading: check "
            + join(check)
            + "; timed, warm-up first, "
            + join(timed));
    return new Seeds(check, timed, notes);
  }

  private static String join(List<Long> seeds) {
    return seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
