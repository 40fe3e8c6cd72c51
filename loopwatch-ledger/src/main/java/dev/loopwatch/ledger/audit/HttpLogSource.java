package dev.loopwatch.ledger.audit;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.tiles.Tile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A log served over HTTP in the c2sp.org/tlog-tiles layout under a URL prefix. Every failure (no
 * connection, timeout, a status other than 200, a tile of the wrong length) is a {@link
 * LoopwatchException} of kind user input naming the URL, since it is the URL the user gave that
 * does not answer as a log.
 */
final class HttpLogSource implements LogSource {
  private final String prefix;
  private final Duration timeout;
  private final HttpClient client;

  HttpLogSource(URI prefix, Duration timeout) {
    requireNonNull(prefix, "prefix is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    String text = prefix.toString();
    this.prefix = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public byte[] checkpoint() {
    return get("checkpoint");
  }

  @Override
  public byte[] read(Tile tile) {
    byte[] data = get(tile.path());
    int expected = tile.width() * Hash.SIZE;
    if (data.length != expected && data.length != Tile.FULL_WIDTH * Hash.SIZE) {
      throw LoopwatchException.userInput(
          "tile "
              + url(tile.path())
              + " is "
              + data.length
              + " bytes, expected "
              + expected
              + " (truncated?)");
    }
    return data;
  }

  @Override
  public byte[] entries(Tile tile) {
    return get(tile.entriesPath());
  }

  @Override
  public String location() {
    return prefix;
  }

  private String url(String path) {
    return prefix + "/" + path;
  }

  private byte[] get(String path) {
    String url = url(path);
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      throw LoopwatchException.userInput("log URL " + url + " is malformed: " + e.getMessage());
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot fetch " + url + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LoopwatchException.userInput("interrupted while fetching " + url);
    }
    if (response.statusCode() != 200) {
      throw LoopwatchException.userInput(
          "cannot fetch " + url + ": HTTP status " + response.statusCode());
    }
    return response.body();
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
