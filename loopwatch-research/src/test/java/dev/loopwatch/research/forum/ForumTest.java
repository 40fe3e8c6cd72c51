package dev.loopwatch.research.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forum's rules for posts, with a real code store. */
class ForumTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path temp;
  private CodeStore store;
  private Forum forum;
  private String commit;

  @BeforeEach
  void setUp() throws Exception {
    store = CodeStore.create(temp.resolve("store.git"));
    forum =
        new Forum(
            temp.resolve("forum.jsonl"),
            store,
            Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC));
    GitFixture work = new GitFixture(temp.resolve("work"));
    commit = work.commit("m.py", "print(1)\n");
    store.push("a1", "agents/a1/main", work.bundle(temp.resolve("b")));
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private String result(String seeds, String snapshot) {
    return "{\"kind\":\"result\",\"title\":\"naive\",\"metrics\":{\"pgr\":0.3},\"seeds\":"
        + seeds
        + ",\"snapshot\":\""
        + snapshot
        + "\"}";
  }

  @Test
  void post_resultWithFiveSeedsAndStoredSnapshot_loggedAndPinned() throws Exception {
    Post post = forum.post("a1", json(result("[0,1,2,3,4]", commit)));

    assertThat(post.sequence()).isEqualTo(1);
    assertThat(post.metrics()).containsEntry("pgr", 0.3);
    List<String> lines = Files.readAllLines(temp.resolve("forum.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst())
        .startsWith("{\"sequence\":1,\"at\":\"2026-12-07T08:00:00Z\",\"agent\":\"a1\"");
    assertThat(Forum.read(temp.resolve("forum.jsonl"))).containsExactly(post);
    assertThat(
            new ProcessBuilder(
                    "git", "--git-dir=" + store.repository(), "rev-parse", "refs/results/1")
                .start()
                .inputReader()
                .readLine())
        .isEqualTo(commit);
  }

  @Test
  void post_resultWithFourDistinctSeeds_refusedNamingTheCount() throws Exception {
    assertThatThrownBy(() -> forum.post("a1", json(result("[0,1,2,3,3,3]", commit))))
        .isInstanceOf(Forum.PostRefused.class)
        .hasMessage(
            "a result must report at least 5 distinct seeds in 'seeds'; this one reports 4");
    assertThat(Files.readString(temp.resolve("forum.jsonl"))).isEmpty();
  }

  @Test
  void post_resultWithoutOrWithUnknownSnapshot_refused() throws Exception {
    assertThatThrownBy(() ->
            forum.post("a1", json("{\"kind\":\"result\",\"title\":\"t\",\"seeds\":[0,1,2,3,4]}")))
        .hasMessageContaining("must pin a snapshot commit");
    assertThatThrownBy(() -> forum.post("a1", json(result("[0,1,2,3,4]", "0".repeat(40)))))
        .hasMessageContaining("is not a commit in the code store");
  }

  @Test
  void post_badFields_refusedNamingTheField() throws Exception {
    assertThatThrownBy(() -> forum.post("a1", json("{\"kind\":\"rumour\",\"title\":\"t\"}")))
        .hasMessage("kind must be result, hypothesis, insight or error, not 'rumour'");
    assertThatThrownBy(() -> forum.post("a1", json("{\"kind\":\"insight\"}")))
        .hasMessageStartingWith("title must be one non-empty line");
    assertThatThrownBy(() ->
            forum.post(
                "a1", json("{\"kind\":\"insight\",\"title\":\"t\",\"metrics\":{\"x\":\"1\"}}")))
        .hasMessage("metrics.x must be a finite number");
    assertThatThrownBy(() -> forum.post("a1", json("[1]")))
        .hasMessage("a post must be a JSON object");
  }

  @Test
  void since_sequence_onlyLaterPostsInOrder() throws Exception {
    forum.post("a1", json("{\"kind\":\"hypothesis\",\"title\":\"one\"}"));
    forum.post("a2", json("{\"kind\":\"insight\",\"title\":\"two\"}"));
    forum.post("a1", json("{\"kind\":\"error\",\"title\":\"three\"}"));

    assertThat(forum.since(1)).extracting(Post::title).containsExactly("two", "three");
    assertThat(forum.since(3)).isEmpty();
    assertThat(forum.since(99)).isEmpty();
    assertThat(forum.countsByAgent())
        .containsExactly(java.util.Map.entry("a1", 2L), java.util.Map.entry("a2", 1L));
  }
}
