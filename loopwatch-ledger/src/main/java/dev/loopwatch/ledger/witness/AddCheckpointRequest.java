package dev.loopwatch.ledger.witness;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.merkle.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body of a c2sp.org/tlog-witness {@code add-checkpoint} request: {@code "old <size>\n"}, zero
 * to 63 base64 consistency-proof lines, an empty line, then the signed checkpoint note.
 *
 * @param oldSize the size of the checkpoint the client believes the witness last cosigned
 * @param proof the consistency proof from {@code oldSize} to the checkpoint's size
 * @param checkpoint the signed checkpoint note, as sent
 */
public record AddCheckpointRequest(long oldSize, List<Hash> proof, byte[] checkpoint) {
  /** The most consistency-proof lines a request may carry. */
  public static final int MAX_PROOF_LINES = 63;

  /** Checks the fields and copies the proof and note. */
  public AddCheckpointRequest {
    proof = List.copyOf(requireNonNull(proof, "proof is null"));
    checkpoint = requireNonNull(checkpoint, "checkpoint is null").clone();
    if (oldSize < 0) {
      throw new IllegalArgumentException("oldSize is negative: " + oldSize);
    }
    if (proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException("a proof has at most 63 lines, got " + proof.size());
    }
  }

  @Override
  public byte[] checkpoint() {
    return checkpoint.clone();
  }

  /**
   * Parses a request body; the checkpoint note itself is not parsed.
   *
   * @throws LoopwatchException starting "malformed add-checkpoint request:" naming the line
   */
  public static AddCheckpointRequest parse(byte[] body) {
    requireNonNull(body, "body is null");
    int position = 0;
    int end = indexOf(body, position);
    if (end < 0) {
      throw malformed("no old size line");
    }
    String first = new String(body, 0, end, StandardCharsets.UTF_8);
    if (!first.matches("old (0|[1-9][0-9]{0,18})")) {
      throw malformed("line 1 \"" + first + "\" is not 'old <size>' with a decimal size");
    }
    long oldSize;
    try {
      oldSize = Long.parseLong(first.substring(4));
    } catch (NumberFormatException e) {
      throw malformed("line 1 old size is too large");
    }
    position = end + 1;
    List<Hash> proof = new ArrayList<>();
    int line = 2;
    while (true) {
      end = indexOf(body, position);
      if (end < 0) {
        throw malformed("no empty line before the checkpoint");
      }
      if (end == position) {
        position = end + 1;
        break;
      }
      if (proof.size() == MAX_PROOF_LINES) {
        throw malformed("more than " + MAX_PROOF_LINES + " consistency proof lines");
      }
      String text = new String(body, position, end - position, StandardCharsets.UTF_8);
      try {
        proof.add(Hash.fromBase64(text));
      } catch (LoopwatchException e) {
        throw malformed("line " + line + " is not a base64 hash: " + e.getMessage());
      }
      position = end + 1;
      line++;
    }
    if (position == body.length) {
      throw malformed("no checkpoint after the empty line");
    }
    return new AddCheckpointRequest(
        oldSize, proof, Arrays.copyOfRange(body, position, body.length));
  }

  /** The request body. */
  public byte[] body() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder("old ").append(oldSize).append('\n');
    proof.forEach(hash -> head.append(hash.base64()).append('\n'));
    head.append('\n');
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(checkpoint);
    return out.toByteArray();
  }

  private static int indexOf(byte[] body, int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static LoopwatchException malformed(String problem) {
    return LoopwatchException.userInput("malformed add-checkpoint request: " + problem);
  }
}
