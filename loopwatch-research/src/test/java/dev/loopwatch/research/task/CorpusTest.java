package dev.loopwatch.research.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  @TempDir Path folder;

  @Test
  void load_realDataset_hasTheKnownGroupsAndSpamShare() {
    Corpus corpus = Corpus.load(W2sTaskSpec.builtIn("w2s-spam").dataset());
    Map<String, Long> groups =
        corpus.messages().stream()
            .collect(Collectors.groupingBy(Message::group, TreeMap::new, Collectors.counting()));
    assertThat(groups)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "easy-ham-1", 2500L,
                    "easy-ham-2", 1400L,
                    "hard-ham-1", 250L,
                    "spam-1", 500L,
                    "spam-2", 1396L)));
    long spam = corpus.messages().stream().filter(m -> m.label() == 1).count();
    assertThat(spam).isEqualTo(1896);
    assertThat(corpus.messages())
        .allMatch(m -> m.body().codePointCount(0, m.body().length()) <= 5000);
    assertThat(corpus.messages().get(17).index()).isEqualTo(17);
  }

  @Test
  void body_textAfterFirstBlankLine_cutToMaximum() {
    assertThat(Corpus.body("Subject: x\nFrom: y\n\nhello\n\nworld", 100))
        .isEqualTo("hello\n\nworld");
    assertThat(Corpus.body("Subject: only headers\n", 100)).isEmpty();
    assertThat(Corpus.body("h\n\nabcdef", 3)).isEqualTo("abc");
  }

  @Test
  void fetch_servedBytesWithWrongChecksum_failsAndLeavesNoFile() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/pkg.tgz",
        exchange -> {
          byte[] body = "not the pinned tarball".getBytes();
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      DatasetSpec spec =
          new DatasetSpec(
              "test",
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pkg.tgz"),
              "0".repeat(64),
              DatasetSpec.STDLIB_SPAM_JSON,
              "spam-",
              5000,
              10);
      assertThatThrownBy(() -> DatasetCache.fetch(spec, folder))
          .isInstanceOf(LoopwatchException.class)
          .hasMessageContaining("SHA-256 is ")
          .hasMessageContaining("the task spec pins " + "0".repeat(64));
      try (var files = Files.list(folder)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".lock");
      }
    } finally {
      server.stop(0);
    }
  }
}
