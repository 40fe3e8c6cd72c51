package dev.loopwatch.git.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.identity.Trailers.Trailer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrailersTest {
  @Test
  void parse_lastParagraphTrailers_inOrder() {
    String message =
        "Fix parser\n\nBody: not a trailer here.\n\nSigned-off-by: A <a@example.com>\nCo-Authored-By: Claude <noreply@anthropic.com>\n";

    assertThat(Trailers.parse(message))
        .containsExactly(
            new Trailer("Signed-off-by", "A <a@example.com>"),
            new Trailer("Co-Authored-By", "Claude <noreply@anthropic.com>"));
  }

  @Test
  void parse_subjectOnly_noTrailers() {
    assertThat(Trailers.parse("Co-authored-by: Claude <noreply@anthropic.com>")).isEmpty();
    assertThat(Trailers.parse("Subject\nCo-authored-by: Claude <noreply@anthropic.com>\n"))
        .isEmpty();
  }

  @Test
  void parse_continuationLine_joined() {
    String message = "Subject\n\nReviewed-by: Someone\n  Else <se@example.com>\n";

    assertThat(Trailers.parse(message))
        .containsExactly(new Trailer("Reviewed-by", "Someone Else <se@example.com>"));
  }

  @Test
  void parse_mixedLastParagraphWithCrlf_trailersKept() {
    String message =
        "Subject\r\n\r\nThis change was paired.\r\nCo-authored-by: Bob <bob@example.com>\r\nThanks all\r\n\r\n";

    assertThat(Trailers.parse(message))
        .containsExactly(new Trailer("Co-authored-by", "Bob <bob@example.com>"));
  }

  @Test
  void parse_keyWithSpaceBeforeColon_accepted() {
    assertThat(Trailers.parse("S\n\nMade-with : Cursor"))
        .containsExactly(new Trailer("Made-with", "Cursor"));
  }

  @Test
  void coAuthors_classified_inOrder() {
    String message =
        "S\n\nCo-authored-by: Claude <noreply@anthropic.com>\nco-authored-by: Bob <bob@example.com>\nCo-authored-by: no address\n";

    assertThat(Trailers.coAuthors(message, IdentityTable.builtIn()))
        .containsExactly(
            new Identity(
                "Claude", "noreply@anthropic.com", IdentityKind.AGENT, Optional.of("claude-code")),
            new Identity("Bob", "bob@example.com", IdentityKind.HUMAN, Optional.empty()));
  }
}
