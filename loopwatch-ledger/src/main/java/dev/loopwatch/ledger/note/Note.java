package dev.loopwatch.ledger.note;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A signed note (c2sp.org/signed-note): a text ending in a newline and its signature lines, parsed
 * strictly and serialized exactly.
 *
 * @param text the note text, including its final newline, excluding the separating blank line
 * @param signatures the signature lines, in order
 */
public record Note(String text, List<NoteSignature> signatures) {
  /** The most signatures a note may carry, as in golang.org/x/mod sumdb/note. */
  public static final int MAX_SIGNATURES = 100;

  private static final String SIGNATURE_PREFIX = "\u2014 ";

  /** Checks the fields are present and copies the signatures. */
  public Note {
    requireNonNull(text, "text is null");
    signatures = List.copyOf(requireNonNull(signatures, "signatures is null"));
  }

  /**
   * Parses a signed note without checking its signatures.
   *
   * @throws LoopwatchException starting "malformed note:" and naming the fault
   */
  public static Note parse(byte[] message) {
    requireNonNull(message, "message is null");
    for (int i = 0; i < message.length; i++) {
      if (message[i] >= 0 && message[i] < 0x20 && message[i] != '\n') {
        throw malformed(String.format("control character U+%04X at byte %d", message[i], i));
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(message))
              .toString();
    } catch (CharacterCodingException e) {
      throw malformed("not valid UTF-8");
    }
    int split = decoded.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("no blank line separates the text from the signatures");
    }
    String text = decoded.substring(0, split + 1);
    String block = decoded.substring(split + 2);
    if (block.isEmpty()) {
      throw malformed("no signature lines after the blank line");
    }
    if (!block.endsWith("\n")) {
      throw malformed("the last signature line does not end with a newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed(
          "it has " + lines.length + " signatures, at most " + MAX_SIGNATURES + " allowed");
    }
    List<NoteSignature> signatures = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      signatures.add(parseSignature(lines[i], i + 1));
    }
    return new Note(text, signatures);
  }

  /** Parses a signed note from its text. */
  public static Note parse(String message) {
    return parse(message.getBytes(StandardCharsets.UTF_8));
  }

  private static NoteSignature parseSignature(String line, int number) {
    String where = "signature line " + number;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw malformed(where + " does not start with an em dash (U+2014) and a space");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw malformed(where + " has no space between key name and signature");
    }
    String name = rest.substring(0, space);
    String base64 = rest.substring(space + 1);
    if (!NoteKeys.isValidName(name)) {
      throw malformed(where + " has an invalid key name \"" + name + "\"");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw malformed(where + " signature is not valid base64");
    }
    if (!Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw malformed(where + " signature is not canonical padded base64");
    }
    if (decoded.length < 5) {
      throw malformed(where + " signature is shorter than a key ID and one byte");
    }
    int keyId = ByteBuffer.wrap(decoded, 0, 4).getInt();
    return new NoteSignature(name, keyId, base64);
  }

  /**
   * Parses a signed note and checks its signatures against {@code known} keys: signatures by
   * unknown keys are ignored (and returned as unverified), a failing signature by a known key
   * rejects the note, and at least one known key must have signed.
   *
   * @throws LoopwatchException naming the malformation, the failing or ambiguous key, or the
   *     absence of a verifiable signature
   */
  public static OpenedNote open(byte[] message, List<Verifier> known) {
    requireNonNull(known, "known is null");
    Note note = parse(message);
    Map<String, List<Verifier>> byKey = new LinkedHashMap<>();
    for (Verifier verifier : known) {
      byKey
          .computeIfAbsent(keyLabel(verifier.name(), verifier.keyId()), k -> new ArrayList<>())
          .add(verifier);
    }
    byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> seenUnverified = new HashSet<>();
    for (NoteSignature signature : note.signatures()) {
      String label = keyLabel(signature.name(), signature.keyId());
      List<Verifier> candidates = byKey.getOrDefault(label, List.of());
      if (candidates.isEmpty()) {
        if (seenUnverified.add(signature.line())) {
          unverified.add(signature);
        }
        continue;
      }
      if (candidates.size() > 1) {
        throw LoopwatchException.userInput(
            "ambiguous key " + label + ": more than one known key has this name and ID");
      }
      if (!seen.add(label)) {
        continue;
      }
      if (!candidates.get(0).verify(text, signature.signature())) {
        throw LoopwatchException.userInput("invalid signature for key " + label);
      }
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw LoopwatchException.userInput(
          "note has no verifiable signatures (" + unverified.size() + " by unknown keys)");
    }
    return new OpenedNote(note.text(), verified, unverified);
  }

  /**
   * Signs {@code text} with each signer and returns the note.
   *
   * @throws IllegalArgumentException if the text does not end in a newline, contains a control
   *     character other than newline, or a signer has an invalid name
   */
  public static Note sign(String text, List<Signer> signers) {
    return new Note(text, List.of()).signedBy(signers);
  }

  /**
   * This note with a signature by each signer added, replacing any existing signature with the same
   * key name and ID; existing signatures come first.
   */
  public Note signedBy(List<Signer> signers) {
    requireNonNull(signers, "signers is null");
    checkText(text);
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    Set<String> replaced = new HashSet<>();
    List<NoteSignature> added = new ArrayList<>();
    for (Signer signer : signers) {
      if (!NoteKeys.isValidName(signer.name())) {
        throw new IllegalArgumentException("invalid signer name \"" + signer.name() + "\"");
      }
      replaced.add(keyLabel(signer.name(), signer.keyId()));
      byte[] signature = signer.sign(message);
      byte[] line =
          ByteBuffer.allocate(4 + signature.length).putInt(signer.keyId()).put(signature).array();
      added.add(
          new NoteSignature(
              signer.name(), signer.keyId(), Base64.getEncoder().encodeToString(line)));
    }
    List<NoteSignature> all = new ArrayList<>();
    for (NoteSignature existing : signatures) {
      if (!replaced.contains(keyLabel(existing.name(), existing.keyId()))) {
        all.add(existing);
      }
    }
    all.addAll(added);
    if (all.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a note may carry at most " + MAX_SIGNATURES + " signatures");
    }
    return new Note(text, all);
  }

  /** The serialized note: text, blank line, then one line per signature. */
  public String serialize() {
    StringBuilder out = new StringBuilder(text).append('\n');
    for (NoteSignature signature : signatures) {
      out.append(signature.line()).append('\n');
    }
    return out.toString();
  }

  /** The serialized note as UTF-8. */
  public byte[] bytes() {
    return serialize().getBytes(StandardCharsets.UTF_8);
  }

  private static void checkText(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException(
            String.format("note text has control character U+%04X", (int) c));
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1)))
          && !(Character.isLowSurrogate(c)
              && i > 0
              && Character.isHighSurrogate(text.charAt(i - 1)))) {
        throw new IllegalArgumentException("note text has an unpaired surrogate");
      }
    }
  }

  private static String keyLabel(String name, int keyId) {
    return name + "+" + NoteKeys.hex(keyId);
  }

  private static LoopwatchException malformed(String problem) {
    return LoopwatchException.userInput("malformed note: " + problem);
  }
}
