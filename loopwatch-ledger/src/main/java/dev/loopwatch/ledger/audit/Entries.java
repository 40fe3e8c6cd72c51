package dev.loopwatch.ledger.audit;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.note.Note;

/** Reading log entries as signed attestations without checking the declarant's signature. */
final class Entries {
  private Entries() {}

  /**
   * Parses a signed attestation as {@link SignedAttestation#open} does, except for the signature
   * check: size, note form, one line of canonical JSON of a valid attestation.
   *
   * @throws LoopwatchException starting "signed attestation:" and saying which check failed
   */
  static Attestation parseUnverified(byte[] entry) {
    if (entry.length > SignedAttestation.MAX_SIZE) {
      throw invalid(
          "it is " + entry.length + " bytes; at most " + SignedAttestation.MAX_SIZE + " allowed");
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
      throw invalid("the note text is not in canonical JSON form");
    }
    return attestation;
  }

  private static LoopwatchException invalid(String problem) {
    return LoopwatchException.userInput("signed attestation: " + problem);
  }
}
