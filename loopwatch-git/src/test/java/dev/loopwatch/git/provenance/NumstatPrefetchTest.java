package dev.loopwatch.git.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.log.NumstatReader;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumstatPrefetchTest {
  private static final List<String> LOG =
      List.of("log", "-z", "--numstat", "--format=" + NumstatReader.FORMAT, "HEAD", "--");

  @TempDir Path temp;

  /** Twelve commits of one to five files each, so a small budget is hit again and again. */
  private Git repository() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("repo"));
    for (int i = 0; i < 12; i++) {
      for (int f = 0; f <= i % 5; f++) {
        repo.append("dir" + f + "/file" + i + ".txt", "line " + i + "\n".repeat(f + 1));
      }
      repo.commit("change " + i);
    }
    return Git.open(repo.root());
  }

  private static List<NumstatReader.CommitStats> direct(Git git) throws Exception {
    NumstatReader reader =
        new NumstatReader(new ByteArrayInputStream(git.run(LOG).getBytes(StandardCharsets.UTF_8)));
    List<NumstatReader.CommitStats> result = new ArrayList<>();
    Optional<NumstatReader.CommitStats> next;
    while ((next = reader.next()).isPresent()) {
      result.add(next.get());
    }
    return result;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, NumstatPrefetch.FILE_BUDGET})
  void next_anyBudget_givesWhatTheDirectReadGives(int budget) throws Exception {
    Git git = repository();
    List<NumstatReader.CommitStats> read = new ArrayList<>();
    try (NumstatPrefetch prefetch = NumstatPrefetch.start(git, LOG, budget)) {
      Optional<NumstatReader.CommitStats> next;
      while ((next = prefetch.next()).isPresent()) {
        read.add(next.get());
      }
      assertThat(prefetch.next()).isEmpty();
    }
    assertThat(read).hasSize(12).isEqualTo(direct(git));
  }

  @Test
  void next_unknownRevision_throwsGitsFailure() throws Exception {
    Git git = repository();
    List<String> args =
        List.of("log", "-z", "--numstat", "--format=" + NumstatReader.FORMAT, "no-such-branch");
    try (NumstatPrefetch prefetch = NumstatPrefetch.start(git, args)) {
      assertThatThrownBy(prefetch::next)
          .isInstanceOfSatisfying(
              LoopwatchException.class,
              e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.EXTERNAL))
          .hasMessageContaining("git log -z --numstat failed")
          .hasMessageContaining("no-such-branch");
    }
  }

  @Test
  void close_readerWaitingForRoom_stopsGitAndReader() throws Exception {
    Git git = repository();
    NumstatPrefetch prefetch = NumstatPrefetch.start(git, LOG, 1);
    assertThat(prefetch.next()).isPresent();
    // The reader now waits for room with the rest unread; closing must not hang.
    prefetch.close();
  }
}
