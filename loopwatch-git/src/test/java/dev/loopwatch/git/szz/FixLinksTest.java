package dev.loopwatch.git.szz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mining fix-to-cause links from real commit messages. */
class FixLinksTest {
  @TempDir Path temp;

  @Test
  void parse_severalFixesLines_allInMessageOrder() {
    String message =
        "net: fix two bugs\n\nFixes: abcdef1 (\"net: first\")\nFixes:\t1234567890ab (\"second\")\n"
            + "Fixes: ABCDEF1 (upper case is not a match)\nFixes:\nabcdef2 (newline is not a match)\n";

    assertThat(FixLinks.parse("f", message))
        .containsExactly(
            new FixLink("f", "abcdef1", FixLink.How.FIXES_TRAILER),
            new FixLink("f", "1234567890ab", FixLink.How.FIXES_TRAILER));
  }

  @Test
  void parse_revertMessage_linksRevertedCommit() {
    assertThat(FixLinks.parse("f", "Revert \"x\"\n\nThis reverts commit 0123456789abcdef.\n"))
        .containsExactly(new FixLink("f", "0123456789abcdef", FixLink.How.REVERT));
  }

  @Test
  void mine_shortHashesAndRevert_resolvedToFullIds() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("repo"));
    repo.write("a.txt", "a\n");
    String first = repo.commit("add a");
    repo.write("b.txt", "b\n");
    String second = repo.commit("add b");
    repo.write("a.txt", "A\n");
    repo.write("b.txt", "B\n");
    String fix =
        repo.commit(
            "fix both\n\nFixes: "
                + first.substring(0, 7)
                + " (\"add a\")\nFixes: "
                + second.substring(0, 12)
                + " (\"add b\")\nFixes: 0000000000 (\"gone\")");
    repo.git("revert", "--no-edit", fix);
    String revert = repo.git("rev-parse", "HEAD").strip();

    FixLinks.Result result = FixLinks.mine(Git.open(repo.root()), "HEAD");

    assertThat(result.links())
        .containsExactly(
            new FixLink(revert, fix, FixLink.How.REVERT),
            new FixLink(fix, first, FixLink.How.FIXES_TRAILER),
            new FixLink(fix, second, FixLink.How.FIXES_TRAILER));
    assertThat(result.warnings())
        .extracting(ScanWarning::kind, ScanWarning::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("unresolved-fix-link", fix));
  }
}
