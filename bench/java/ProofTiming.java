import dev.loopwatch.ledger.log.LogDirectory;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.proof.TlogProof;
import dev.loopwatch.ledger.tiles.TileHashReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times tlog-proof generation from a log folder's tiles and offline verification of the proof
 * (parse the proof text, check the checkpoint signature, fold the inclusion path), for random
 * entries of an existing log. Usage: java -cp CLASSPATH bench/java/ProofTiming.java LOG_DIR
 * LOG_VKEY_FILE [proofs, default 2000]
 */
public class ProofTiming {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<Verifier> keys = List.of(NoteKeys.verifier(Files.readString(Path.of(args[1])).strip()));
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    LogDirectory log = new LogDirectory(root);
    Note checkpoint = Note.parse(log.readCheckpoint());
    long size = Long.parseLong(checkpoint.text().split("\n")[1]);
    SplittableRandom random = new SplittableRandom(1);
    long[] build = new long[count];
    long[] verify = new long[count];
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT and the page cache
      for (int i = 0; i < count; i++) {
        long index = random.nextLong(size);
        long t0 = System.nanoTime();
        TileHashReader tree = new TileHashReader(log, size);
        String text = TlogProof.build(tree, checkpoint, index).write();
        long t1 = System.nanoTime();
        Hash leaf = tree.node(0, index);
        TlogProof.parse(text).verifyLeaf(leaf, keys);
        long t2 = System.nanoTime();
        build[i] = t1 - t0;
        verify[i] = t2 - t1;
      }
    }
    Arrays.sort(build);
    Arrays.sort(verify);
    System.out.printf(
        "tree size %d, %d proofs: generate median %.1f us, p99 %.1f us; verify offline median %.1f"
            + " us, p99 %.1f us%n",
        size,
        count,
        build[count / 2] / 1e3,
        build[count * 99 / 100] / 1e3,
        verify[count / 2] / 1e3,
        verify[count * 99 / 100] / 1e3);
  }
}
