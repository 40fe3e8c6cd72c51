package dev.loopwatch.research.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code store with real git: bundles in, refs only in the pusher's own namespace. */
class CodeStoreTest {
  @TempDir Path temp;

  @Test
  void push_ownBranch_storedUnderItAndCommitKnown() throws Exception {
    CodeStore store = CodeStore.create(temp.resolve("store.git"));
    GitFixture work = new GitFixture(temp.resolve("work"));
    String commit = work.commit("a.py", "x = 1\n");

    String stored = store.push("a1", "agents/a1/try", work.bundle(temp.resolve("b.bundle")));

    assertThat(stored).isEqualTo(commit);
    assertThat(store.branches()).containsExactly("agents/a1/try " + commit);
    assertThat(store.hasCommit(commit)).isTrue();
    assertThat(temp.resolve("b.bundle")).doesNotExist();
  }

  @Test
  void push_anotherAgentsNamespace_forbidden() throws Exception {
    CodeStore store = CodeStore.create(temp.resolve("store.git"));
    GitFixture work = new GitFixture(temp.resolve("work"));
    work.commit("a.py", "x = 1\n");

    assertThatThrownBy(() -> store.push("a1", "agents/a2/x", work.bundle(temp.resolve("b1"))))
        .isInstanceOfSatisfying(
            CodeStore.PushRefused.class, e -> assertThat(e.forbidden()).isTrue())
        .hasMessage("agent a1 may push only agents/a1 or agents/a1/*, not agents/a2/x");
    assertThatThrownBy(() -> store.push("a1", "agents/a10/x", work.bundle(temp.resolve("b2"))))
        .isInstanceOf(CodeStore.PushRefused.class);
    assertThatThrownBy(() -> store.push("a1", "main", work.bundle(temp.resolve("b3"))))
        .isInstanceOf(CodeStore.PushRefused.class);
    assertThat(store.branches()).isEmpty();
  }

  @Test
  void push_notABundleOrBadRef_refusedNotForbidden() throws Exception {
    CodeStore store = CodeStore.create(temp.resolve("store.git"));
    Path junk = Files.writeString(temp.resolve("junk"), "not a bundle");

    assertThatThrownBy(() -> store.push("a1", "agents/a1/x", junk))
        .isInstanceOfSatisfying(
            CodeStore.PushRefused.class, e -> assertThat(e.forbidden()).isFalse())
        .hasMessageStartingWith("not a git bundle");
    GitFixture work = new GitFixture(temp.resolve("work"));
    work.commit("a.py", "x = 1\n");
    assertThatThrownBy(() -> store.push("a1", "agents/a1/..x", work.bundle(temp.resolve("b"))))
        .hasMessage("not a valid branch name: agents/a1/..x");
  }

  @Test
  void hasCommit_shortOrUnknownId_false() throws Exception {
    CodeStore store = CodeStore.create(temp.resolve("store.git"));
    GitFixture work = new GitFixture(temp.resolve("work"));
    String commit = work.commit("a.py", "x = 1\n");

    assertThat(store.hasCommit(commit)).isFalse();
    store.push("a1", "agents/a1", work.bundle(temp.resolve("b")));
    assertThat(store.hasCommit(commit.substring(0, 12))).isFalse();
    assertThat(store.hasCommit(commit)).isTrue();
  }
}
