package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's per-generation answers to store queries (the change lists and change pages). */
class ServeStoreAccessTest {
  @TempDir Path temp;

  @Test
  void query_sameQueryTwice_queriesTheStoreOnce() {
    try (StoreAccess access = open()) {
      AtomicInteger runs = new AtomicInteger();

      String first = access.query(List.of("list", 1), store -> "answer " + runs.incrementAndGet());
      String second = access.query(List.of("list", 1), store -> "answer " + runs.incrementAndGet());

      assertThat(first).isEqualTo("answer 1");
      assertThat(second).isEqualTo("answer 1");
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void query_otherQuery_queriesAgain() {
    try (StoreAccess access = open()) {
      AtomicInteger runs = new AtomicInteger();

      access.query(List.of("list", 1), store -> runs.incrementAndGet());
      int other = access.query(List.of("list", 2), store -> runs.incrementAndGet());

      assertThat(other).isEqualTo(2);
    }
  }

  @Test
  void query_afterAScanChangedTheStore_queriesAgain() {
    try (StoreAccess access = open()) {
      AtomicInteger runs = new AtomicInteger();
      access.query(List.of("list", 1), store -> runs.incrementAndGet());

      access.changed();
      int after = access.query(List.of("list", 1), store -> runs.incrementAndGet());

      assertThat(after).isEqualTo(2);
    }
  }

  private StoreAccess open() {
    return new StoreAccess(Store.open(temp.resolve("lw.duckdb"), StoreParts.ALL), Optional.empty());
  }
}
