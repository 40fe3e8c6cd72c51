package dev.loopwatch.research.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.research.task.DevLimits;
import dev.loopwatch.research.task.W2sTaskSpec;
import dev.loopwatch.research.w2s.SeedSplit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Load test of {@code POST /dev/score}: N concurrent agents (one HTTP client each) submit
 * whole-test-split predictions (1,511 for {@code w2s-spam}) as fast as answers come back; prints
 * latency percentiles of the measured requests after a warm-up. The server holds the real task's
 * splits with synthetic labels (31% positive): its work per submission (parse, check, score, probe
 * comparison against every earlier submission of the seed, one log line) does not depend on the
 * label values, and the benchmark need not fit the representations. Run by {@code
 * bench/research-scoring.sh [--clients 9] [--warmup 100] [--requests 400] [--interval-ms 0]}: with
 * an interval, each agent waits a uniform 0 to 2 × interval ms between submissions.
 */
public final class ScoringLoad {
  private ScoringLoad() {}

  /** Runs the load test. */
  public static void main(String[] args) throws Exception {
    int clients = option(args, "--clients", 9);
    int warmup = option(args, "--warmup", 100);
    int requests = option(args, "--requests", 400);
    int intervalMs = option(args, "--interval-ms", 0);
    W2sTaskSpec builtIn = W2sTaskSpec.builtIn("w2s-spam");
    W2sTaskSpec task =
        new W2sTaskSpec(
            builtIn.id(),
            builtIn.description(),
            builtIn.source(),
            builtIn.dataset(),
            builtIn.splits(),
            builtIn.model(),
            builtIn.seeds(),
            builtIn.baselines(),
            new DevLimits(1_000_000, 1_000_000));
    Random random = new Random(42);
    Map<Long, SeedLabels> labels = new LinkedHashMap<>();
    for (long seed : task.seeds()) {
      SeedSplit split = SeedSplit.of(task.dataset().messages(), seed, task.splits());
      int[] truth = new int[split.test().length];
      for (int i = 0; i < truth.length; i++) {
        truth[i] = random.nextDouble() < 0.31 ? 1 : 0;
      }
      labels.put(seed, new SeedLabels(truth, split.dev()));
    }
    List<String> agents = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      agents.add("agent-" + i);
    }
    Path run = Files.createTempDirectory("loopwatch-scoring-load-");
    ObjectMapper mapper = new ObjectMapper();
    try (ScoringServer server =
        ScoringServer.start(task, labels, agents, run, 0, InstantSource.system())) {
      URI url = URI.create(server.url() + "/dev/score");
      long[][] latencies = new long[clients][requests];
      double[][] serverMs = new double[clients][requests];
      CountDownLatch ready = new CountDownLatch(clients);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      int[] failures = new int[clients];
      for (int c = 0; c < clients; c++) {
        int client = c;
        String token = server.agentTokens().get(agents.get(c));
        threads.add(
            Thread.ofPlatform()
                .start(() -> {
                  try (HttpClient http = HttpClient.newHttpClient()) {
                    Random own = new Random(client);
                    ready.countDown();
                    go.await();
                    for (int r = 0; r < warmup + requests; r++) {
                      long seed = task.seeds().get(r % task.seeds().size());
                      int[] predictions = new int[labels.get(seed).size()];
                      for (int i = 0; i < predictions.length; i++) {
                        predictions[i] = own.nextDouble() < 0.3 ? 1 : 0;
                      }
                      Map<String, Object> body = new LinkedHashMap<>();
                      body.put("seed", seed);
                      body.put("predictions", predictions);
                      body.put("snapshot", "bench-" + client + "-" + r);
                      HttpRequest request =
                          HttpRequest.newBuilder(url)
                              .header("Authorization", "Bearer " + token)
                              .POST(
                                  HttpRequest.BodyPublishers.ofString(
                                      mapper.writeValueAsString(body)))
                              .build();
                      long start = System.nanoTime();
                      HttpResponse<String> response =
                          http.send(request, HttpResponse.BodyHandlers.ofString());
                      long elapsed = System.nanoTime() - start;
                      if (response.statusCode() != 200) {
                        failures[client]++;
                      }
                      if (r >= warmup) {
                        latencies[client][r - warmup] = elapsed;
                        serverMs[client][r - warmup] =
                            Double.parseDouble(
                                response
                                    .headers()
                                    .firstValue("Server-Timing")
                                    .orElse("score;dur=NaN")
                                    .substring("score;dur=".length()));
                      }
                      if (intervalMs > 0) {
                        Thread.sleep(own.nextInt(2 * intervalMs + 1));
                      }
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      ready.await();
      long wall = System.nanoTime();
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      wall = System.nanoTime() - wall;
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "clients %d, interval %s, predictions per submission %d, measured %d after %d warm-up"
              + " each%n",
          clients,
          intervalMs == 0 ? "none (back to back)" : "uniform 0-" + 2 * intervalMs + " ms",
          labels.get(0L).size(),
          all.length,
          warmup);
      System.out.printf(
          Locale.ROOT,
          "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f; throughput %.0f submissions/s;"
              + " non-200 %d%n",
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.90)] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          all[all.length - 1] / 1e6,
          clients * (double) (warmup + requests) / (wall / 1e9),
          Arrays.stream(failures).sum());
      double[] processing =
          Arrays.stream(serverMs).flatMapToDouble(Arrays::stream).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "server processing ms (Server-Timing): p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
          processing[processing.length / 2],
          processing[(int) (processing.length * 0.90)],
          processing[(int) (processing.length * 0.99)],
          processing[processing.length - 1]);
      System.out.printf(
          Locale.ROOT,
          "decision log: %d bytes for %d submissions%n",
          Files.size(server.logFile()),
          clients * (warmup + requests));
    }
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
