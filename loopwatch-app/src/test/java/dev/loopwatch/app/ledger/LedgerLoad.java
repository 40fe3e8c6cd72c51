package dev.loopwatch.app.ledger;

import dev.loopwatch.ledger.log.TileLog;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A load generator for {@code POST /add}: starts a {@link LedgerServer} on 127.0.0.1 over a fresh
 * log in a temporary folder, pre-signs distinct heartbeat attestations (untimed), then runs N
 * concurrent clients over loopback until a bounded count or time is reached, and prints durable
 * entries per second and add latency percentiles. Run it with {@code bench/ledger-load.sh
 * [--clients N] [--count C] [--seconds S] [--distinct D] [--partial-grace SECONDS] [--dir PARENT]};
 * it also prints the bytes on disk per byte of entries at the end.
 */
public final class LedgerLoad {
  private LedgerLoad() {}

  /** Runs the load test with the given options and prints the results. */
  public static void main(String[] args) throws Exception {
    int clients = 64;
    long count = 60_000;
    long seconds = 30;
    int distinct = 6_000;
    Duration partialGrace = TileLog.DEFAULT_PARTIAL_GRACE;
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--count" -> count = Long.parseLong(args[i + 1]);
        case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
        case "--distinct" -> distinct = Integer.parseInt(args[i + 1]);
        case "--partial-grace" -> partialGrace = Duration.ofSeconds(Long.parseLong(args[i + 1]));
        case "--dir" -> parent = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path folder = Files.createTempDirectory(parent, "ledger-load-");
    Signer declarant = Attestations.declarantSigner();
    String declarantKey = Attestations.declarantKey();
    long start = System.nanoTime();
    byte[][] entries =
        IntStream.range(0, distinct)
            .parallel()
            .mapToObj(n -> Attestations.heartbeat(n, declarant, declarantKey))
            .toArray(byte[][]::new);
    System.err.printf(
        Locale.ROOT,
        "pre-signed %d attestations (%d bytes each) in %.1f s%n",
        distinct,
        entries[0].length,
        (System.nanoTime() - start) / 1e9);
    String token = "load-token";
    TileLog log =
        TileLog.create(
            folder,
            Attestations.LOG_ORIGIN,
            NoteKeys.signer(Attestations.logSignerKey()),
            partialGrace);
    long size = 0;
    try (LedgerServer server =
            LedgerServer.start(log, 0, Optional.of(token), LedgerServer.Batching.defaults());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      URI add = URI.create("http://127.0.0.1:" + server.port() + "/add");
      AtomicLong next = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      long limit = count;
      List<Future<long[]>> results = new ArrayList<>();
      long began = System.nanoTime();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < clients; c++) {
          results.add(
              pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                long sequence;
                while (System.nanoTime() < deadline
                    && (sequence = next.getAndIncrement()) < limit) {
                  HttpRequest request =
                      HttpRequest.newBuilder(add)
                          .header("Authorization", "Bearer " + token)
                          .POST(
                              HttpRequest.BodyPublishers.ofByteArray(
                                  entries[(int) (sequence % entries.length)]))
                          .build();
                  long sent = System.nanoTime();
                  HttpResponse<String> response =
                      client.send(request, HttpResponse.BodyHandlers.ofString());
                  long took = System.nanoTime() - sent;
                  if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                    continue;
                  }
                  if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                  }
                  latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
              }));
        }
      }
      double elapsed = (System.nanoTime() - began) / 1e9;
      long[] all = results.stream().flatMapToLong(f -> Arrays.stream(join(f))).sorted().toArray();
      size = Long.parseLong(Note.parse(log.signedCheckpoint().bytes()).text().split("\n")[1]);
      System.out.printf(
          Locale.ROOT,
          "clients %d, acknowledged %d, errors %d, checkpoint size %d, %.2f s%n"
              + "durable entries/s %.0f%n"
              + "add latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
          clients,
          all.length,
          errors.get(),
          size,
          elapsed,
          all.length / elapsed,
          percentile(all, 0.50),
          percentile(all, 0.90),
          percentile(all, 0.99),
          all.length == 0 ? 0.0 : all[all.length - 1] / 1e6);
    }
    try {
      long files = 0;
      long bytes = 0;
      try (var paths = Files.walk(folder)) {
        for (Path path : paths.filter(Files::isRegularFile).toList()) {
          files++;
          bytes += Files.size(path);
        }
      }
      long entryBytes = size * entries[0].length;
      System.out.printf(
          Locale.ROOT,
          "storage (partial grace %d s): %d bytes in %d files for %d bytes of entries: %.2fx%n",
          partialGrace.toSeconds(),
          bytes,
          files,
          entryBytes,
          entryBytes == 0 ? 0.0 : (double) bytes / entryBytes);
    } finally {
      try (var files = Files.walk(folder)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long[] join(Future<long[]> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
