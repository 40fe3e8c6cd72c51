import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of bench/serve-load.sh: CLIENTS virtual-thread clients, each on its own
 * HTTP/1.1 connection, request the given paths in turn for SECONDS; then prints per path the
 * requests, errors (a status other than the expected one or an I/O failure), p50, p95 and max
 * latency in milliseconds, one tab-separated line each, then the totals.
 *
 * <p>Run: java bench/java/ServeLoad.java BASE_URL CLIENTS SECONDS PATH[@STATUS]...
 */
public final class ServeLoad {
  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    int clients = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    Map<String, Integer> expected = new TreeMap<>();
    List<String> paths = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      String[] parts = args[i].split("@", 2);
      paths.add(parts[0]);
      expected.put(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 200);
    }
    Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    paths.forEach(p -> {
      latencies.put(p, Collections.synchronizedList(new ArrayList<>()));
      errors.put(p, new AtomicLong());
    });
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int offset = c;
      Thread.ofVirtual().start(() -> {
        try (HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
          for (int i = offset; System.nanoTime() < end; i++) {
            String path = paths.get(i % paths.size());
            HttpRequest request =
                HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            try {
              HttpResponse<byte[]> response =
                  client.send(request, HttpResponse.BodyHandlers.ofByteArray());
              latencies.get(path).add(System.nanoTime() - start);
              if (response.statusCode() != expected.get(path)) {
                errors.get(path).incrementAndGet();
              }
            } catch (Exception e) {
              errors.get(path).incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    long total = 0;
    long totalErrors = 0;
    System.out.println("path\trequests\terrors\tp50_ms\tp95_ms\tmax_ms");
    for (String path : paths) {
      List<Long> sorted = new ArrayList<>(latencies.get(path));
      Collections.sort(sorted);
      total += sorted.size();
      totalErrors += errors.get(path).get();
      System.out.printf(
          Locale.ROOT,
          "%s\t%d\t%d\t%.1f\t%.1f\t%.1f%n",
          path,
          sorted.size(),
          errors.get(path).get(),
          percentile(sorted, 50),
          percentile(sorted, 95),
          sorted.isEmpty() ? 0.0 : sorted.getLast() / 1e6);
    }
    System.out.printf(
        Locale.ROOT,
        "total\t%d\t%d\t%.0f requests/s%n",
        total,
        totalErrors,
        total / (double) seconds);
  }

  private static double percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
