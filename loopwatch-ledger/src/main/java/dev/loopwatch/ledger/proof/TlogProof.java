package dev.loopwatch.ledger.proof;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Checkpoint;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.merkle.HashReader;
import dev.loopwatch.ledger.merkle.InclusionProof;
import dev.loopwatch.ledger.merkle.Proofs;
import dev.loopwatch.ledger.merkle.Rfc6962;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.OpenedNote;
import dev.loopwatch.ledger.note.Verifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * An offline proof that an entry is in a transparency log (c2sp.org/tlog-proof@v1): the entry's
 * index, its inclusion proof and the signed checkpoint (with any witness cosignatures), plus
 * optional unauthenticated extra data.
 *
 * <p>The text format, per the spec's "Format" section: the line {@code c2sp.org/tlog-proof@v1};
 * optionally {@code extra <base64>}; {@code index <decimal without leading zeroes>}; zero or more
 * lines of base64 SHA-256 hashes, from the leaf's sibling up to the root's child (RFC 6962 section
 * 2.1.1); an empty line; the signed checkpoint note verbatim (c2sp.org/tlog-checkpoint). Base64 is
 * the padded standard alphabet of RFC 4648 section 4. The entry itself is not in the proof: {@link
 * #verify} takes it (or its leaf hash) from the caller. Files conventionally end in {@value
 * #FILE_EXTENSION}.
 */
public final class TlogProof {
  /** The first line of every proof. */
  public static final String HEADER = "c2sp.org/tlog-proof@v1";

  /** The conventional file extension of proofs. */
  public static final String FILE_EXTENSION = ".tlog-proof";

  /** The most hashes an inclusion proof of a tree of up to 2^63 leaves has. */
  public static final int MAX_HASHES = 63;

  private final byte[] extra;
  private final long index;
  private final List<Hash> inclusion;
  private final Note checkpoint;

  private TlogProof(byte[] extra, long index, List<Hash> inclusion, Note checkpoint) {
    this.extra = extra;
    this.index = index;
    this.inclusion = List.copyOf(inclusion);
    this.checkpoint = checkpoint;
  }

  /**
   * A proof of the entry at {@code index} in the tree of the signed checkpoint {@code
   * signedCheckpoint}, without extra data.
   */
  public static TlogProof of(long index, List<Hash> inclusion, Note signedCheckpoint) {
    requireNonNull(inclusion, "inclusion is null");
    requireNonNull(signedCheckpoint, "signedCheckpoint is null");
    if (index < 0) {
      throw new IllegalArgumentException("index is negative: " + index);
    }
    if (inclusion.size() > MAX_HASHES) {
      throw new IllegalArgumentException("an inclusion proof has at most 63 hashes");
    }
    if (signedCheckpoint.signatures().isEmpty()) {
      throw new IllegalArgumentException("the checkpoint carries no signature");
    }
    return new TlogProof(new byte[0], index, inclusion, signedCheckpoint);
  }

  /**
   * The proof of the entry at {@code index} with the inclusion proof computed from {@code tree},
   * which must hold at least the tree of {@code signedCheckpoint}.
   *
   * @throws LoopwatchException if the checkpoint is malformed or a hash cannot be read
   * @throws IllegalArgumentException if {@code index} is not in the checkpoint's tree
   */
  public static TlogProof build(HashReader tree, Note signedCheckpoint, long index) {
    requireNonNull(tree, "tree is null");
    Checkpoint parsed = Checkpoint.parse(signedCheckpoint.text());
    InclusionProof proof = Proofs.inclusion(tree, index, parsed.size());
    return of(index, proof.hashes(), signedCheckpoint);
  }

  /** This proof with {@code extra} as its opaque extra data; empty data means none. */
  public TlogProof withExtra(byte[] extra) {
    return new TlogProof(extra.clone(), index, inclusion, checkpoint);
  }

  /** The unauthenticated extra data, when present. */
  public Optional<byte[]> extra() {
    return extra.length == 0 ? Optional.empty() : Optional.of(extra.clone());
  }

  /** The zero-based index of the entry in the log. */
  public long index() {
    return index;
  }

  /** The inclusion proof hashes, from the leaf's sibling up to the root's child. */
  public List<Hash> inclusion() {
    return inclusion;
  }

  /** The signed checkpoint, with any cosignatures. */
  public Note checkpoint() {
    return checkpoint;
  }

  /** The proof text. */
  public String write() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    if (extra.length > 0) {
      out.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
    }
    out.append("index ").append(index).append('\n');
    inclusion.forEach(hash -> out.append(hash.base64()).append('\n'));
    return out.append('\n').append(checkpoint.serialize()).toString();
  }

  /**
   * Parses a proof strictly.
   *
   * @throws LoopwatchException starting "malformed tlog-proof:" and naming the line at fault
   */
  public static TlogProof parse(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw malformed("it is not valid UTF-8");
    }
    int blank = text.indexOf("\n\n");
    if (blank < 0) {
      throw malformed("no empty line separates the proof from the checkpoint");
    }
    List<String> lines = Arrays.asList(text.substring(0, blank).split("\n", -1));
    if (!lines.get(0).equals(HEADER)) {
      throw malformed("line 1 is \"" + shorten(lines.get(0)) + "\", expected \"" + HEADER + "\"");
    }
    int next = 1;
    byte[] extra = new byte[0];
    if (next < lines.size() && lines.get(next).startsWith("extra ")) {
      String encoded = lines.get(next).substring("extra ".length());
      extra = decodeBase64(encoded, next + 1, "extra data");
      if (extra.length == 0) {
        throw malformed("line " + (next + 1) + " (extra) has no data");
      }
      next++;
    }
    if (next >= lines.size() || !lines.get(next).startsWith("index ")) {
      throw malformed(
          "line "
              + (next + 1)
              + " is "
              + (next >= lines.size() ? "missing" : "\"" + shorten(lines.get(next)) + "\"")
              + ", expected \"index <n>\"");
    }
    String decimal = lines.get(next).substring("index ".length());
    if (!decimal.matches("0|[1-9][0-9]{0,18}")) {
      throw malformed(
          "line "
              + (next + 1)
              + " (index) \""
              + shorten(decimal)
              + "\" is not a decimal without leading zeroes");
    }
    long index;
    try {
      index = Long.parseLong(decimal);
    } catch (NumberFormatException e) {
      throw malformed("line " + (next + 1) + " (index) is above 2^63-1");
    }
    next++;
    List<Hash> hashes = new ArrayList<>();
    for (; next < lines.size(); next++) {
      if (hashes.size() == MAX_HASHES) {
        throw malformed("the inclusion proof has more than " + MAX_HASHES + " hashes");
      }
      byte[] hash = decodeBase64(lines.get(next), next + 1, "inclusion proof hash");
      if (hash.length != Hash.SIZE) {
        throw malformed(
            "line "
                + (next + 1)
                + " (inclusion proof hash) is "
                + hash.length
                + " bytes, expected "
                + Hash.SIZE);
      }
      hashes.add(Hash.of(hash));
    }
    Note note;
    try {
      note = Note.parse(text.substring(blank + 2));
      Checkpoint.parse(note.text());
    } catch (LoopwatchException e) {
      throw malformed("checkpoint after line " + (next + 1) + ": " + e.getMessage());
    }
    return new TlogProof(extra, index, hashes, note);
  }

  /** Parses a proof from its text. */
  public static TlogProof parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks this proof for {@code entry}: see {@link #verifyLeaf}.
   *
   * @return the checkpoint that includes the entry
   */
  public Checkpoint verify(byte[] entry, List<Verifier> logKeys) {
    return verifyLeaf(Rfc6962.leafHash(requireNonNull(entry, "entry is null")), logKeys);
  }

  /**
   * Checks this proof for the entry with {@code leafHash}: the checkpoint must carry a valid
   * signature by one of {@code logKeys} (other signatures, such as witness cosignatures, are
   * ignored), the index must lie within its tree, and the inclusion proof must lead from {@code
   * leafHash} to its root. Callers check the returned checkpoint's origin and any witness policy.
   *
   * @return the checkpoint that includes the entry
   * @throws LoopwatchException starting "tlog-proof for index N:" and saying which check failed
   */
  public Checkpoint verifyLeaf(Hash leafHash, List<Verifier> logKeys) {
    requireNonNull(leafHash, "leafHash is null");
    requireNonNull(logKeys, "logKeys is null");
    OpenedNote opened;
    try {
      opened = Note.open(checkpoint.bytes(), logKeys);
    } catch (LoopwatchException e) {
      throw invalid("checkpoint signature: " + e.getMessage());
    }
    Checkpoint parsed = Checkpoint.parse(opened.text());
    if (index >= parsed.size()) {
      throw invalid("the index is not within the checkpoint's tree of size " + parsed.size());
    }
    try {
      new InclusionProof(index, parsed.size(), inclusion).verify(leafHash, parsed.root());
    } catch (LoopwatchException e) {
      throw invalid(
          "the entry (leaf hash " + leafHash.base64() + ") is not proven: " + e.getMessage());
    }
    return parsed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TlogProof proof
        && index == proof.index
        && Arrays.equals(extra, proof.extra)
        && inclusion.equals(proof.inclusion)
        && checkpoint.equals(proof.checkpoint);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + checkpoint.hashCode();
  }

  /** The proof text. */
  @Override
  public String toString() {
    return write();
  }

  private LoopwatchException invalid(String problem) {
    return LoopwatchException.userInput("tlog-proof for index " + index + ": " + problem);
  }

  private static byte[] decodeBase64(String encoded, int line, String what) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw malformed("line " + line + " (" + what + ") is not valid base64");
    }
    if (!Base64.getEncoder().encodeToString(decoded).equals(encoded)) {
      throw malformed("line " + line + " (" + what + ") is not canonical padded base64");
    }
    return decoded;
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static LoopwatchException malformed(String problem) {
    return LoopwatchException.userInput("malformed tlog-proof: " + problem);
  }
}
