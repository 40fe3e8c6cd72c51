package dev.loopwatch.app.serve;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.report.JsonReport;
import dev.loopwatch.app.serve.Changes.ChangeDetail;
import dev.loopwatch.app.serve.Changes.ChangePage;
import dev.loopwatch.app.serve.StoreAccess.Snapshot;
import dev.loopwatch.core.error.LoopwatchException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The dashboard's HTTP server: pages, the REST API under {@code /api/v1}, its OpenAPI document,
 * server-sent scan events and Prometheus-style metrics.
 *
 * <p>Security: it binds the address it is given (the command allows a non-loopback one only with
 * tokens). With tokens configured every request needs {@code Authorization: Bearer TOKEN} (401
 * otherwise); without, requests must name a loopback host in {@code Host} (so a web page elsewhere
 * cannot reach the dashboard by DNS rebinding). Only a token with the scan scope may {@code POST
 * /api/v1/scans} (403 otherwise). No request names a file: assets come from a fixed table of class
 * path resources, scans from the repositories fixed at start. No CORS headers are sent, so other
 * origins' scripts cannot read answers. Errors map to statuses in one handler.
 */
final class Dashboard implements AutoCloseable {
  /** The API's path prefix. */
  static final String API = "/api/v1";

  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";
  private static final int DEFAULT_PER_PAGE = 50;

  /** Requests handled at once; more wait in the connections' queue. */
  private static final int WORKERS = 16;

  private static final int MAX_PER_PAGE = 500;
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  /** The assets pages load: name, class path resource and content type. */
  private static final Map<String, Asset> ASSETS =
      Map.of(
          "echarts.min.js",
          new Asset(
              "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js",
              "text/javascript; charset=utf-8"),
          "dashboard.js",
          new Asset("/dev/loopwatch/app/serve/dashboard.js", "text/javascript; charset=utf-8"),
          "loopwatch.css",
          new Asset("/dev/loopwatch/app/report/report.css", "text/css; charset=utf-8"));

  private record Asset(String resource, String contentType) {}

  /** An error answered with {@code status} and a one-line message. */
  static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final StoreAccess access;
  private final Scans scans;
  private final Events events;
  private final Tokens tokens;
  private final Map<String, byte[]> assets;
  private final ServerMetrics metrics = new ServerMetrics();
  private final Set<String> routes = new java.util.concurrent.ConcurrentSkipListSet<>();
  private final Javalin app;

