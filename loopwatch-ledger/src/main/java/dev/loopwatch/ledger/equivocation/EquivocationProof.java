package dev.loopwatch.ledger.equivocation;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.HashReader;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.Verifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A proof that a log signed two inconsistent checkpoints for one origin: the two signed notes
 * (smaller tree size first) and, when the sizes differ, the path of hashes of the larger tree that
 * fixes the root of its prefix of the smaller size.
 *
 * <p>The text format ({@value #HEADER}): the header line; two lines {@code checkpoint
 * <base64(signed note)>}, the smaller size first; then one padded base64 SHA-256 hash per line, the
 * path (none when the sizes are equal or the smaller size is 0). The path is the RFC 9162 section
 * 2.1.4.2 consistency proof from the smaller size to the larger, with the node {@code MTH(D[0:m])}
 * prepended when {@code m}, the smaller size, is a power of two (the RFC leaves that node out
 * because an honest verifier already knows it as the old root; here it is exactly what is
 * disputed).
 *
 * @param smaller the signed checkpoint of the smaller (or equal) size
 * @param larger the other signed checkpoint
 * @param path the hashes described above, empty for equal sizes or a smaller size of 0
 */
public record EquivocationProof(Note smaller, Note larger, List<Hash> path) {
  /** The first line of every proof file. */
  public static final String HEADER = "loopwatch.dev/equivocation-proof@v1";

  /** The most path hashes: a consistency proof of trees up to 2^63 leaves, plus one. */
  public static final int MAX_HASHES = 127;

  /** Checks the fields and copies the path. */
  public EquivocationProof {
    requireNonNull(smaller, "smaller is null");
    requireNonNull(larger, "larger is null");
    path = List.copyOf(requireNonNull(path, "path is null"));
    if (path.size() > MAX_HASHES) {
      throw new IllegalArgumentException("the path has more than " + MAX_HASHES + " hashes");
    }
  }

  /**
   * The proof for checkpoints {@code a} and {@code b}, ordered by size, with the path read from
   * {@code largerTree}, which must hold the tree of the larger checkpoint (for example the tiles of
   * the log that served it). Does not check that the proof demonstrates anything: see {@link
   * #verify}.
   *
   * @throws LoopwatchException if a checkpoint is malformed or a hash cannot be read
   */
  public static EquivocationProof build(Note a, Note b, HashReader largerTree) {
    requireNonNull(largerTree, "largerTree is null");
    Checkpoint first = Checkpoint.parse(a.text());
    Checkpoint second = Checkpoint.parse(b.text());
    boolean swap = second.size() < first.size();
    Note smaller = swap ? b : a;
    Note larger = swap ? a : b;
    long size1 = Math.min(first.size(), second.size());
    long size2 = Math.max(first.size(), second.size());
    return new EquivocationProof(smaller, larger, path(largerTree, size1, size2));
  }

  /**
   * The path from size {@code size1} to {@code size2} in {@code tree}: empty when the sizes are
   * equal or {@code size1} is 0, else the consistency proof with {@code MTH(D[0:size1])} prepended
   * when {@code size1} is a power of two.
   */
  public static List<Hash> path(HashReader tree, long size1, long size2) {
    requireNonNull(tree, "tree is null");
    if (size1 < 0 || size2 < size1) {
      throw new IllegalArgumentException("sizes must satisfy 0 <= size1 <= size2");
    }
    if (size1 == size2 || size1 == 0) {
      return List.of();
    }
    List<Hash> path = new ArrayList<>();
    if (Long.bitCount(size1) == 1) {
      path.add(tree.node(Long.numberOfTrailingZeros(size1), 0));
    }
    path.addAll(Proofs.consistency(tree, size1, size2).hashes());
    return List.copyOf(path);
  }

  /**
   * The roots of the trees of sizes {@code size1} and {@code size2} that {@code path} determines,
   * per RFC 9162 section 2.1.4.2 with the path's first hash as the seed.
   *
   * @param smaller the root of the prefix of size {@code size1}
   * @param larger the root of the tree of size {@code size2}
   */
  public record Roots(Hash smaller, Hash larger) {
    /** Checks the fields. */
    public Roots {
      requireNonNull(smaller, "smaller is null");
      requireNonNull(larger, "larger is null");
    }
  }

  /**
   * The roots {@code path} leads to for sizes {@code 0 < size1 < size2}.
   *
   * @throws LoopwatchException if the path has the wrong number of hashes for the sizes
   */
  public static Roots roots(long size1, long size2, List<Hash> path) {
    requireNonNull(path, "path is null");
    if (size1 <= 0 || size2 <= size1) {
      throw new IllegalArgumentException("sizes must satisfy 0 < size1 < size2");
    }
    if (path.isEmpty()) {
      throw LoopwatchException.userInput("the path from size " + size1 + " is empty");
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    Hash fr = path.get(0);
    Hash sr = path.get(0);
    for (Hash c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw LoopwatchException.userInput(
            "the path from size " + size1 + " to " + size2 + " has too many hashes");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw LoopwatchException.userInput(
          "the path from size " + size1 + " to " + size2 + " has too few hashes");
    }
    return new Roots(fr, sr);
  }

  /**
   * Checks this proof demonstrates equivocation by the log whose keys are {@code logKeys}: both
   * notes carry a valid signature by one of them, both name the same origin, and either the sizes
   * are equal and the roots differ, or the smaller size is 0 and its root is not the empty tree's,
   * or the path leads to the larger checkpoint's root while giving a different root than the
   * smaller checkpoint's for its prefix.
   *
   * @return a one-line description of the misbehaviour shown
   * @throws LoopwatchException starting "equivocation proof:" and saying why it shows nothing
   */
  public String verify(List<Verifier> logKeys) {
    requireNonNull(logKeys, "logKeys is null");
    Checkpoint first = open(smaller, "first", logKeys);
    Checkpoint second = open(larger, "second", logKeys);
    if (!first.origin().equals(second.origin())) {
      throw invalid(
          "the checkpoints are for different origins \""
              + first.origin()
              + "\" and \""
              + second.origin()
              + "\"");
    }
    if (first.size() > second.size()) {
      throw invalid("the first checkpoint must be the smaller one");
    }
    String log = "log " + first.origin();
    if (first.size() == second.size()) {
      if (!path.isEmpty()) {
        throw invalid("checkpoints of equal size need no path, got " + path.size() + " hashes");
      }
      if (first.root().equals(second.root())) {
        throw invalid("both checkpoints have size " + first.size() + " and the same root");
      }
      return log
          + " signed two checkpoints of size "
          + first.size()
          + " with roots "
          + first.root().base64()
          + " and "
          + second.root().base64();
    }
    if (first.size() == 0) {
      if (!path.isEmpty()) {
        throw invalid("a checkpoint of size 0 needs no path, got " + path.size() + " hashes");
      }
      if (first.root().equals(Rfc6962.emptyRoot())) {
        throw invalid("every tree extends the empty tree");
      }
      return log + " signed a checkpoint of size 0 whose root is not the empty tree's";
    }
    Roots roots;
    try {
      roots = roots(first.size(), second.size(), path);
    } catch (LoopwatchException e) {
      throw invalid(e.getMessage());
    }
    if (!roots.larger().equals(second.root())) {
      throw invalid(
          "the path leads to root "
              + roots.larger().base64()
              + ", not to the larger checkpoint's root "
              + second.root().base64()
              + ", so it proves nothing");
    }
    if (roots.smaller().equals(first.root())) {
      throw invalid(
          "the checkpoints are consistent: size "
              + first.size()
              + " is a prefix of size "
              + second.size());
    }
    return log
        + " signed size "
        + first.size()
        + " with root "
        + first.root().base64()
        + ", but its tree of size "
        + second.size()
        + " has prefix root "
        + roots.smaller().base64()
        + " at that size";
  }

  /** The proof file text. */
  public String write() {
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("checkpoint ").append(base64.encodeToString(smaller.bytes())).append('\n');
    out.append("checkpoint ").append(base64.encodeToString(larger.bytes())).append('\n');
    path.forEach(hash -> out.append(hash.base64()).append('\n'));
    return out.toString();
  }

  /**
   * Parses a proof file strictly (the notes' signatures are checked by {@link #verify}).
   *
   * @throws LoopwatchException starting "malformed equivocation proof:" and naming the line
   */
  public static EquivocationProof parse(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.endsWith("\n")) {
      throw malformed("it does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw malformed("line 1 is not \"" + HEADER + "\"");
    }
    if (lines.length < 3) {
      throw malformed("it needs two checkpoint lines after the header");
    }
    Note smaller = note(lines[1], 2);
    Note larger = note(lines[2], 3);
    if (lines.length - 3 > MAX_HASHES) {
      throw malformed("the path has more than " + MAX_HASHES + " hashes");
    }
    List<Hash> path = new ArrayList<>();
    for (int i = 3; i < lines.length; i++) {
      try {
        path.add(Hash.fromBase64(lines[i]));
      } catch (LoopwatchException e) {
        throw malformed("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new EquivocationProof(smaller, larger, path);
  }

  private static Note note(String line, int number) {
    if (!line.startsWith("checkpoint ")) {
      throw malformed("line " + number + " is not \"checkpoint <base64 signed note>\"");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(line.substring("checkpoint ".length()));
    } catch (IllegalArgumentException e) {
      throw malformed("line " + number + " is not valid base64");
    }
    try {
      Note note = Note.parse(decoded);
      Checkpoint.parse(note.text());
      return note;
    } catch (LoopwatchException e) {
      throw malformed("line " + number + ": " + e.getMessage());
    }
  }

  private static Checkpoint open(Note note, String which, List<Verifier> logKeys) {
    try {
      return Checkpoint.parse(Note.open(note.bytes(), logKeys).text());
    } catch (LoopwatchException e) {
      throw invalid("the " + which + " checkpoint: " + e.getMessage());
    }
  }

  private static LoopwatchException invalid(String problem) {
    return LoopwatchException.userInput("equivocation proof: " + problem);
  }

  private static LoopwatchException malformed(String problem) {
    return LoopwatchException.userInput("malformed equivocation proof: " + problem);
  }
}
