package dev.loopwatch.app.ledger;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A declarant's side of a log served by {@code ledger serve}: reads the declarant's key and token
 * files and submits one signed attestation with {@code POST <url>/add}.
 */
public final class LogClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private LogClient() {}

  /**
   * The declarant's signer key read from {@code keyFile} (as written by {@code ledger keygen}).
   *
   * @throws LoopwatchException naming the file if it is missing or not a signer key
   */
  public static String readSignerKey(Path keyFile) {
    return KeyFiles.readSignerKey(keyFile);
  }

  /** The verifier key (the {@code declarant} field) of a signer key. */
  public static String verifierKeyOf(String signerKey) {
    return KeyFiles.verifierKeyOf(signerKey);
  }

  /**
   * The bearer token in {@code tokenFile}.
   *
   * @throws LoopwatchException naming the file if it is missing or not one token
   */
  public static String readToken(Path tokenFile) {
    String text = KeyFiles.readText(tokenFile, "token file");
    if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ')) {
      throw LoopwatchException.userInput(
          "token file " + tokenFile + " must hold one non-empty token without spaces");
    }
    return text;
  }

  /**
   * The log's {@code /add} endpoint under the URL prefix {@code log}.
   *
   * @throws LoopwatchException if {@code log} is not an http(s) URL
   */
  public static URI addEndpoint(String log) {
    requireNonNull(log, "log is null");
    URI uri;
    try {
      uri = new URI(log.endsWith("/") ? log + "add" : log + "/add");
    } catch (URISyntaxException e) {
      throw LoopwatchException.userInput("--log " + log + " is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw LoopwatchException.userInput(
          "--log " + log + " is not an http(s) URL of a log (as served by 'ledger serve')");
    }
    return uri;
  }

  /**
   * Submits one signed attestation and returns its index in the log, once the log answers that the
   * entry is durable.
   *
   * @throws LoopwatchException user input (exit 2) if the log is unreachable or refuses the entry
   *     (4xx), external (exit 3) if it fails (5xx) or answers something else
   */
  public static long add(String log, byte[] entry, Optional<String> token) {
    requireNonNull(entry, "entry is null");
    requireNonNull(token, "token is null");
    URI endpoint = addEndpoint(log);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(entry));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw LoopwatchException.userInput(
          "log " + log + " is unreachable: " + (e.getMessage() == null ? e : e.getMessage()));
    } catch (IOException e) {
      throw LoopwatchException.userInput("log " + log + " is unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LoopwatchException.external("interrupted while appending to " + log, e);
    }
    String body = response.body().strip();
    int status = response.statusCode();
    if (status >= 400 && status < 500) {
      throw LoopwatchException.userInput(
          "log " + log + " refused the entry (HTTP " + status + "): " + body);
    }
    if (status != 200) {
      throw LoopwatchException.external(
          "log " + log + " failed to append the entry (HTTP " + status + "): " + body, null);
    }
    try {
      JsonNode answer = Json.mapper().readTree(body);
      JsonNode index = answer == null ? null : answer.get("index");
      if (index == null || !index.canConvertToLong()) {
        throw new IOException("no index in the answer");
      }
      return index.longValue();
    } catch (IOException e) {
      throw LoopwatchException.external(
          "log " + log + " answered the append with unexpected text: " + body, e);
    }
  }
}
