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
 * dev.loopwatch.research.w2s.MeasureBaselines path/to/task.toml}.
 */
public final class MeasureBaselines {
  private MeasureBaselines() {}

  /** Measures the task named by {@code args[0]} (a task.toml path or a built-in id). */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: MeasureBaselines TASK_TOML");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    W2sTaskSpec task =
        file.toFile().isFile() ? W2sTaskSpec.loadUnregistered(file) : W2sTaskSpec.resolve(args[0]);
    print(measure(task), System.out);
  }

  /** Runs every seed of {@code task}. */
  public static List<SeedOutcome> measure(W2sTaskSpec task) {
    W2sExperiment experiment = W2sExperiment.prepare(task);
    List<SeedOutcome> outcomes = new ArrayList<>();
    for (long seed : task.seeds()) {
      outcomes.add(experiment.run(seed));
    }
    return outcomes;
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
