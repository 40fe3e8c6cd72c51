import com.sun.net.httpserver.HttpServer;
import dev.loopwatch.app.Main;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.ItemsFile;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * Times `loopwatch judgment run` (in this JVM, through Main's command line) on ITEMS generated
 * items against a loopback OpenAI-compatible server that answers every call after LATENCY_MS, as
 * candidate (a proposal) and judge (a verdict line), with --parallelism CONCURRENCY; then the same
 * run again, served from the DuckDB response cache. Each item costs 3 calls (one candidate, two
 * judge orders), so the ideal first run is ITEMS*3*LATENCY/CONCURRENCY. Usage: java -cp CLASSPATH
 * bench/java/JudgmentFakeProvider.java [items, default 1000] [concurrency, default 8] [latency ms,
 * default 50]
 */
public class JudgmentFakeProvider {
  static String answer(String content) {
    return "{\"id\":\"chatcmpl-b\",\"model\":\"gpt-5-mini\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":60}}";
  }

  public static void main(String[] args) throws Exception {
    int items = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    long latencyMs = args.length > 2 ? Long.parseLong(args[2]) : 50;
    AtomicInteger served = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            Thread.sleep(latencyMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          served.incrementAndGet();
          String content =
              exchange.getRequestURI().getPath().startsWith("/judge")
                  ? "Reasoning.\\nVERDICT: " + ((body.hashCode() & 1) == 0 ? "A" : "B")
                  : "Rerun the ablation with the learning rate halved.";
          byte[] bytes = answer(content).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    Path dir = Files.createTempDirectory("lw-judgment-bench");
    try {
      int port = server.getAddress().getPort();
      Path config = dir.resolve("loopwatch.toml");
      Files.writeString(
          config,
          "[models.cand]\nprovider = \"openai\"\nmodel = \"gpt-5-mini\"\nbase-url = \"http://127.0.0.1:"
              + port
              + "/candidate/v1\"\n\n[models.judge]\nprovider = \"openai\"\nmodel = \"gpt-5-mini\"\n"
              + "base-url = \"http://127.0.0.1:"
              + port
              + "/judge/v1\"\n");
      List<Item> list = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        list.add(
            new Item(
                "i" + i,
                "s" + (i / 4),
                "lab",
                Optional.empty(),
                List.of(),
                new Item.Context(
                    List.of(
                        new Step(
                            Step.Role.USER,
                            Optional.empty(),
                            "Item " + i + ": the validation loss plateaus at 2.1 after 3k steps.")),
                    20,
                    0,
                    0),
                "Halve the learning rate and warm up for 500 steps (" + i + ").",
                new Item.Outcome(
                    List.of(),
                    0,
                    0,
                    0,
                    Optional.of("verified_success"),
                    Optional.empty(),
                    Optional.of("loss reached 1.7 by 10k steps")),
                List.of()));
      }
      Path file = dir.resolve("items.jsonl");
      ItemsFile.write(file, list);
      Path db = dir.resolve("store.duckdb");
      double ideal = items * 3 * latencyMs / 1000.0 / concurrency;
      System.out.printf(
          Locale.ROOT,
          "%d items, 3 calls each, %d in flight, %d ms latency: ideal %.2f s%n",
          items,
          concurrency,
          latencyMs,
          ideal);
      for (String pass : List.of("first (provider)", "second (cache)")) {
        int before = served.get();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        long start = System.nanoTime();
        int code =
            commandLine.execute(
                "judgment", "run", file.toString(), "--config", config.toString(),
                "--candidate", "cand", "--judge", "judge", "--db", db.toString(),
                "--parallelism", Integer.toString(concurrency), "--bootstrap",
                System.getenv().getOrDefault("BOOTSTRAP", "1000"));
        double wall = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
          System.out.println("exit " + code + ": " + err);
          System.exit(3);
        }
        String text = out.toString();
        String cache = text.lines().filter(l -> l.contains("cache ")).findFirst().orElse("").strip();
        System.out.printf(
            Locale.ROOT,
            "%s: %.2f s (%.2fx ideal), %d requests served, max in flight %d; %s%n",
            pass,
            wall,
            wall / ideal,
            served.get() - before,
            maxInFlight.getAndSet(0),
            cache);
      }
    } finally {
      server.stop(0);
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