  private Dashboard(
      StoreAccess access, Scans scans, Events events, Tokens tokens, String host, int port) {
    this.access = access;
    this.scans = scans;
    this.events = events;
    this.tokens = tokens;
    this.assets = loadAssets();
    this.app =
        Javalin.create(config -> {
          config.showJavalinBanner = false;
          config.startupWatcherEnabled = false;
          // Platform threads, bounded: DuckDB's JDBC calls are native and pin a virtual thread's
          // carrier, so on a 2-core machine two queries stalled every other request (even static
          // ones) under load (docs/BENCHMARKS.md, MEASURE 4).
          config.useVirtualThreads = false;
          config.jetty.threadPool = threadPool();
          config.http.prefer405over404 = true;
          config.router.ignoreTrailingSlashes = false;
          config.events.handlerAdded(info -> {
            if (info.getHttpMethod().isHttpMethod()) {
              routes.add(info.getHttpMethod().name() + " " + info.getPath());
            }
          });
          config.jetty.addConnector((server, http) -> {
            ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setAcceptQueueSize(1024);
            return connector;
          });
        });
    app.before(ctx -> ctx.attribute("started", System.nanoTime()));
    app.before(this::authorize);
    app.after(ctx -> metrics.record(ctx));
    app.get("/", ctx -> html(ctx, Pages.overview(access.snapshot(), scans.status(), live())));
    app.get("/code", ctx -> html(ctx, page("/code", Pages::code)));
    app.get("/sessions", ctx -> html(ctx, page("/sessions", Pages::sessions)));
    app.get("/retro", ctx -> html(ctx, page("/retro", Pages::retro)));
    app.get("/ladder", ctx -> html(ctx, page("/ladder", s -> Pages.ladder(s.ladder()))));
    app.get("/report", ctx -> html(ctx, page("/report", Snapshot::reportPage)));
    app.get("/changes", this::changesPage);
    app.get("/months/{month}", this::changesPage);
    app.get("/changes/{sha}", this::changeDetailPage);
    app.get("/assets/{name}", this::asset);
    // The report page names no icon, so browsers ask for one: answer with none, not a 404.
    app.get("/favicon.ico", ctx -> ctx.status(204));
    app.get(
        API + "/repositories",
        ctx -> cachedJson(ctx, "repositories", s -> Map.of("repos", s.report().repos())));
    app.get(API + "/metrics/months", this::months);
    app.get(API + "/report", this::report);
    app.get(API + "/ladder", ctx -> cachedJson(ctx, "ladder", s -> s.ladder().json()));
    app.get(API + "/changes", this::changes);
    app.get(API + "/changes/{sha}", ctx -> json(ctx, change(ctx)));
    app.get(API + "/sessions", this::sessions);
    app.get(API + "/scans", ctx -> json(ctx, scans.status()));
    app.post(API + "/scans", this::startScan);
    app.get(API + "/openapi.json", ctx -> ctx.contentType(JSON).result(OpenApi.document()));
    app.sse(API + "/events", events::add);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape(scans.status(), events.size())));
    app.exception(HttpError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
    app.exception(
        LoopwatchException.class,
        (e, ctx) ->
            error(ctx, e.kind() == LoopwatchException.Kind.USER_INPUT ? 400 : 500, e.getMessage()));
    app.exception(
        Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e.getClass().getName()));
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            error(ctx, 404, "not found: " + ctx.path());
          }
        });
    app.error(
        405,
        ctx -> {
          if (ctx.result() == null) {
            error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path());
          }
        });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw LoopwatchException.userInput(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
  }

  /**
   * Jetty's worker threads: enough for the selector, the acceptor and {@link #WORKERS} requests.
   */
  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(WORKERS + 8, 4, 60_000);
    pool.setName("lw-serve");
    return pool;
  }

  /** Starts serving on {@code host}:{@code port} (0 picks a free port). */
  static Dashboard start(
      StoreAccess access, Scans scans, Events events, Tokens tokens, String host, int port) {
    requireNonNull(access, "access is null");
    requireNonNull(scans, "scans is null");
    requireNonNull(events, "events is null");
    requireNonNull(tokens, "tokens is null");
    requireNonNull(host, "host is null");
    return new Dashboard(access, scans, events, tokens, host, port);
  }

  /** Every route served, as {@code GET /api/v1/ladder}, sorted. */
  List<String> routes() {
    return List.copyOf(routes);
  }

  /** The port listened on. */
  int port() {
    return app.port();
  }

  /** Whether pages may open the event stream (no token is needed for it). */
  private boolean live() {
    return !tokens.required();
  }

  private void authorize(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    if (tokens.required()) {
      Optional<Tokens.Scope> scope =
          tokens.scopeOf(Optional.ofNullable(ctx.header("Authorization")));
      if (scope.isEmpty()) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new HttpError(401, "a valid bearer token is needed (Authorization: Bearer TOKEN)");
      }
      ctx.attribute("scope", scope.get());
      return;
    }
    String host = Optional.ofNullable(ctx.header("Host")).orElse("");
    String name =
        host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":")[0];
    if (!LOOPBACK_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      throw new HttpError(403, "host '" + host + "' is not a loopback name");
    }
    ctx.attribute("scope", Tokens.Scope.READ);
  }

  private void startScan(Context ctx) {
    if (ctx.attribute("scope") != Tokens.Scope.SCAN) {
      throw new HttpError(403, "starting a scan needs a token with the scan scope");
    }
    if (!scans.configured()) {
      throw new HttpError(
          409, "this server has no repositories to scan (start it with --scan PATH)");
    }
    Optional<Scans.Status> started = scans.start("api");
    if (started.isEmpty()) {
      ctx.status(409);
      json(ctx, scans.status());
      return;
    }
    ctx.status(202);
    json(ctx, started.get());
  }

  private void months(Context ctx) {
    cachedJson(ctx, "months", Dashboard::months);
  }

  private static ObjectNode months(Snapshot snapshot) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("granularity", snapshot.report().granularity().name());
    node.set("totals", Json.mapper().valueToTree(snapshot.report().totals()));
    node.set("headline", Json.mapper().valueToTree(snapshot.report().headline()));
    node.set("shareOverTime", Json.mapper().valueToTree(snapshot.report().shareOverTime()));
    node.set("throughput", Json.mapper().valueToTree(snapshot.report().throughput()));
    return node;
  }

  private void report(Context ctx) {
    byte[] bytes =
        access.rendered(
            "report.json",
            snapshot -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              JsonReport.write(snapshot.report(), snapshot.sections(), out);
              return out.toByteArray();
            });
    ctx.contentType(JSON).result(bytes);
  }

  /** A page that depends only on the snapshot, rendered once per store generation. */
  private byte[] page(String key, Function<Snapshot, String> render) {
    return access.rendered(key, s -> render.apply(s).getBytes(StandardCharsets.UTF_8));
  }

  private void cachedJson(Context ctx, String key, Function<Snapshot, Object> value) {
    byte[] bytes =
        access.rendered(
            key,
            snapshot -> {
              try {
                return Json.mapper().writeValueAsBytes(value.apply(snapshot));
              } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize " + key, e);
              }
            });
    ctx.contentType(JSON).result(bytes);
  }

  private void sessions(Context ctx) {
    cachedJson(
        ctx,
        "sessions.json",
        s ->
            s.sessions()
                .orElseThrow(() -> new HttpError(404, "this store holds no agent sessions")));
  }

  private void changes(Context ctx) {
    json(ctx, changeList(ctx));
  }

  private ChangePage changeList(Context ctx) {
    Optional<String> repo = Optional.ofNullable(ctx.queryParam("repo")).filter(s -> !s.isEmpty());
    String monthText =
        Optional.ofNullable(ctx.pathParamMap().get("month")).orElse(ctx.queryParam("month"));
    Optional<YearMonth> month = Optional.empty();
    if (monthText != null && !monthText.isEmpty()) {
      try {
        month = Optional.of(YearMonth.parse(monthText));
      } catch (DateTimeParseException e) {
        throw new HttpError(400, "month must be YYYY-MM: '" + monthText + "'");
      }
    }
    int page = intParam(ctx, "page", 1, 1, Integer.MAX_VALUE / MAX_PER_PAGE);
    int perPage = intParam(ctx, "per-page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
    Optional<YearMonth> chosen = month;
    return access.query(
        List.of("list", repo, chosen, page, perPage),
        store -> Changes.list(store, repo, chosen, page, perPage));
  }

  private void changesPage(Context ctx) {
    ChangePage page = changeList(ctx);
    Optional<String> repo = Optional.ofNullable(ctx.queryParam("repo")).filter(s -> !s.isEmpty());
    Optional<YearMonth> month =
        Optional.ofNullable(ctx.pathParamMap().get("month")).map(YearMonth::parse);
    html(ctx, Pages.changes(page, repo, month, ctx.path()));
  }

  private ChangeDetail change(Context ctx) {
    String sha = ctx.pathParam("sha");
    if (!SHA.matcher(sha).matches()) {
      throw new HttpError(400, "a change is named by its full commit id (40 or 64 hex digits)");
    }
    Optional<String> repo = Optional.ofNullable(ctx.queryParam("repo")).filter(s -> !s.isEmpty());
    List<ChangeDetail> found =
        access.query(List.of("change", sha, repo), store -> Changes.find(store, sha, repo));
    if (found.isEmpty()) {
      throw new HttpError(404, "no merged change " + sha + repo.map(r -> " in " + r).orElse(""));
    }
    if (found.size() > 1) {
      throw new HttpError(
          409,
          "change " + sha + " is in " + found.size() + " repositories; name one with ?repo=NAME");
    }
    return found.getFirst();
  }

  private void changeDetailPage(Context ctx) {
    html(ctx, Pages.change(change(ctx)));
  }

  private void asset(Context ctx) {
    String name = ctx.pathParam("name");
    byte[] bytes = assets.get(name);
    if (bytes == null) {
      throw new HttpError(404, "no asset " + name);
    }
    ctx.header("Cache-Control", "max-age=3600");
    ctx.contentType(ASSETS.get(name).contentType()).result(bytes);
  }

  private static Map<String, byte[]> loadAssets() {
    Map<String, byte[]> loaded = new java.util.TreeMap<>();
    for (Map.Entry<String, Asset> entry : ASSETS.entrySet()) {
      try (InputStream in = Dashboard.class.getResourceAsStream(entry.getValue().resource())) {
        if (in == null) {
          throw new IllegalStateException(
              "resource " + entry.getValue().resource() + " is missing from the classpath");
        }
        loaded.put(entry.getKey(), in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + entry.getValue().resource(), e);
      }
    }
    return Map.copyOf(loaded);
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new HttpError(400, name + " must be in " + min + ".." + max + ": " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new HttpError(400, name + " must be a whole number: '" + text + "'");
    }
  }

  private static void html(Context ctx, String page) {
    html(ctx, page.getBytes(StandardCharsets.UTF_8));
  }

  private static void html(Context ctx, byte[] page) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
    ctx.contentType(HTML).result(page);
  }

  private static void json(Context ctx, Object value) {
    try {
      ctx.contentType(JSON).result(Json.mapper().writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an answer", e);
    }
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status);
    if (ctx.path().startsWith(API) || !ctx.method().name().equals("GET")) {
      ObjectNode node = Json.mapper().createObjectNode();
      node.put("error", message);
      node.put("status", status);
      json(ctx, node);
    } else {
      ctx.contentType(HTML).result(Pages.error(status, message));
    }
  }

  /** Whether {@code address} is a loopback address (127.0.0.0/8, ::1, or a name for one). */
  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      throw LoopwatchException.userInput(
          "--bind " + address + " is not an address: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    events.close();
    app.stop();
  }
}
