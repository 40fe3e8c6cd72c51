package dev.loopwatch.research.forum;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * The forum and the code store's push endpoint, served over HTTP/1.1 on a Unix-domain socket (see
 * docs/RESEARCH.md, "Forum"). Each request carries {@code Authorization: Bearer TOKEN}; the token
 * names the agent, and nothing else in the request can.
 *
 * <ul>
 *   <li>{@code GET /posts?since=N}: the posts numbered above N, as {@code {"posts": [...]}}.
 *   <li>{@code POST /posts}: a JSON post; 201 with the stored post, or 400 with the reason.
 *   <li>{@code POST /git/push?ref=agents/NAME[/...]}: a git bundle with one head; 200 with the
 *       commit, 403 when the ref is another agent's, 400 when the bundle is unusable.
 *   <li>{@code GET /whoami}: the agent the token names.
 * </ul>
 */
public final class ForumServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long MAX_POST_BYTES = 256 * 1024;

  private final Javalin app;
  private final Path socket;

  private ForumServer(Javalin app, Path socket) {
    this.app = app;
    this.socket = socket;
  }

  /**
   * Starts serving {@code forum} and {@code store} on {@code socket} (removed first if present;
   * made connectable by the sandbox uid) for the agents named by {@code agentsByToken}.
   */
  public static ForumServer start(
      Path socket, Forum forum, CodeStore store, Map<String, String> agentsByToken) {
    requireNonNull(socket, "socket is null");
    requireNonNull(forum, "forum is null");
    requireNonNull(store, "store is null");
    Map<String, String> tokens = Map.copyOf(agentsByToken);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot replace " + socket + ": " + e.getMessage(), e);
    }
    Javalin app =
        Javalin.create(config -> {
          config.showJavalinBanner = false;
          config.startupWatcherEnabled = false;
          config.useVirtualThreads = true;
          config.http.maxRequestSize = MAX_POST_BYTES;
          config.jetty.addConnector((server, http) -> {
            UnixDomainServerConnector connector =
                new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            connector.setUnixDomainPath(socket);
            return connector;
          });
        });
    app.beforeMatched(ctx -> ctx.attribute("agent", agent(ctx, tokens)));
    app.get(
        "/whoami", ctx -> json(ctx, 200, object().put("agent", (String) ctx.attribute("agent"))));
    app.get(
        "/posts",
        ctx -> {
          long since = since(ctx.queryParam("since"));
          ObjectNode answer = object();
          var list = answer.putArray("posts");
          forum.since(since).forEach(post -> list.add(post.toJson()));
          json(ctx, 200, answer);
        });
    app.post(
        "/posts",
        ctx -> {
          JsonNode request;
          try {
            request = MAPPER.readTree(ctx.body());
          } catch (IOException e) {
            throw new Forum.PostRefused(
                "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
          }
          Post post = forum.post(ctx.attribute("agent"), request);
          json(ctx, 201, post.toJson());
        });
    app.post(
        "/git/push",
        ctx -> {
          String ref = Optional.ofNullable(ctx.queryParam("ref")).orElse("");
          if (ref.isBlank()) {
            throw new CodeStore.PushRefused(false, "the ref query parameter is missing");
          }
          Path bundle = store.newBundleFile();
          copyBounded(ctx.bodyInputStream(), bundle);
          String commit = store.push(ctx.attribute("agent"), ref, bundle);
          json(ctx, 200, object().put("ref", ref).put("commit", commit));
        });
    app.exception(Unauthorized.class, (e, ctx) -> error(ctx, 401, e.getMessage()));
    app.exception(Forum.PostRefused.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(
        CodeStore.PushRefused.class,
        (e, ctx) -> error(ctx, e.forbidden() ? 403 : 400, e.getMessage()));
    app.exception(
        LoopwatchException.class,
        (e, ctx) ->
            error(ctx, e.kind() == LoopwatchException.Kind.USER_INPUT ? 400 : 500, e.getMessage()));
    app.exception(
        Exception.class, (e, ctx) -> error(ctx, 500, "internal error: " + e.getClass().getName()));
    app.start();
    try {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      app.stop();
      throw LoopwatchException.external("cannot open " + socket + ": " + e.getMessage(), e);
    }
    return new ForumServer(app, socket);
  }

  /** The socket served. */
  public Path socket() {
    return socket;
  }

  /** Stops serving and removes the socket. */
  @Override
  public void close() {
    app.stop();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // The run folder keeps a dead socket file; harmless.
    }
  }

  private static String agent(Context ctx, Map<String, String> tokens) {
    String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
    if (!header.startsWith("Bearer ")) {
      throw new Unauthorized("missing 'Authorization: Bearer $LOOPWATCH_TOKEN'");
    }
    String agent = tokens.get(header.substring("Bearer ".length()).strip());
    if (agent == null) {
      throw new Unauthorized("unknown token");
    }
    return agent;
  }

  private static long since(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      long since = Long.parseLong(text.strip());
      if (since < 0) {
        throw new Forum.PostRefused("since must be a sequence number >= 0, not " + text);
      }
      return since;
    } catch (NumberFormatException e) {
      throw new Forum.PostRefused("since must be a sequence number, not '" + text + "'");
    }
  }

  private static void copyBounded(InputStream in, Path file) throws IOException {
    try (in;
        OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > CodeStore.MAX_BUNDLE_BYTES) {
          throw new CodeStore.PushRefused(
              false, "the bundle is larger than " + CodeStore.MAX_BUNDLE_BYTES + " bytes");
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static void json(Context ctx, int status, JsonNode node) throws IOException {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(MAPPER.writeValueAsString(node) + "\n");
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status);
    ctx.contentType("application/json");
    try {
      ctx.result(MAPPER.writeValueAsString(object().put("error", message)) + "\n");
    } catch (IOException e) {
      ctx.result("{\"error\":\"unprintable\"}\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A request without a known token (HTTP 401). */
  private static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message) {
      super(message);
    }
  }
}
