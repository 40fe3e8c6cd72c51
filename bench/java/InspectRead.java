import dev.loopwatch.evals.inspect.InspectLog;
import dev.loopwatch.evals.inspect.InspectLogReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times {@link InspectLogReader#read} on each given log: 3 warm-up rounds, then {@code ROUNDS}
 * rounds reading the files in turn; prints each file's sample count and median wall time. Run by
 * bench/inspect-read.sh.
 */
public final class InspectRead {
  private static final int ROUNDS = 9;

  private InspectRead() {}

  /** Reads {@code args} (log files) and prints one line per file. */
  public static void main(String[] args) {
    Map<String, List<Long>> times = new LinkedHashMap<>();
    Map<String, Integer> samples = new LinkedHashMap<>();
    for (int round = 0; round < 3 + ROUNDS; round++) {
      for (String file : args) {
        long start = System.nanoTime();
        InspectLog log = InspectLogReader.read(Path.of(file));
        long millis = (System.nanoTime() - start) / 1_000_000;
        samples.put(file, log.samples().size());
        if (round >= 3) {
          times.computeIfAbsent(file, f -> new ArrayList<>()).add(millis);
        }
      }
    }
    times.forEach(
        (file, list) -> {
          List<Long> sorted = new ArrayList<>(list);
          sorted.sort(null);
          System.out.printf(
              "loopwatch InspectLogReader %s: %d samples, median %d ms (rounds %s)%n",
              Path.of(file).getFileName(), samples.get(file), sorted.get(sorted.size() / 2), list);
        });
  }
}
