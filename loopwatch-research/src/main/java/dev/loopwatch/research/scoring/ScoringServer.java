package dev.loopwatch.research.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.research.run.ScoringEndpoint;
import dev.loopwatch.research.task.Baselines;
import dev.loopwatch.research.task.W2sTaskSpec;
import dev.loopwatch.research.w2s.SeedSplit;
import dev.loopwatch.research.w2s.W2sExperiment;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * The sealed scoring server of a weak-to-strong task, on 127.0.0.1: the only process holding the
 * test labels. Agents score predictions against the dev part of each seed's test split under a
 * per-agent quota and rate limit; the sealed final part is scored only through the operator ({@link
 * #finalize(List)}, or {@code POST /final/score} with the operator token), never with an agent
 * token. Every answer reports transfer accuracy and the accuracy deltas next to the PGR, and every
 * decision is appended to {@code scoring.jsonl} in the run folder.
 *
 * <p>Routes (bearer tokens; tokens are random, stored as SHA-256 hashes and compared in constant
 * time):
 *
 * <ul>
 *   <li>{@code GET /task} (any token): the task's id, seeds, submission sizes, baselines, limits.
 *   <li>{@code POST /dev/score} (agent token): {@code {"seed", "predictions": [0|1, ...],
 *       "snapshot"?}} scored on the dev part.
 *   <li>{@code POST /final/score} (operator token): {@code {"agent", "result", "snapshot", "seeds":
 *       [{"seed", "predictions"}, ...]}} scored once on the sealed part.
 *   <li>{@code GET /flags} (operator token): the probe flags so far.
 * </ul>
 *
 * Statuses: 400 malformed submission (one message naming the field), 401 no bearer token, 403 wrong
 * token, a route the token may not use, or the agent's dev quota spent (final: it does not reset),
 * 409 a result already finalized, 429 over the per-minute rate limit with a {@code Retry-After}
 * header in seconds (retryable). The server refuses to start on a task whose pre-registered
 * ceiling-weak gap is under {@link #MIN_GAP}, where PGR divides by noise.
 */
public final class ScoringServer implements ScoringEndpoint.Serving {
  /** The only interface the server binds. */
  public static final String HOST = "127.0.0.1";

  /** The smallest pre-registered ceiling-weak gap the server serves. */
  public static final double MIN_GAP = Baselines.MIN_GAP;

  /** The name under which operator actions are logged. */
  public static final String OPERATOR = "operator";

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";

  private final W2sTaskSpec task;
  private final Baselines baselines;
  private final Map<Long, SeedLabels> labels;
  private final InstantSource clock;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, byte[]> agentTokenHashes = new LinkedHashMap<>();
  private final Map<String, String> agentTokens = new LinkedHashMap<>();
  private final String operatorToken;
  private final byte[] operatorTokenHash;
  private final Map<String, AgentLimits> limits = new LinkedHashMap<>();
  private final ProbeDetector detector;
  private final List<ProbeFlag> flags = new ArrayList<>();
  private final Set<String> finalized = new HashSet<>();
  private final DecisionLog log;
  private final Javalin app;
  private long submissions;

  private ScoringServer(
      W2sTaskSpec task,
      Map<Long, SeedLabels> labels,
      Map<String, String> tokensByAgent,
      Path runFolder,
      int port,
      Optional<Path> socket,
      InstantSource clock) {
    this.task = task;
    this.baselines = task.baselines();
    this.labels = Map.copyOf(labels);
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    List<String> agents = List.copyOf(tokensByAgent.keySet());
    for (String agent : agents) {
      String token = tokensByAgent.get(agent);
      agentTokens.put(agent, token);
      agentTokenHashes.put(agent, sha256(token));
      limits.put(agent, new AgentLimits(task.dev()));
    }
    this.operatorToken = token(random);
    this.operatorTokenHash = sha256(operatorToken);
    this.detector = new ProbeDetector(majorityLabel(labels));
    this.log = new DecisionLog(runFolder, mapper);
    Map<String, Object> started = entry("started");
    started.put("task_source", task.source());
    started.put("agents", agents);
    started.putAll(taskSummary());
    log.append(started);
    this.app =
        Javalin.create(config -> {
          config.showJavalinBanner = false;
          config.startupWatcherEnabled = false;
          config.useVirtualThreads = true;
          config.http.maxRequestSize = 4L << 20;
          config.http.prefer405over404 = true;
          config.jetty.addConnector((server, http) -> {
            ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(HOST);
            connector.setPort(port);
            connector.setAcceptQueueSize(1024);
            return connector;
          });
          // Agents in their own network namespace reach the server only through this socket.
          socket.ifPresent(path ->
              config.jetty.addConnector((server, http) -> {
                UnixDomainServerConnector unix =
                    new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
                unix.setUnixDomainPath(path);
                return unix;
              }));
        });
    app.get("/task", this::taskInfo);
    app.post("/dev/score", this::devScore);
    app.post("/final/score", this::finalScore);
    app.get("/flags", this::flagList);
    app.exception(
        HttpError.class,
        (e, ctx) -> {
          if (e.retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfter));
          }
          respond(ctx, e.status, e.getMessage());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> respond(ctx, 500, "internal error: " + e.getClass().getName()));
    try {
      app.start();
      if (socket.isPresent()) {
        // The agents run as another uid; the socket's folder is what keeps others out.
        Files.setPosixFilePermissions(socket.get(), PosixFilePermissions.fromString("rw-rw-rw-"));
      }
    } catch (RuntimeException | IOException e) {
      app.stop();
      log.close();
      throw LoopwatchException.external(
          "cannot listen on "
              + HOST
              + ":"
              + port
              + socket.map(p -> " and " + p).orElse("")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Serves {@code experiment}'s task for {@code agents} on a free loopback port, logging to {@code
   * runFolder}; the answer carries the URL and the tokens to hand out. The dev/final cut of each
   * seed's test split is drawn with a secret salt for this run ({@link SeedSplit#devCut}), logged
   * as a {@code dev_cut} entry.
   */
  public static ScoringServer start(W2sExperiment experiment, List<String> agents, Path runFolder) {
    long salt = new SecureRandom().nextLong();
    ScoringServer server =
        start(
            experiment.task(),
            SeedLabels.of(experiment, salt),
            agents,
            runFolder,
            0,
            InstantSource.system());
    server.logCut(salt);
    return server;
  }

  /**
   * Records the run's secret dev/final cut (outside every agent's sandbox), so that the sealed
   * scores can be recomputed from the log.
   */
  private void logCut(long salt) {
    Map<String, Object> cut = entry("dev_cut");
    cut.put("salt", salt);
    log.append(cut);
  }

  /**
   * Serves {@code task} with the given labels (one entry per task seed) on {@code port} (0 for a
   * free one), with {@code clock} for rate limits and log times.
   */
  public static ScoringServer start(
      W2sTaskSpec task,
      Map<Long, SeedLabels> labels,
      List<String> agents,
      Path runFolder,
      int port,
      InstantSource clock) {
    requireNonNull(task, "task is null");
    requireNonNull(labels, "labels is null");
    requireNonNull(agents, "agents is null");
    requireNonNull(runFolder, "runFolder is null");
    requireNonNull(clock, "clock is null");
    requireServable(task, labels, agents);
    SecureRandom random = new SecureRandom();
    Map<String, String> tokens = new LinkedHashMap<>();
    agents.forEach(agent -> tokens.put(agent, token(random)));
    return new ScoringServer(task, labels, tokens, runFolder, port, Optional.empty(), clock);
  }

  /**
   * Refuses a task without baselines or with a ceiling-weak gap under {@link #MIN_GAP}, labels
   * missing a seed, and bad or repeated agent names.
   */
  private static void requireServable(
      W2sTaskSpec task, Map<Long, SeedLabels> labels, List<String> agents) {
    Baselines b = task.baselines();
    if (Double.isNaN(b.gap())) {
      throw LoopwatchException.userInput(
          task.source() + ": the task has no pre-registered baselines; the server refuses it");
    }
    if (b.gap() < MIN_GAP) {
      throw LoopwatchException.userInput(
          String.format(
              java.util.Locale.ROOT,
              "%s: the pre-registered ceiling-weak gap is %.4f (ceiling %.4f, weak %.4f), under"
                  + " %.2f: PGR would divide by noise, so the server refuses this task",
              task.source(),
              b.gap(),
              b.ceiling(),
              b.weak(),
              MIN_GAP));
    }
    for (long seed : task.seeds()) {
      if (!labels.containsKey(seed)) {
        throw new IllegalArgumentException("no labels for seed " + seed);
      }
    }
    if (agents.isEmpty()) {
      throw LoopwatchException.userInput("the scoring server needs at least one agent");
    }
    Set<String> seen = new HashSet<>();
    for (String agent : agents) {
      if (!agent.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}") || agent.equals(OPERATOR)) {
        throw LoopwatchException.userInput(
            "agent name '"
                + agent
                + "' must be 1-64 letters, digits, '_', '.', '-' (not "
                + OPERATOR
                + ")");
      }
      if (!seen.add(agent)) {
        throw LoopwatchException.userInput("agent name '" + agent + "' is given twice");
      }
    }
  }

  /**
   * Serves {@code experiment}'s task for a research run: on a free loopback port (the operator's)
   * and on the Unix-domain {@code socket} the agents' sandboxes reach, with the run's agent tokens
   * ({@code agentsByToken}: token to agent name). Refuses what {@link #start(W2sTaskSpec, Map,
   * List, Path, int, InstantSource)} refuses.
   */
  public static ScoringServer serve(
      W2sExperiment experiment, Map<String, String> agentsByToken, Path socket, Path runFolder) {
    requireNonNull(socket, "socket is null");
    List<String> agents = new ArrayList<>(agentsByToken.values());
    agents.sort(null);
    long salt = new SecureRandom().nextLong();
    Map<Long, SeedLabels> labels = SeedLabels.of(experiment, salt);
    requireServable(experiment.task(), labels, agents);
    Map<String, String> tokens = new LinkedHashMap<>();
    agentsByToken.forEach((token, agent) -> tokens.put(agent, token));
    ScoringServer server =
        new ScoringServer(
            experiment.task(),
            labels,
            tokens,
            runFolder,
            0,
            Optional.of(socket),
            InstantSource.system());
    server.logCut(salt);
    return server;
  }

  @Override
  public synchronized long submissions(String agent) {
    AgentLimits own = limits.get(agent);
    return own == null ? 0 : own.used();
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI url() {
    return URI.create("http://" + HOST + ":" + app.port());
  }

  /** Each agent's bearer token, in the order the agents were given. */
  public Map<String, String> agentTokens() {
    return java.util.Collections.unmodifiableMap(agentTokens);
  }

  /** The operator's bearer token (final scoring and flags); never hand it to an agent. */
  public String operatorToken() {
    return operatorToken;
  }

  /** The decision log. */
  public Path logFile() {
    return log.file();
  }

  /** The probe flags raised so far, in order. */
  public List<ProbeFlag> flags() {
    synchronized (this) {
      return List.copyOf(flags);
    }
  }

  /**
   * Scores each result once on the sealed final split (what {@code research finalize} calls); fails
   * on a result without predictions for every task seed, with a malformed prediction list, or
   * already finalized.
   */
  public List<SealedScore> finalize(List<FinalResult> results) {
    requireNonNull(results, "results is null");
    List<SealedScore> scores = new ArrayList<>();
    for (FinalResult result : results) {
      try {
        scores.add(sealed(result));
      } catch (HttpError e) {
        throw LoopwatchException.userInput(
            "result " + result.result() + " of " + result.agent() + ": " + e.getMessage());
      }
    }
    return List.copyOf(scores);
  }

  @Override
  public void close() {
    app.stop();
    log.close();
  }

  // ---- routes ----

  private void taskInfo(Context ctx) throws JsonProcessingException {
    String caller = caller(ctx);
    Map<String, Object> answer = taskSummary();
    answer.put("description", task.description());
    if (!caller.equals(OPERATOR)) {
      synchronized (this) {
        answer.put("dev_quota_left", limits.get(caller).left());
      }
    }
    ctx.contentType(JSON).result(mapper.writeValueAsString(answer));
  }

  /** The task facts every caller may see: id, seeds, sizes, baseline means, dev limits. */
  private Map<String, Object> taskSummary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("task", task.id());
    summary.put("seeds", task.seeds());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (long seed : task.seeds()) {
      sizes.put(Long.toString(seed), labels.get(seed).size());
    }
    summary.put("predictions_per_seed", sizes);
    summary.put("weak_acc", baselines.weak());
    summary.put("ceiling_acc", baselines.ceiling());
    summary.put("naive_acc", baselines.naive());
    summary.put("naive_pgr", baselines.naivePgr());
    summary.put("dev_quota", task.dev().quota());
    summary.put("dev_per_minute", task.dev().perMinute());
    return summary;
  }

  private void devScore(Context ctx) throws JsonProcessingException {
    long started = System.nanoTime();
    String agent = caller(ctx);
    if (agent.equals(OPERATOR)) {
      throw reject(
          agent,
          new HttpError(
              403,
              "dev scoring is for agents; the operator token" + " scores only the final split"));
    }
    Instant now = clock.instant();
    synchronized (this) {
      try {
        // A spent quota first: its 403 is final, where a 429 would invite a retry.
        limits.get(agent).requireQuota();
        limits.get(agent).attempt(now);
      } catch (HttpError e) {
        throw reject(agent, e);
      }
    }
    long seed;
    int[] predictions;
    Optional<String> snapshot;
    try {
      JsonNode body = body(ctx);
      seed = Submissions.seed(body, labels);
      predictions = Submissions.predictions(body, seed, labels.get(seed).size());
      snapshot = Submissions.id(body, "snapshot");
    } catch (HttpError e) {
      throw reject(agent, e);
    }
    DevScore score;
    List<ProbeFlag> raised;
    synchronized (this) {
      AgentLimits allowance = limits.get(agent);
      try {
        allowance.requireQuota();
      } catch (HttpError e) {
        throw reject(agent, e);
      }
      allowance.scored();
      String id = String.format(java.util.Locale.ROOT, "s%06d", ++submissions);
      SeedLabels truth = labels.get(seed);
      int[] counts = truth.correct(predictions, true);
      double accuracy = (double) counts[0] / counts[1];
      int ones = 0;
      for (int p : predictions) {
        ones += p;
      }
      score =
          new DevScore(
              id,
              agent,
              seed,
              snapshot,
              accuracy,
              baselines.pgr(accuracy),
              counts[0],
              counts[1],
              predictions.length - ones,
              ones,
              allowance.left());
      raised = detector.check(id, agent, now, seed, predictions, true, true);
      flags.addAll(raised);
      Map<String, Object> entry = entry("dev");
      entry.putAll(devJson(score));
      entry.put("time", now.toString());
      entry.put("predictions", Submissions.text(predictions));
      log.append(entry);
      for (ProbeFlag flag : raised) {
        log.append(flagEntry(flag));
      }
    }
    String answer = mapper.writeValueAsString(devJson(score));
    // The server's own processing time (RFC-less but widely read W3C Server-Timing header), so a
    // load test can tell server time from client and scheduling time.
    ctx.header(
        "Server-Timing",
        String.format(
            java.util.Locale.ROOT, "score;dur=%.3f", (System.nanoTime() - started) / 1e6));
    ctx.contentType(JSON).result(answer);
  }

  private void finalScore(Context ctx) throws JsonProcessingException {
    String caller = caller(ctx);
    if (!caller.equals(OPERATOR)) {
      throw reject(
          caller,
          new HttpError(
              403,
              "the sealed final split is scored only by the"
                  + " operator (research finalize); agents score the dev split at POST /dev/score"));
    }
    FinalResult result;
    try {
      result = finalResult(body(ctx));
    } catch (HttpError e) {
      throw reject(caller, e);
    }
    SealedScore score;
    try {
      score = sealed(result);
    } catch (HttpError e) {
      throw reject(caller, e);
    }
    ctx.contentType(JSON).result(mapper.writeValueAsString(sealedJson(score)));
  }

  private void flagList(Context ctx) throws JsonProcessingException {
    if (!caller(ctx).equals(OPERATOR)) {
      throw new HttpError(403, "flags are for the operator");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ProbeFlag flag : flags()) {
      out.add(flagEntry(flag));
    }
    ctx.contentType(JSON).result(mapper.writeValueAsString(out));
  }

  // ---- scoring ----

  private SealedScore sealed(FinalResult result) {
    if (!result.predictions().keySet().equals(new java.util.TreeSet<>(task.seeds()))) {
      throw new HttpError(
          400,
          "a result needs predictions for exactly the task's seeds "
              + task.seeds()
              + ", got "
              + result.predictions().keySet());
    }
    for (Map.Entry<Long, int[]> entry : result.predictions().entrySet()) {
      int size = labels.get(entry.getKey()).size();
      int[] predictions = entry.getValue();
      if (predictions.length != size) {
        throw new HttpError(
            400,
            "seed "
                + entry.getKey()
                + ": "
                + predictions.length
                + " predictions; the test split has "
                + size);
      }
      for (int i = 0; i < predictions.length; i++) {
        if (predictions[i] != 0 && predictions[i] != 1) {
          throw new HttpError(
              400,
              "seed "
                  + entry.getKey()
                  + ": predictions["
                  + i
                  + "] is "
                  + predictions[i]
                  + "; each prediction is 0 or 1");
        }
      }
    }
    Instant now = clock.instant();
    synchronized (this) {
      String key = result.agent() + "/" + result.result();
      if (finalized.contains(key)) {
        throw new HttpError(
            409,
            "result "
                + result.result()
                + " of "
                + result.agent()
                + " is already finalized; each result is scored once on the sealed split");
      }
      finalized.add(key);
      List<SealedScore.Seed> seeds = new ArrayList<>();
      List<ProbeFlag> raised = new ArrayList<>();
      String id = String.format(java.util.Locale.ROOT, "f%06d", ++submissions);
      for (Map.Entry<Long, int[]> entry : result.predictions().entrySet()) {
        int[] counts = labels.get(entry.getKey()).correct(entry.getValue(), false);
        double accuracy = (double) counts[0] / counts[1];
        seeds.add(
            new SealedScore.Seed(
                entry.getKey(), accuracy, baselines.pgr(accuracy), counts[0], counts[1]));
        raised.addAll(
            detector.check(
                id, result.agent(), now, entry.getKey(), entry.getValue(), false, false));
      }
      double[] pgrs = seeds.stream().mapToDouble(SealedScore.Seed::pgr).toArray();
      double mean = mean(pgrs);
      double sd = sd(pgrs, mean);
      double half = StudentT.quantile975(pgrs.length - 1) * sd / Math.sqrt(pgrs.length);
      SealedScore score =
          new SealedScore(
              result.agent(),
              result.result(),
              result.snapshot(),
              seeds,
              mean(seeds.stream().mapToDouble(SealedScore.Seed::accuracy).toArray()),
              mean,
              sd,
              mean - half,
              mean + half,
              baselines.weak(),
              baselines.ceiling(),
              baselines.naive(),
              raised);
      flags.addAll(raised);
      Map<String, Object> entry = entry("final");
      entry.put("time", now.toString());
      entry.put("submission", id);
      entry.putAll(sealedJson(score));
      Map<String, String> texts = new LinkedHashMap<>();
      result.predictions().forEach((seed, p) -> texts.put(seed.toString(), Submissions.text(p)));
      entry.put("predictions", texts);
      log.append(entry);
      for (ProbeFlag flag : raised) {
        log.append(flagEntry(flag));
      }
      return score;
    }
  }

  private FinalResult finalResult(JsonNode body) {
    String agent =
        Submissions.id(body, "agent").orElseThrow(() -> new HttpError(400, "'agent' is missing"));
    String result =
        Submissions.id(body, "result").orElseThrow(() -> new HttpError(400, "'result' is missing"));
    String snapshot =
        Submissions.id(body, "snapshot")
            .orElseThrow(
                () -> new HttpError(400, "'snapshot' is missing (a result pins a commit)"));
    JsonNode seeds = body.get("seeds");
    if (seeds == null || !seeds.isArray()) {
      throw new HttpError(400, "'seeds' is missing or not an array of {seed, predictions}");
    }
    Map<Long, int[]> predictions = new LinkedHashMap<>();
    for (JsonNode entry : seeds) {
      long seed = Submissions.seed(entry, labels);
      if (predictions.containsKey(seed)) {
        throw new HttpError(400, "'seeds' lists seed " + seed + " twice");
      }
      predictions.put(seed, Submissions.predictions(entry, seed, labels.get(seed).size()));
    }
    return new FinalResult(agent, result, snapshot, predictions);
  }

  // ---- helpers ----

  /** The agent whose token the request carries, or {@link #OPERATOR}. */
  private String caller(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null
        || !header.regionMatches(true, 0, "Bearer ", 0, 7)
        || header.substring(7).isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw reject(
          "unknown",
          new HttpError(
              401,
              "send 'Authorization: Bearer <token>' with the" + " token handed to your agent"));
    }
    byte[] hash = sha256(header.substring(7).strip());
    String match = null;
    for (Map.Entry<String, byte[]> entry : agentTokenHashes.entrySet()) {
      if (MessageDigest.isEqual(hash, entry.getValue())) {
        match = entry.getKey();
      }
    }
    boolean operator = MessageDigest.isEqual(hash, operatorTokenHash);
    if (operator) {
      return OPERATOR;
    }
    if (match == null) {
      throw reject("unknown", new HttpError(403, "unknown token"));
    }
    return match;
  }

  private JsonNode body(Context ctx) {
    try {
      JsonNode node = mapper.readTree(ctx.bodyAsBytes());
      if (node == null || !node.isObject()) {
        throw new HttpError(400, "the body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new HttpError(400, "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new HttpError(400, "the body could not be read: " + e.getMessage());
    }
  }

  private HttpError reject(String caller, HttpError error) {
    Map<String, Object> entry = entry("rejected");
    entry.put("agent", caller);
    entry.put("status", error.status);
    entry.put("message", error.getMessage());
    log.append(entry);
    return error;
  }

  private Map<String, Object> entry(String event) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", clock.instant().toString());
    entry.put("event", event);
    return entry;
  }

  private Map<String, Object> devJson(DevScore score) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("submission", score.submission());
    out.put("agent", score.agent());
    out.put("seed", score.seed());
    score.snapshot().ifPresent(s -> out.put("snapshot", s));
    out.put("split", "dev");
    putAccuracy(out, score.transferAccuracy(), score.pgr());
    out.put("correct", score.correct());
    out.put("total", score.total());
    Map<String, Integer> distribution = new LinkedHashMap<>();
    distribution.put("0", score.predictedZero());
    distribution.put("1", score.predictedOne());
    out.put("pred_distribution", distribution);
    out.put("quota_left", score.quotaLeft());
    return out;
  }

  /** Accuracy, PGR, and the deltas and baselines that belong next to a PGR. */
  private void putAccuracy(Map<String, Object> out, double accuracy, double pgr) {
    out.put("transfer_acc", accuracy);
    out.put("pgr", pgr);
    out.put("delta_vs_weak", accuracy - baselines.weak());
    out.put("delta_vs_naive", accuracy - baselines.naive());
    out.put("delta_vs_ceiling", accuracy - baselines.ceiling());
    out.put("weak_acc", baselines.weak());
    out.put("ceiling_acc", baselines.ceiling());
    out.put("naive_acc", baselines.naive());
    out.put("naive_pgr", baselines.naivePgr());
  }

  private Map<String, Object> sealedJson(SealedScore score) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", score.agent());
    out.put("result", score.result());
    out.put("snapshot", score.snapshot());
    out.put("split", "final");
    putAccuracy(out, score.meanAccuracy(), score.meanPgr());
    out.put("pgr_sd", score.pgrSd());
    out.put("pgr_ci95", List.of(score.pgrCiLow(), score.pgrCiHigh()));
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (SealedScore.Seed seed : score.seeds()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("seed", seed.seed());
      s.put("transfer_acc", seed.accuracy());
      s.put("pgr", seed.pgr());
      s.put("correct", seed.correct());
      s.put("total", seed.total());
      seeds.add(s);
    }
    out.put("seeds", seeds);
    out.put("flags", score.flags().stream().map(ProbeFlag::kind).toList());
    return out;
  }

  private Map<String, Object> flagEntry(ProbeFlag flag) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", flag.time().toString());
    entry.put("event", "flag");
    entry.put("kind", flag.kind());
    entry.put("agent", flag.agent());
    entry.put("submission", flag.submission());
    entry.put("seed", flag.seed());
    entry.put("evidence", mapper.valueToTree(flag.evidence()));
    return entry;
  }

  private static void respond(Context ctx, int status, String message) {
    ctx.status(status).contentType(TEXT).result(message + "\n");
  }

  private static int majorityLabel(Map<Long, SeedLabels> labels) {
    long ones = 0;
    long total = 0;
    for (SeedLabels seed : labels.values()) {
      for (int label : seed.labels()) {
        ones += label;
        total++;
      }
    }
    return ones * 2 > total ? 1 : 0;
  }

  private static String token(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double sd(double[] values, double mean) {
    if (values.length < 2) {
      return 0;
    }
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }
}
