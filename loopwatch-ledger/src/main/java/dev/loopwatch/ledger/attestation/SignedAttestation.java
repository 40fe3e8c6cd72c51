package dev.loopwatch.ledger.attestation;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.Signer;
import dev.loopwatch.ledger.note.Verifier;
import dev.loopwatch.ledger.tiles.EntryBundle;
import java.util.List;
import java.util.function.Function;

/**
 * An attestation signed by its declarant: a c2sp.org/signed-note whose text is the canonical JSON
 * followed by one newline, signed by the Ed25519 key named in the {@code declarant} field. The
 * serialized note is the log entry, so anyone (not only the declarant) can operate the log and
 * anyone can check each entry without trusting the operator.
 *
 * @param attestation the statement
 * @param note the signed note, whose text is {@code attestation.canonicalJson() + "\n"}
 */
public record SignedAttestation(Attestation attestation, Note note) {
  /** The largest serialized signed attestation, in bytes: the largest log entry. */
  public static final int MAX_SIZE = EntryBundle.MAX_ENTRY_SIZE;

  /** Checks the note's text is the attestation's canonical JSON. */
  public SignedAttestation {
    requireNonNull(attestation, "attestation is null");
    requireNonNull(note, "note is null");
    if (!note.text().equals(attestation.canonicalJson() + "\n")) {
      throw new IllegalArgumentException("the note text is not the attestation's canonical JSON");
    }
  }

  /**
   * Signs an attestation with its declarant's key.
   *
   * @throws LoopwatchException if the key is not the declarant's or the signed note would exceed
   *     {@value #MAX_SIZE} bytes
   */
  public static SignedAttestation sign(Attestation attestation, Signer declarantKey) {
    requireNonNull(attestation, "attestation is null");
    requireNonNull(declarantKey, "declarantKey is null");
    Verifier declarant = NoteKeys.verifier(attestation.declarant());
    if (!declarant.name().equals(declarantKey.name())
        || declarant.keyId() != declarantKey.keyId()) {
      throw LoopwatchException.userInput(
          "the signing key "
              + declarantKey.name()
              + "+"
              + NoteKeys.hex(declarantKey.keyId())
              + " is not the declarant "
              + declarant.name()
              + "+"
              + NoteKeys.hex(declarant.keyId())
              + " named in the attestation");
    }
    Note note = Note.sign(attestation.canonicalJson() + "\n", List.of(declarantKey));
    int size = note.bytes().length;
    if (size > MAX_SIZE) {
      throw LoopwatchException.userInput(
          "the signed attestation is " + size + " bytes; at most " + MAX_SIZE + " allowed");
    }
    SignedAttestation signed = new SignedAttestation(attestation, note);
    // A key of the declarant's name and ID that is not the declarant's key fails here.
    open(signed.bytes());
    return signed;
  }

  /**
   * Parses and checks a signed attestation: at most {@value #MAX_SIZE} bytes, a well-formed note
   * whose text is one line of canonical JSON of a valid attestation, with a valid signature by the
   * declarant's key.
   *
   * @throws LoopwatchException starting "signed attestation:" and saying which check failed
   */
  public static SignedAttestation open(byte[] entry) {
    return open(entry, NoteKeys::verifier);
  }

  /**
   * The attestation an entry states, with every check of {@link #open} except the declarant's
   * signature (for callers that verify signatures elsewhere, or not at all).
   *
   * @throws LoopwatchException starting "signed attestation:" and saying which check failed
   */
  public static Attestation parseUnverified(byte[] entry) {
    return parse(entry).attestation();
  }

  /** A parsed entry: its note and the attestation its text states. */
  private record Parsed(Note note, Attestation attestation) {}

  private static Parsed parse(byte[] entry) {
    requireNonNull(entry, "entry is null");
    if (entry.length > MAX_SIZE) {
      throw invalid("it is " + entry.length + " bytes; at most " + MAX_SIZE + " allowed");
    }
    Note note;
    try {
      note = Note.parse(entry);
    } catch (LoopwatchException e) {
      throw invalid(e.getMessage());
    }
    String text = note.text();
    if (text.indexOf('\n') != text.length() - 1) {
      throw invalid("the note text must be one line of canonical JSON");
    }
    String json = text.substring(0, text.length() - 1);
    Attestation attestation;
    try {
      attestation = Attestation.fromJson(json);
    } catch (LoopwatchException e) {
      throw invalid(e.getMessage());
    }
    if (!attestation.canonicalJson().equals(json)) {
      throw invalid(
          "the note text is not in canonical JSON form (sorted keys, no whitespace, plain"
              + " numbers); sign it with 'loopwatch ledger sign'");
    }
    return new Parsed(note, attestation);
  }

  /**
   * Parses and checks a signed attestation as {@link #open(byte[])} does, taking the declarant's
   * verifier from {@code declarantKeys} (given the {@code declarant} field, a verifier key) rather
   * than parsing it: a reader of many entries by few declarants passes a cache of {@link
   * NoteKeys#verifier}.
   *
   * @throws LoopwatchException starting "signed attestation:" and saying which check failed, or
   *     what {@code declarantKeys} throws
   */
  public static SignedAttestation open(byte[] entry, Function<String, Verifier> declarantKeys) {
    requireNonNull(declarantKeys, "declarantKeys is null");
    Parsed parsed = parse(entry);
    Attestation attestation = parsed.attestation();
    Verifier declarant = declarantKeys.apply(attestation.declarant());
    try {
      Note.open(entry, List.of(declarant));
    } catch (LoopwatchException e) {
      throw invalid("declarant " + declarant.name() + ": " + e.getMessage());
    }
    return new SignedAttestation(attestation, parsed.note());
  }

  /** The serialized signed note, the log entry. */
  public byte[] bytes() {
    return note.bytes();
  }

  private static LoopwatchException invalid(String problem) {
    return LoopwatchException.userInput("signed attestation: " + problem);
  }
}
