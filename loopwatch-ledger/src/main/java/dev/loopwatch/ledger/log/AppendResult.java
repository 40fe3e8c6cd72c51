package dev.loopwatch.ledger.log;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.note.Note;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The outcome of one appended batch: the indexes given to its entries and the checkpoint that
 * commits them, already durable.
 *
 * @param firstIndex the index of the batch's first entry
 * @param count the number of entries in the batch
 * @param checkpoint the new checkpoint
 * @param signedCheckpoint the new checkpoint as the signed note stored in the log
 */
public record AppendResult(
    long firstIndex, int count, Checkpoint checkpoint, Note signedCheckpoint) {
  /** Checks the fields. */
  public AppendResult {
    requireNonNull(checkpoint, "checkpoint is null");
    requireNonNull(signedCheckpoint, "signedCheckpoint is null");
    if (firstIndex < 0 || count < 0 || firstIndex + count > checkpoint.size()) {
      throw new IllegalArgumentException(
          "entries "
              + firstIndex
              + " + "
              + count
              + " do not fit in checkpoint size "
              + checkpoint.size());
    }
  }

  /** The index of each entry of the batch, in batch order. */
  public List<Long> indexes() {
    return LongStream.range(firstIndex, firstIndex + count).boxed().toList();
  }
}
