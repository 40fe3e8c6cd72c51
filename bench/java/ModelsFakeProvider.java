import com.sun.net.httpserver.HttpServer;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.models.Model;
import dev.loopwatch.models.ModelSpec;
import dev.loopwatch.models.Outcome;
import dev.loopwatch.models.Provider;
import dev.loopwatch.models.Request;
import dev.loopwatch.models.stack.Budget;
import dev.loopwatch.models.stack.Fanout;
import dev.loopwatch.models.stack.ModelStack;
import dev.loopwatch.models.stack.ResponseCache;
import dev.loopwatch.models.stack.SpendSummary;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times REQUESTS distinct requests through the full model stack (cache, retries, rate limit,
 * budget, openai provider) against a loopback OpenAI-compatible server that answers each after
 * LATENCY_MS, with at most CONCURRENCY calls in flight (Fanout); then the same requests again, served from
 * the DuckDB response cache. Usage: java -cp CLASSPATH bench/java/ModelsFakeProvider.java
 * [requests, default 1000] [concurrency, default 8] [latency ms, default 50] [no-cache: run the stack without the cache]
 */
public class ModelsFakeProvider {
  static final String ANSWER =
      "{\"id\":\"chatcmpl-b\",\"model\":\"gpt-5-mini\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"Proposal B is better.\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":60}}";

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    long latencyMs = args.length > 2 ? Long.parseLong(args[2]) : 50;
    boolean useCache = !(args.length > 3 && args[3].equals("no-cache"));
    AtomicInteger served = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            Thread.sleep(latencyMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          served.incrementAndGet();
          byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    Path folder = Files.createTempDirectory("lw-models-bench");
    Path db = folder.resolve("bench.duckdb");
    ModelSpec spec =
        ModelSpec.of(
            "bench",
            Provider.OPENAI,
            "gpt-5-mini",
            "http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
        .withCache(useCache, java.time.Duration.ofDays(7));
    List<Request> batch = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      batch.add(
          Request.of(
              "You judge which proposal is the better next step.",
              "Context " + i + ": the run diverged at step " + (i % 37) + ". Proposal A or B?",
              256));
    }
    try {
      for (String pass : List.of("cold (provider)", "warm (cache)")) {
        try (Store store = Store.open(db, List.of(ResponseCache.PART));
            ResponseCache cache = new ResponseCache(store)) {
          ModelStack stack =
              ModelStack.of(Map.of(), Prices.defaults(), Optional.of(cache), Budget.unlimited());
          Model model = stack.open(spec);
          int before = served.get();
          long start = System.nanoTime();
          run(model, batch, concurrency);
          double seconds = (System.nanoTime() - start) / 1e9;
          SpendSummary spend = stack.spend();
          double ideal = requests * latencyMs / 1000.0 / concurrency;
          System.out.printf(
              Locale.ROOT,
              "%-16s %5d requests, concurrency %d, %d ms latency: %.2f s wall (ideal %.2f s, ratio"
                  + " %.2f); provider calls %d, cache hits %d, cost $%.4f, cost avoided $%.4f%n",
              pass,
              requests,
              concurrency,
              latencyMs,
              seconds,
              ideal,
              seconds / ideal,
              served.get() - before,
              spend.cacheHits(),
              spend.costUsd(),
              spend.costAvoidedUsd());
        }
      }
      System.out.printf(Locale.ROOT, "store file %d bytes%n", Files.size(db));
    } finally {
      server.stop(0);
      try (var files = Files.list(folder)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(folder);
    }
  }

  static void run(Model model, List<Request> batch, int concurrency) {
    for (Outcome outcome : Fanout.completeAll(model, batch, concurrency)) {
      if (outcome instanceof Outcome.Failed failed) {
        throw failed.failure();
      }
    }
  }
}
