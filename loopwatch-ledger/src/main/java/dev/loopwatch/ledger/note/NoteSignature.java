package dev.loopwatch.ledger.note;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a note: {@code "— <name> <base64>"}.
 *
 * @param name the key name
 * @param keyId the key ID, the first four bytes of the decoded base64
 * @param base64 the base64 of key ID followed by the signature, as it appears in the line
 */
public record NoteSignature(String name, int keyId, String base64) {
  /** Checks the fields are present. */
  public NoteSignature {
    requireNonNull(name, "name is null");
    requireNonNull(base64, "base64 is null");
  }

  /** The signature bytes after the four-byte key ID. */
  public byte[] signature() {
    byte[] decoded = Base64.getDecoder().decode(base64);
    return Arrays.copyOfRange(decoded, 4, decoded.length);
  }

  /** The line as it appears in a note, without the final newline. */
  public String line() {
    return "\u2014 " + name + " " + base64;
  }
}
