package dev.loopwatch.research.forum;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The run's forum: checks each post, numbers it, keeps it, and appends it as one JSON line to the
 * run's {@code forum.jsonl} before answering, so the file is the forum's record whatever happens to
 * the process. Agents never see the file; they read posts through the HTTP API.
 *
 * <p>A {@code result} is refused unless it reports at least {@value #MIN_SEEDS} distinct seeds and
 * pins a snapshot commit that exists in the code store: a number from one seed is noise on tasks
 * like weak-to-strong supervision (a seed spread near 0.17 PGR was measured on {@code w2s-spam}),
 * and a number without the code that produced it cannot be checked.
 */
public final class Forum {
  /** The fewest distinct seeds a result must report. */
  public static final int MIN_SEEDS = 5;

  /** The longest title, in characters. */
  public static final int MAX_TITLE = 200;

  /** The longest body, in characters. */
  public static final int MAX_BODY = 64 * 1024;

  private static final int MAX_METRICS = 100;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path log;
  private final CodeStore store;
  private final Clock clock;
  private final List<Post> posts = new ArrayList<>();

  /**
   * A forum appending to {@code log} (created if missing) whose results pin commits of {@code
   * store}.
   */
  public Forum(Path log, CodeStore store, Clock clock) {
    this.log = requireNonNull(log, "log is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    try {
      if (!Files.exists(log)) {
        Files.createFile(log);
      }
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + log + ": " + e.getMessage(), e);
    }
  }

  /** A post the forum refuses, with the reason (HTTP 400). */
  public static final class PostRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PostRefused(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code request} (the JSON an agent sent), and when it is acceptable numbers, keeps and
   * logs it.
   *
   * @throws PostRefused naming the field at fault
   */
  public Post post(String agent, JsonNode request) {
    requireNonNull(agent, "agent is null");
    if (!(request instanceof ObjectNode)) {
      throw new PostRefused("a post must be a JSON object");
    }
    String kindText = text(request, "kind").orElseThrow(() -> refused("kind is missing"));
    PostKind kind =
        PostKind.parse(kindText)
            .orElseThrow(() ->
                refused(
                    "kind must be result, hypothesis, insight or error, not '" + kindText + "'"));
    String title = text(request, "title").orElse("").strip();
    if (title.isEmpty() || title.length() > MAX_TITLE || title.contains("\n")) {
      throw refused("title must be one non-empty line of at most " + MAX_TITLE + " characters");
    }
    String body = text(request, "body").orElse("");
    if (body.length() > MAX_BODY) {
      throw refused("body is longer than " + MAX_BODY + " characters");
    }
    SortedMap<String, Double> metrics = metrics(request.path("metrics"));
    JsonNode config = request.path("config");
    if (!config.isMissingNode() && !config.isNull() && !config.isObject()) {
      throw refused("config must be a JSON object");
    }
    List<Long> seeds = seeds(request.path("seeds"));
    Optional<String> snapshot = text(request, "snapshot").map(String::strip);
    if (kind == PostKind.RESULT) {
      Set<Long> distinct = new HashSet<>(seeds);
      if (distinct.size() < MIN_SEEDS) {
        throw refused(
            "a result must report at least "
                + MIN_SEEDS
                + " distinct seeds in 'seeds'; this one reports "
                + distinct.size());
      }
      if (snapshot.isEmpty()) {
        throw refused("a result must pin a snapshot commit of the code store in 'snapshot'");
      }
    }
    if (snapshot.isPresent() && !store.hasCommit(snapshot.get())) {
      throw refused(
          "snapshot "
              + snapshot.get()
              + " is not a commit in the code store (push it with lw-push first; full hex id)");
    }
    synchronized (this) {
      Post post =
          new Post(
              posts.size() + 1L,
              clock.instant(),
              agent,
              kind,
              title,
              body,
              metrics,
              config instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode(),
              seeds,
              snapshot);
      append(post);
      posts.add(post);
      if (kind == PostKind.RESULT) {
        store.keep(post.sequence(), snapshot.orElseThrow());
      }
      return post;
    }
  }

  /** The posts numbered above {@code since}, in order. */
  public synchronized List<Post> since(long since) {
    int from = (int) Math.max(0, Math.min(posts.size(), since));
    return List.copyOf(posts.subList(from, posts.size()));
  }

  /** Posts per agent, sorted by agent. */
  public synchronized Map<String, Long> countsByAgent() {
    Map<String, Long> counts = new TreeMap<>();
    posts.forEach(post -> counts.merge(post.agent(), 1L, Long::sum));
    return counts;
  }

  /** Reads the posts a forum logged to {@code log}, in order (for status and reports). */
  public static List<Post> read(Path log) {
    if (!Files.isRegularFile(log)) {
      return List.of();
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> !line.isBlank())
          .map(line -> {
            try {
              return Post.fromJson(MAPPER.readTree(line));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw LoopwatchException.userInput(
          "cannot read the forum log " + log + ": " + e.getMessage());
    }
  }

  private void append(Post post) {
    try {
      Files.writeString(
          log,
          MAPPER.writeValueAsString(post.toJson()) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot append to " + log + ": " + e.getMessage(), e);
    }
  }

  private static SortedMap<String, Double> metrics(JsonNode node) {
    SortedMap<String, Double> metrics = new TreeMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return metrics;
    }
    if (!node.isObject() || node.size() > MAX_METRICS) {
      throw refused("metrics must be a JSON object of at most " + MAX_METRICS + " numbers");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
        throw refused("metrics." + entry.getKey() + " must be a finite number");
      }
      metrics.put(entry.getKey(), value.asDouble());
    }
    return metrics;
  }

  private static List<Long> seeds(JsonNode node) {
    List<Long> seeds = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return seeds;
    }
    if (!node.isArray() || node.size() > 10_000) {
      throw refused("seeds must be a JSON array of integers");
    }
    for (JsonNode seed : node) {
      if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
        throw refused("seeds must be a JSON array of integers, not " + seed);
      }
      seeds.add(seed.asLong());
    }
    return seeds;
  }

  private static Optional<String> text(JsonNode request, String field) {
    JsonNode node = request.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw refused(field + " must be a string");
    }
    return Optional.of(node.asText());
  }

  private static PostRefused refused(String message) {
    return new PostRefused(message);
  }
}
