import dev.loopwatch.core.io.FileTrees;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.scan.RepositoryMiner;
import dev.loopwatch.git.scan.ScanOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What cutting a chain costs (issue #18): mines REPO whole with RepositoryMiner, then for each K cuts its first-parent
 * chain into K ranges, mines them one after another and joins them, timing each range and the join. One process, one
 * range at a time, so the times are each range's own cost on this machine (on a cluster the ranges run at once).
 *
 * <pre>
 *   ./mvnw -Pspark -pl loopwatch-spark -am package -DskipTests
 *   java -cp loopwatch-spark/target/loopwatch-spark.jar bench/CutCost.java REPO [K...]   (default K: 2 4 8)
 * </pre>
 *
 * Prints one line per K: the whole mine, the sum and the largest of the ranges, the join, and the critical path of a
 * cut chain on K executors (largest range + join) against the whole mine. The first (whole) mine also warms the JIT
 * and the file cache; run it twice and keep the second for a fair whole time. Uses java 21+ and git.
 */
public final class CutCost {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: CutCost REPO [K...]");
      System.exit(2);
    }
    Path repo = Path.of(args[0]);
    List<Integer> ks = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      ks.add(Integer.parseInt(args[i]));
    }
    if (ks.isEmpty()) {
      ks = List.of(2, 4, 8);
    }
    RepositoryMiner miner = new RepositoryMiner(IdentityTable.builtIn(), ScanOptions.defaults());
    Path work = Files.createTempDirectory("cutcost");
    try {
      double whole = 0;
      for (int warm = 0; warm < 2; warm++) {
        FileTrees.deleteQuietly(work.resolve("whole"));
        long start = System.nanoTime();
        miner.mine(repo, work.resolve("whole"));
        whole = seconds(start);
      }
      System.out.printf(Locale.ROOT, "%s: whole %.2f s (second of two)%n", repo, whole);
      System.out.println("K\twhole_s\tranges_sum_s\trange_max_s\tjoin_s\tcritical_path_s\tratio_to_whole");
      for (int k : ks) {
        long cutStart = System.nanoTime();
        List<RepositoryMiner.ChainRange> ranges = miner.cut(repo, k, 1);
        double cut = seconds(cutStart);
        List<Path> folders = new ArrayList<>();
        double sum = cut;
        double max = 0;
        for (int i = 0; i < ranges.size(); i++) {
          Path folder = work.resolve("k" + k + "-" + i);
          long start = System.nanoTime();
          miner.mineRange(repo, ranges.get(i), folder);
          double took = seconds(start);
          sum += took;
          max = Math.max(max, took);
          folders.add(folder);
        }
        long joinStart = System.nanoTime();
        miner.join(repo, ranges, folders, work.resolve("joined-" + k));
        double join = seconds(joinStart);
        double critical = cut + max + join;
        System.out.printf(
            Locale.ROOT,
            "%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f%n",
            ranges.size(),
            whole,
            sum,
            max,
            join,
            critical,
            critical / whole);
      }
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
