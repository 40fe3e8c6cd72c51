package dev.loopwatch.research.w2s;

import dev.loopwatch.research.task.W2sTaskSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures a task's baselines over its seeds and prints them as the {@code [baselines]} block of
 * its {@code task.toml}, followed by the reference method's numbers as comments. Run it once when
 * adding a task: {@code java -cp <research jar and deps>
 * dev.loopwatch.research.w2s.MeasureBaselines path/to/task.toml [SEEDS]}. With {@code SEEDS} (a
 * count N) it also compares the reference method with naive transfer on seeds 0 to N − 1, paired by
 * seed: the mean difference in PGR with its 95% Student-t interval and the seeds each side won.
 */
public final class MeasureBaselines {
  private MeasureBaselines() {}

  /** Measures the task named by {@code args[0]} (a task.toml path or a built-in id). */
  public static void main(String[] args) {
    if (args.length != 1 && args.length != 2) {
      System.err.println("usage: MeasureBaselines TASK_TOML [SEEDS]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    W2sTaskSpec task =
        file.toFile().isFile() ? W2sTaskSpec.loadUnregistered(file) : W2sTaskSpec.resolve(args[0]);
    W2sExperiment experiment = W2sExperiment.prepare(task);
    print(measure(experiment, task.seeds()), System.out);
    if (args.length == 2) {
      List<Long> seeds = new ArrayList<>();
      for (long seed = 0; seed < Integer.parseInt(args[1]); seed++) {
        seeds.add(seed);
      }
      printPaired(measure(experiment, seeds), System.out);
    }
  }

  /** Runs every seed of {@code task}. */
  public static List<SeedOutcome> measure(W2sTaskSpec task) {
    return measure(W2sExperiment.prepare(task), task.seeds());
  }

  /** Runs {@code seeds} of a prepared experiment. */
  static List<SeedOutcome> measure(W2sExperiment experiment, List<Long> seeds) {
    List<SeedOutcome> outcomes = new ArrayList<>();
    for (long seed : seeds) {
      outcomes.add(experiment.run(seed));
    }
    return outcomes;
  }

  /**
   * Prints, as comments, each seed's naive and reference PGR against that seed's own weak and
   * ceiling, then the paired difference (reference − naive): mean, 95% Student-t interval, wins.
   */
  static void printPaired(List<SeedOutcome> outcomes, PrintStream out) {
    out.printf(Locale.ROOT, "%n# paired comparison over %d seeds%n", outcomes.size());
    for (SeedOutcome o : outcomes) {
      out.printf(
          Locale.ROOT,
          "# seed %d: weak %.4f ceiling %.4f naive %.4f reference %.4f; PGR naive %.3f,"
              + " reference %.3f%n",
          o.seed(),
          o.weak(),
          o.ceiling(),
          o.naive(),
          o.reference(),
          o.naivePgr(),
          o.referencePgr());
    }
    PairedDifference d = PairedDifference.of(outcomes);
    out.printf(
        Locale.ROOT,
        "# PGR naive %.3f (s.d. %.3f), reference %.3f (s.d. %.3f); reference - naive %.3f,"
            + " 95%% CI [%.3f, %.3f]; reference better on %d, worse on %d, tied on %d seeds%n",
        mean(outcomes, SeedOutcome::naivePgr),
        sd(outcomes, SeedOutcome::naivePgr),
        mean(outcomes, SeedOutcome::referencePgr),
        sd(outcomes, SeedOutcome::referencePgr),
        d.mean(),
        d.low(),
        d.high(),
        d.better(),
        d.worse(),
        d.tied());
  }

  /** Prints {@code outcomes} as a {@code [baselines]} TOML block. */
  public static void print(List<SeedOutcome> outcomes, PrintStream out) {
    out.println("[baselines]");
    out.printf(Locale.ROOT, "weak = %.4f%n", mean(outcomes, SeedOutcome::weak));
    out.printf(Locale.ROOT, "ceiling = %.4f%n", mean(outcomes, SeedOutcome::ceiling));
    out.printf(Locale.ROOT, "naive = %.4f%n", mean(outcomes, SeedOutcome::naive));
    for (SeedOutcome o : outcomes) {
      out.printf(
          Locale.ROOT,
          "%n[[baselines.seed]]%nseed = %d%nweak = %.4f%nceiling = %.4f%nnaive = %.4f%n",
          o.seed(),
          o.weak(),
          o.ceiling(),
          o.naive());
      out.printf(
          Locale.ROOT,
          "# reference %.4f; naive PGR %.3f, reference PGR %.3f; weak words %s%n",
          o.reference(),
          o.naivePgr(),
          o.referencePgr(),
          String.join(" ", o.weakWords()));
    }
    out.printf(
        Locale.ROOT,
        "%n# reference mean %.4f; mean PGR naive %.3f (s.d. %.3f), reference %.3f (s.d. %.3f)%n",
        mean(outcomes, SeedOutcome::reference),
        mean(outcomes, SeedOutcome::naivePgr),
        sd(outcomes, SeedOutcome::naivePgr),
        mean(outcomes, SeedOutcome::referencePgr),
        sd(outcomes, SeedOutcome::referencePgr));
  }

  static double mean(
      List<SeedOutcome> outcomes, java.util.function.ToDoubleFunction<SeedOutcome> f) {
    return outcomes.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  static double sd(List<SeedOutcome> outcomes, java.util.function.ToDoubleFunction<SeedOutcome> f) {
    double mean = mean(outcomes, f);
    double sum = 0;
    for (SeedOutcome o : outcomes) {
      double d = f.applyAsDouble(o) - mean;
      sum += d * d;
    }
    return Math.sqrt(sum / (outcomes.size() - 1));
  }
}
