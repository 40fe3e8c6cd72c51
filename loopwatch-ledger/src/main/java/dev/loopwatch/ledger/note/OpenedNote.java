package dev.loopwatch.ledger.note;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A note whose signatures were checked against known keys.
 *
 * @param text the note text, ending in a newline
 * @param verified the signatures by known keys, all valid, in note order, one per key
 * @param unverified the signatures by unknown keys, in note order, duplicates removed
 */
public record OpenedNote(
    String text, List<NoteSignature> verified, List<NoteSignature> unverified) {
  /** Checks the fields are present and copies the lists. */
  public OpenedNote {
    requireNonNull(text, "text is null");
    verified = List.copyOf(requireNonNull(verified, "verified is null"));
    unverified = List.copyOf(requireNonNull(unverified, "unverified is null"));
  }
}
