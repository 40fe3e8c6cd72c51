package dev.loopwatch.research.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A minimal scoring side for tests: an HTTP/1.0 server on the run's score socket that answers every
 * request with the agent's running count, counted in an {@link InMemorySubmissions}. It scores
 * nothing; it exists so that submissions are counted by a real server the sandboxed agent reaches,
 * as the real scoring server will count them.
 */
final class CountingScorer implements ScoringEndpoint {
  @Override
  public Serving start(Path socket, Map<String, String> agentsByToken, Path runFolder) {
    InMemorySubmissions counts = new InMemorySubmissions();
    try {
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
      Thread acceptor =
          Thread.ofVirtual()
              .start(() -> {
                while (server.isOpen()) {
                  try (SocketChannel client = server.accept()) {
                    answer(client, agentsByToken, counts);
                  } catch (IOException e) {
                    // Closed, or a client went away.
                  }
                }
              });
      return new Serving() {
        @Override
        public long submissions(String agent) {
          return counts.submissions(agent);
        }

        @Override
        public void close() {
          try {
            server.close();
            acceptor.join();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void answer(
      SocketChannel client, Map<String, String> agentsByToken, InMemorySubmissions counts)
      throws IOException {
    InputStream in = Channels.newInputStream(client);
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.append((char) b);
    }
    String agent = "";
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("authorization: bearer ")) {
        agent = agentsByToken.getOrDefault(line.substring(22).strip(), "");
      } else if (lower.startsWith("content-length: ")) {
        length = Long.parseLong(line.substring(16).strip());
      }
    }
    in.readNBytes((int) length);
    String body =
        agent.isEmpty()
            ? "{\"error\":\"unknown token\"}"
            : "{\"agent\":\"" + agent + "\",\"n\":" + counts.record(agent) + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = Channels.newOutputStream(client);
    out.write(
        ("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }
}
