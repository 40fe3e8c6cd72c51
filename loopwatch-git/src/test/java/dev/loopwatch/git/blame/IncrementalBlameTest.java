package dev.loopwatch.git.blame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncrementalBlameTest {
  private static final String A = "79acbf6972ca7440489845b8273c0299cbcecdb5";
  private static final String B = "ee00766ecb4b7a7792df6d28c1d23a68ed0b7634";

  private static List<IncrementalBlame.Entry> parse(String output) throws Exception {
    List<IncrementalBlame.Entry> entries = new ArrayList<>();
    IncrementalBlame.parse(
        new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)), entries::add);
    return entries;
  }

  private static String header(String sha, String summary) {
    return sha
        + "\nauthor a\nauthor-mail <a@b>\nauthor-time 1795701068\nauthor-tz +0000\ncommitter a\n"
        + "committer-mail <a@b>\ncommitter-time 1795701068\ncommitter-tz +0000\nsummary "
        + summary
        + "\n";
  }

  @Test
  void parse_repeatedCommitBoundaryPreviousAndQuotedName_readsEveryEntry() throws Exception {
    String output =
        A
            + " 2 2 1\n"
            + header("", "two").substring(1)
            + "previous 47d6d411b6babd762d3de9c87dccbd02c64f7361 new.txt\nfilename new.txt\n"
            + B
            + " 1 1 1\n"
            + header("", "one\r with a stray CR").substring(1)
            + "boundary\nfilename \"a\\\"b\\tc ü.txt\"\n"
            + B
            + " 3 3 2\nfilename \"a\\\"b\\tc ü.txt\"\n";

    assertThat(parse(output))
        .containsExactly(
            new IncrementalBlame.Entry(A, 2, 2, 1, "new.txt"),
            new IncrementalBlame.Entry(B, 1, 1, 1, "a\"b\tc ü.txt"),
            new IncrementalBlame.Entry(B, 3, 3, 2, "a\"b\tc ü.txt"));
  }

  @Test
  void parse_emptyOutput_readsNothing() throws Exception {
    assertThat(parse("")).isEmpty();
  }

  @Test
  void parse_truncatedEntry_throws() {
    assertThatThrownBy(() -> parse(A + " 1 1 1\nauthor a\n"))
        .isInstanceOf(IncrementalBlame.FormatException.class)
        .hasMessageContaining(A);
  }

  @Test
  void parse_badHeader_throwsNamingLine() {
    assertThatThrownBy(() -> parse(A + " 1 x 1\nfilename f\n"))
        .isInstanceOf(IncrementalBlame.FormatException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> parse("not-a-sha 1 1 1\nfilename f\n"))
        .isInstanceOf(IncrementalBlame.FormatException.class);
    assertThatThrownBy(() -> parse(A + " 0 1 1\nfilename f\n"))
        .isInstanceOf(IncrementalBlame.FormatException.class);
  }

  @Test
  void unquote_escapes_decodesBytes() throws Exception {
    assertThat(IncrementalBlame.unquote("plain name ü.txt")).isEqualTo("plain name ü.txt");
    assertThat(IncrementalBlame.unquote("\"na\\303\\257ve\\tx\\\\y\\\"z\""))
        .isEqualTo("naïve\tx\\y\"z");
    assertThat(IncrementalBlame.unquote("\"\\a\\b\\v\\f\\r\\n\""))
        .isEqualTo("\u0007\b\u000b\f\r\n");
    assertThat(IncrementalBlame.unquote("\"ü\\001\"")).isEqualTo("ü\u0001");
  }

  @Test
  void unquote_malformed_throws() {
    for (String bad : List.of("\"open", "\"x\\\"", "\"\\q\"", "\"\\7\"", "\"\\777\"")) {
      assertThatThrownBy(() -> IncrementalBlame.unquote(bad))
          .as(bad)
          .isInstanceOf(IncrementalBlame.FormatException.class);
    }
  }

  @Test
  void parse_oneByteReads_sameEntries() throws Exception {
    String output = A + " 1 1 3\nsummary s\nfilename f.txt\n" + B + " 1 4 1\nfilename g.txt\n";
    byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
    List<IncrementalBlame.Entry> entries = new ArrayList<>();
    IncrementalBlame.parse(
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] buffer, int offset, int length) {
            return super.read(buffer, offset, Math.min(1, length));
          }
        },
        entries::add);

    assertThat(entries)
        .containsExactly(
            new IncrementalBlame.Entry(A, 1, 1, 3, "f.txt"),
            new IncrementalBlame.Entry(B, 1, 4, 1, "g.txt"));
  }

  @Test
  void parse_ioFailure_propagates() {
    assertThatThrownBy(() ->
            IncrementalBlame.parse(
                new java.io.InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw new IOException("pipe broke");
                  }
                },
                entry -> {}))
        .isInstanceOf(IOException.class)
        .hasMessage("pipe broke");
  }
}
