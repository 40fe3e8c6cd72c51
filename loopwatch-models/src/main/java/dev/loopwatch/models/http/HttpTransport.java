package dev.loopwatch.models.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.models.CanonicalRequest;
import dev.loopwatch.models.ModelError;
import dev.loopwatch.models.ModelException;
import dev.loopwatch.models.ModelSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON POST to a provider with the status mapped to a {@link ModelError}: retryable for
 * connection errors, 408, 409, 429, 5xx and 529, and for an answer that is not JSON (a truncated or
 * garbled body); final for the rest. A provider's {@code x-should-retry} header overrides the
 * status, as the official SDKs do. The API key is sent in a header and cut out of every message.
 */
final class HttpTransport {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final ModelSpec spec;
  private final Optional<String> apiKey;

  HttpTransport(ModelSpec spec, Optional<String> apiKey) {
    this.spec = requireNonNull(spec, "spec is null");
    this.apiKey = requireNonNull(apiKey, "apiKey is null");
  }

  /** The answer of one call: its JSON body, headers and latency. */
  record Answer(JsonNode body, HttpResponseHeaders headers, Duration latency) {}

  /** Response headers, looked up case-insensitively. */
  record HttpResponseHeaders(java.net.http.HttpHeaders headers) {
    Optional<String> first(String name) {
      return headers.firstValue(name);
    }
  }

  /** Decides whether a non-2xx answer is final despite its status (OpenAI's exhausted quota). */
  interface FinalCheck {
    boolean isFinal(int status, JsonNode error);
  }

  /**
   * POSTs {@code body} to {@code base-url + path} with {@code headers}; the answer must be JSON.
   */
  Answer post(String path, ObjectNode body, Map<String, String> headers, FinalCheck finalCheck) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(stripSlash(spec.baseUrl()) + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CanonicalRequest.write(body)));
    return json(exchange(builder, headers, finalCheck));
  }

  /** GETs {@code url} (absolute) with {@code headers}; the answer must be JSON. */
  Answer getJson(URI url, Map<String, String> headers) {
    return json(exchange(HttpRequest.newBuilder(url).GET(), headers, (status, error) -> false));
  }

  /** GETs {@code url} (absolute) with {@code headers} and returns the body as text. */
  String getText(URI url, Map<String, String> headers) {
    return exchange(HttpRequest.newBuilder(url).GET(), headers, (status, error) -> false).body();
  }

  /** {@code base-url + path}. */
  URI resolve(String path) {
    return URI.create(stripSlash(spec.baseUrl()) + path);
  }

  private record Raw(String body, HttpResponseHeaders headers, Duration latency, int status) {}

  private Answer json(Raw raw) {
    JsonNode json = parse(raw.body());
    if (json == null || !json.isObject()) {
      throw failure(
          new ModelError.Retryable(
              raw.status(),
              "answer is not a JSON object (truncated or garbled body)",
              Optional.empty()));
    }
    return new Answer(json, raw.headers(), raw.latency());
  }

  private static JsonNode parse(String body) {
    try {
      return CanonicalRequest.mapper().readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Sends one request; a non-2xx status becomes a retryable or final {@link ModelException}. */
  private Raw exchange(
      HttpRequest.Builder builder, Map<String, String> headers, FinalCheck finalCheck) {
    builder.timeout(spec.timeout());
    headers.forEach(builder::header);
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw failure(
          new ModelError.Retryable(408, "no answer within " + spec.timeout(), Optional.empty()));
    } catch (IOException e) {
      throw failure(
          new ModelError.Retryable(
              0,
              "connection to " + spec.baseUrl() + " failed: " + redact(reason(e)),
              Optional.empty()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(new ModelError.Rejected(0, "interrupted"));
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    HttpResponseHeaders responseHeaders = new HttpResponseHeaders(response.headers());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return new Raw(response.body(), responseHeaders, latency, status);
    }
    JsonNode json = parse(response.body());
    JsonNode error = json == null ? null : json.path("error");
    String message = providerMessage(status, error, response.body());
    Optional<Boolean> shouldRetry =
        responseHeaders.first("x-should-retry").map(value -> value.equalsIgnoreCase("true"));
    boolean retryable =
        shouldRetry.orElse(status == 408 || status == 409 || status == 429 || status >= 500)
            && !finalCheck.isFinal(status, error);
    if (retryable) {
      throw failure(new ModelError.Retryable(status, message, retryAfter(responseHeaders)));
    }
    throw failure(new ModelError.Rejected(status, message));
  }

  private String providerMessage(int status, JsonNode error, String body) {
    String text;
    if (error != null && error.isObject() && error.path("message").isTextual()) {
      String type = error.path("type").asText(error.path("code").asText(""));
      text = (type.isEmpty() ? "" : type + ": ") + error.path("message").asText();
    } else if (error != null && error.isTextual()) {
      text = error.asText();
    } else {
      text = body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
    return "HTTP " + status + ": " + redact(text.strip().replace('\n', ' '));
  }

  /**
   * The wait a provider asked for: {@code retry-after-ms}, else {@code retry-after} seconds or
   * date.
   */
  static Optional<Duration> retryAfter(HttpResponseHeaders headers) {
    Optional<String> millis = headers.first("retry-after-ms");
    if (millis.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().strip())));
      } catch (NumberFormatException e) {
        // fall through to retry-after
      }
    }
    Optional<String> after = headers.first("retry-after");
    if (after.isEmpty()) {
      return Optional.empty();
    }
    String value = after.get().strip();
    try {
      return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException ignored) {
        return Optional.empty();
      }
    }
  }

  /**
   * The first message along the cause chain (a refused connection's is on the cause), else the
   * type.
   */
  static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  private ModelException failure(ModelError error) {
    return new ModelException(spec.name(), error);
  }

  /** {@code text} with the API key, if it occurs, replaced by {@code ***}. */
  String redact(String text) {
    return apiKey.filter(key -> !key.isEmpty()).map(key -> text.replace(key, "***")).orElse(text);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
