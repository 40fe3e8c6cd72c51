package dev.loopwatch.app.serve;

import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.ladder.LadderView;
import dev.loopwatch.app.ledger.UntilStopped;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loopwatch serve}: a live dashboard and REST API over the store, which it owns. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped (Ctrl-C or SIGTERM)",
      "2:usage or input error (a non-loopback --bind without a token, a locked store)",
      "3:internal or external failure"
    },
    description = {
      "Serve the store as a live dashboard and a REST API under /api/v1 until stopped.",
      "Pages: overview with the ladder phase and what is missing, code, sessions, retro, ladder,",
      "and each month's changes; the API is described at /api/v1/openapi.json (docs/DASHBOARD.md).",
      "The server holds the store: scans run inside it (--scan PATH, --every, POST /api/v1/scans),",
      "and a scan from another process is told which process holds the store.",
      "Binds 127.0.0.1; any other address needs a bearer token (--token-file or $LOOPWATCH_TOKEN)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch serve --db lw.duckdb                          # http://127.0.0.1:7070/",
      "  loopwatch serve --scan . --every 1h --port 0            # scan now and hourly, any port",
      "  loopwatch serve --bind 0.0.0.0 --token-file tokens.txt  # reachable, token required"
    })
public final class ServeCommand implements Callable<Integer> {
  /** The environment variable holding tokens when no --token-file is given. */
  static final String TOKEN_ENV = "LOOPWATCH_TOKEN";

  private static final Pattern EVERY = Pattern.compile("(\\d+)([smhd])");

  @Spec CommandSpec spec;

  @Mixin StoreOptions store;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description = "The address to listen on (default 127.0.0.1); others need a token.")
  String bind = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The port to listen on (default 7070; 0 picks a free one).")
  int port = 7070;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Bearer tokens, one a line, 'TOKEN' (read) or 'TOKEN scan' (may start scans)"
              + " (default: $LOOPWATCH_TOKEN).")
  Path tokenFile;

  @Option(
      names = "--scan",
      paramLabel = "PATH",
      description = "A repository to scan into the store when the server starts (repeatable).")
  List<Path> scan = new ArrayList<>();

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      description = "With --scan: scan again this often, e.g. 30m, 1h, 1d.")
  String every;

  @Option(
      names = "--phases",
      paramLabel = "FILE",
      description = "A phases.toml for the ladder instead of the bundled one.")
  Path phases;

  /** The test hook: the environment to read {@link #TOKEN_ENV} from. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws InterruptedException {
    Serving serving = start();
    UntilStopped.serve(
        serving,
        spec.commandLine().getOut(),
        "serving " + serving.store() + " at " + serving.url());
    return 0;
  }

  /** Checks the options, opens the store and starts serving (and the first scan, with --scan). */
  Serving start() {
    Tokens tokens = tokens();
    if (!Dashboard.isLoopback(bind) && !tokens.required()) {
      throw LoopwatchException.userInput(
          "--bind "
              + bind
              + " is not a loopback address: give --token-file FILE or $"
              + TOKEN_ENV
              + " so that requests need a token");
    }
    if (port < 0 || port > 65_535) {
      throw LoopwatchException.userInput("--port must be 0 to 65535: " + port);
    }
    Optional<Duration> interval = Optional.ofNullable(every).map(ServeCommand::duration);
    if (interval.isPresent() && scan.isEmpty()) {
      throw LoopwatchException.userInput("--every needs --scan PATH (what to scan)");
    }
    for (Path repository : scan) {
      if (!Files.isDirectory(repository)) {
        throw LoopwatchException.userInput("--scan " + repository + " is not a folder");
      }
    }
    Optional<Path> phasesFile = Optional.ofNullable(phases);
    phasesFile.ifPresent(LadderView::check);
    Path path = store.path().toAbsolutePath();
    if (scan.isEmpty() && !Files.isRegularFile(path)) {
      throw LoopwatchException.userInput(
          "no store at "
              + path
              + "; scan into it first (loopwatch scan REPO --db "
              + path
              + ") or give --scan REPO");
    }
    StoreAccess access = new StoreAccess(Store.open(path, StoreParts.ALL), phasesFile);
    Events events = new Events();
    Scans scans = new Scans(access, scan, events, Clock.systemUTC());
    Dashboard dashboard;
    try {
      dashboard = Dashboard.start(access, scans, events, tokens, bind, port);
    } catch (RuntimeException e) {
      scans.close();
      access.close();
      throw e;
    }
    Serving serving = new Serving(access, scans, dashboard, bind);
    IdleHeap.returnWhenIdle();
    // Compute the numbers now rather than on the first request (12 s on git.git); a failure here
    // is left for the first request that needs the numbers to report.
    Thread.ofVirtual().name("lw-serve-warm").start(() -> access.warm());
    if (!scan.isEmpty()) {
      scans.start("startup");
      interval.ifPresent(scans::schedule);
    }
    return serving;
  }

  private Tokens tokens() {
    if (tokenFile != null) {
      try {
        return Tokens.parse(
            Files.readString(tokenFile, StandardCharsets.UTF_8), "token file " + tokenFile);
      } catch (NoSuchFileException e) {
        throw LoopwatchException.userInput("token file " + tokenFile + " does not exist");
      } catch (IOException e) {
        throw LoopwatchException.userInput("cannot read token file " + tokenFile + ": " + e);
      }
    }
    String fromEnvironment = environment.get(TOKEN_ENV);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Tokens.parse(fromEnvironment, "$" + TOKEN_ENV);
    }
    return Tokens.none();
  }

  /** A duration such as {@code 90s}, {@code 30m}, {@code 1h} or {@code 1d}, at least a minute. */
  static Duration duration(String text) {
    Matcher matcher = EVERY.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw LoopwatchException.userInput(
          "--every must be a number and s, m, h or d (e.g. 1h): '" + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
      throw LoopwatchException.userInput("--every must be at least 1m: '" + text + "'");
    }
    return duration;
  }

  /** A running server: the store it holds, its scans and its HTTP side. */
  static final class Serving implements AutoCloseable {
    private final StoreAccess access;
    private final Scans scans;
    private final Dashboard dashboard;
    private final String host;

    Serving(StoreAccess access, Scans scans, Dashboard dashboard, String host) {
      this.access = access;
      this.scans = scans;
      this.dashboard = dashboard;
      this.host = host;
    }

    /** The store file. */
    Path store() {
      return access.path();
    }

    /** The port listened on. */
    int port() {
      return dashboard.port();
    }

    /** The base URL, ending in {@code /}. */
    String url() {
      String shown = host.contains(":") ? "[" + host + "]" : host;
      return "http://" + shown + ":" + port() + "/";
    }

    /** Every route served, sorted. */
    List<String> routes() {
      return dashboard.routes();
    }

    /** The scans. */
    Scans scans() {
      return scans;
    }

    /**
     * Stops listening, interrupts a running scan (its transaction rolls back), closes the store.
     */
    @Override
    public void close() {
      dashboard.close();
      scans.close();
      access.close();
    }
  }
}
