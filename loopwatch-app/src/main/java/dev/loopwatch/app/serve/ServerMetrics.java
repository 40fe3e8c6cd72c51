package dev.loopwatch.app.serve;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's own numbers in the Prometheus text exposition format (version 0.0.4): requests and
 * their total time per route, method and status, the latest scan, connected event clients. Kept
 * here, without a metrics library, because these few counters are all it serves.
 */
final class ServerMetrics {
  private record Key(String route, String method, int status) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byRoute = route.compareTo(other.route);
      if (byRoute != 0) {
        return byRoute;
      }
      int byMethod = method.compareTo(other.method);
      return byMethod != 0 ? byMethod : Integer.compare(status, other.status);
    }
  }

  private final Map<Key, long[]> requests = new TreeMap<>();

  /** Counts one answered request; its start time is the {@code started} attribute. */
  void record(Context ctx) {
    Long started = ctx.attribute("started");
    long nanos = started == null ? 0 : System.nanoTime() - started;
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    if (route == null || route.isEmpty() || route.equals("*")) {
      route = "unmatched";
    }
    Key key = new Key(route, ctx.method().name(), ctx.statusCode());
    synchronized (requests) {
      long[] counts = requests.computeIfAbsent(key, k -> new long[2]);
      counts[0]++;
      counts[1] += nanos;
    }
  }

  /** The exposition text. */
  String scrape(Scans.Status scan, int eventClients) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP loopwatch_http_requests_total Requests answered.\n")
        .append("# TYPE loopwatch_http_requests_total counter\n");
    Map<Key, long[]> copy;
    synchronized (requests) {
      copy = new TreeMap<>();
      requests.forEach((k, v) -> copy.put(k, v.clone()));
    }
    copy.forEach((k, v) ->
        out.append("loopwatch_http_requests_total")
            .append(labels(k))
            .append(' ')
            .append(v[0])
            .append('\n'));
    out.append("# HELP loopwatch_http_request_seconds_total Time spent answering requests.\n")
        .append("# TYPE loopwatch_http_request_seconds_total counter\n");
    copy.forEach((k, v) ->
        out.append("loopwatch_http_request_seconds_total")
            .append(labels(k))
            .append(' ')
            .append(String.format(Locale.ROOT, "%.6f", v[1] / 1e9))
            .append('\n'));
    out.append("# HELP loopwatch_scans_started_total Scans started in this server.\n")
        .append("# TYPE loopwatch_scans_started_total counter\n")
        .append("loopwatch_scans_started_total ")
        .append(scan.id())
        .append('\n')
        .append("# HELP loopwatch_scan_running Whether a scan is running.\n")
        .append("# TYPE loopwatch_scan_running gauge\n")
        .append("loopwatch_scan_running ")
        .append(scan.state() == Scans.State.RUNNING ? 1 : 0)
        .append('\n')
        .append("# HELP loopwatch_event_clients Connected event-stream clients.\n")
        .append("# TYPE loopwatch_event_clients gauge\n")
        .append("loopwatch_event_clients ")
        .append(eventClients)
        .append('\n');
    return out.toString();
  }

  private static String labels(Key key) {
    return "{route=\""
        + key.route().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",method=\""
        + key.method()
        + "\",status=\""
        + key.status()
        + "\"}";
  }
}
