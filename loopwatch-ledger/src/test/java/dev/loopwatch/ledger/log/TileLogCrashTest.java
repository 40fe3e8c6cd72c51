package dev.loopwatch.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.MerkleTree;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.tiles.EntryBundle;
import dev.loopwatch.ledger.tiles.Tile;
import dev.loopwatch.ledger.tiles.TileHashReader;
import dev.loopwatch.ledger.tiles.Tiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writer JVM with SIGKILL at seeded random moments and checks the log it leaves: it opens
 * and verifies, holds every acknowledged entry, extends every acknowledged checkpoint and takes
 * further appends.
 */
class TileLogCrashTest {
  private static final long KEY_SEED = 7;
  private static final int KILLS = 5;

  @TempDir Path temp;

  /** One acknowledged append, as the child printed it. */
  private record Ack(long firstIndex, int count, long size, Hash root) {}

  @Test
  void append_writerKilledAtRandomMoments_logKeepsEveryAcknowledgedEntry() throws Exception {
    Path root = temp.resolve("log");
    TileLog.create(root, TestKeys.ORIGIN, TestKeys.signer(KEY_SEED)).close();
    SplittableRandom random = new SplittableRandom(2024);
    List<Ack> acks = new ArrayList<>();
    Map<Long, byte[]> recovered = new TreeMap<>();
    for (int kill = 0; kill < KILLS; kill++) {
      long delayMillis = random.nextInt(400);
      Path stderr = temp.resolve("stderr-" + kill + ".txt");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashWriterMain.class.getName(),
                  root.toString(),
                  Long.toString(KEY_SEED),
                  Long.toString(random.nextLong()))
              .redirectError(stderr.toFile())
              .start();
      List<Ack> round = new ArrayList<>();
      CountDownLatch firstAck = new CountDownLatch(1);
      CompletableFuture<Void> reader =
          CompletableFuture.runAsync(() -> readAcks(child, round, firstAck));
      try {
        boolean acknowledged = firstAck.await(20, TimeUnit.SECONDS);
        assertThat(acknowledged)
            .as("kill %d: child acknowledged nothing; stderr: %s", kill, readString(stderr))
            .isTrue();
        Thread.sleep(delayMillis);
      } finally {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      reader.get(20, TimeUnit.SECONDS);
      assertThat(child.exitValue()).as("kill %d exit status", kill).isEqualTo(137);
      synchronized (round) {
        acks.addAll(round);
      }
      checkRecovered(root, acks, recovered, "kill " + kill + " after " + delayMillis + " ms");
      System.err.printf(
          "kill %d after %d ms: %d acknowledged appends, log size %d%n",
          kill, delayMillis, round.size(), acks.get(acks.size() - 1).size());
    }
    assertThat(acks.size()).as("acknowledged appends").isGreaterThan(KILLS);
  }

  /** Opens the log and checks it against every acknowledged append, then appends to it. */
  private static void checkRecovered(
      Path root, List<Ack> acks, Map<Long, byte[]> recovered, String description) {
    try (TileLog log = TileLog.open(root, TestKeys.verifier(KEY_SEED), TestKeys.signer(KEY_SEED))) {
      Checkpoint checkpoint = log.checkpoint();
      long size = checkpoint.size();
      long acknowledged = acks.stream().mapToLong(Ack::size).max().orElse(0);
      assertThat(size).as("%s: size", description).isGreaterThanOrEqualTo(acknowledged);
      MerkleTree tree = new MerkleTree();
      for (Tile tile : Tiles.tilesFor(size)) {
        if (tile.level() != 0) {
          continue;
        }
        List<byte[]> entries = EntryBundle.decode(log.directory().readEntries(tile));
        for (int i = 0; i < tile.width(); i++) {
          long index = tile.index() * Tile.FULL_WIDTH + i;
          assertThat(entries.get(i))
              .as("%s: entry %d", description, index)
              .isEqualTo(recovered.getOrDefault(index, TestKeys.entry(index)));
          tree.append(Rfc6962.leafHash(entries.get(i)));
        }
      }
      assertThat(tree.root())
          .as("%s: root of the stored entries", description)
          .isEqualTo(checkpoint.root());
      TileHashReader reader = new TileHashReader(log.directory(), size);
      for (Ack ack : acks) {
        assertThat(ack.firstIndex() + ack.count())
            .as("%s: %s", description, ack)
            .isEqualTo(ack.size());
        if (ack.size() == size) {
          assertThat(ack.root()).as("%s: %s", description, ack).isEqualTo(checkpoint.root());
        } else {
          Proofs.consistency(reader, ack.size(), size).verify(ack.root(), checkpoint.root());
        }
      }
      // Content unlike the killed writer's, so stale tiles past the checkpoint must be replaced.
      byte[] first = ("recovered " + size).getBytes(StandardCharsets.UTF_8);
      byte[] second = ("recovered " + (size + 1)).getBytes(StandardCharsets.UTF_8);
      recovered.put(size, first);
      recovered.put(size + 1, second);
      AppendResult more = log.append(List.of(first, second));
      assertThat(more.indexes()).as(description).containsExactly(size, size + 1);
      acks.add(
          new Ack(
              more.firstIndex(), more.count(), more.checkpoint().size(), more.checkpoint().root()));
    }
  }

  private static void readAcks(Process child, List<Ack> round, CountDownLatch firstAck) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String[] fields = line.split(" ");
        if (fields.length != 6 || !fields[0].equals("ack") || !fields[5].equals("end")) {
          continue;
        }
        synchronized (round) {
          round.add(
              new Ack(
                  Long.parseLong(fields[1]),
                  Integer.parseInt(fields[2]),
                  Long.parseLong(fields[3]),
                  Hash.fromBase64(fields[4])));
        }
        firstAck.countDown();
      }
    } catch (IOException e) {
      // When the killed child exits, the JDK drains and closes its stdout under a concurrent
      // reader,
      // which can surface as "Stream closed": the acknowledgements read so far are the round's.
    }
  }

  private static String readString(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
