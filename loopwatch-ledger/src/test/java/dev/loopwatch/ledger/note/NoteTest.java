package dev.loopwatch.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed-note vectors: the c2sp.org/signed-note example, golang.org/x/mod sumdb/note/note_test.go
 * (PeterNeumann, EnochRoot) and a sum.golang.org checkpoint with its published key (as used in
 * transparency-dev/formats log tests).
 */
class NoteTest {
  // golang.org/x/mod sumdb/note/note_test.go
  static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String ENOCH_VKEY =
      "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String PETER_SIG =
      "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_SIG =
      "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void open_c2spSpecExample_verifies() {
    // c2sp.org/signed-note, section "Verifier keys", Example.
    Verifier verifier =
        NoteKeys.verifier("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
    String message =
        "This is an example message.\n\n\u2014 example.com/foo"
            + " Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    OpenedNote note = Note.open(utf8(message), List.of(verifier));
    assertThat(note.text()).isEqualTo("This is an example message.\n");
    assertThat(note.verified()).extracting(NoteSignature::name).containsExactly("example.com/foo");
    assertThat(note.verified().get(0).keyId()).isEqualTo(0x530d903a);
    assertThat(Note.parse(message).serialize()).isEqualTo(message);
  }

  @Test
  void open_sumGolangOrgCheckpoint_verifiesWithPublishedKey() {
    Verifier verifier =
        NoteKeys.verifier("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
    String message =
        "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n"
            + "\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";
    OpenedNote note = Note.open(utf8(message), List.of(verifier));
    assertThat(note.text())
        .isEqualTo("go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n");
    String tampered = message.replace("6476701", "6476702");
    assertThatThrownBy(() -> Note.open(utf8(tampered), List.of(verifier)))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("invalid signature for key sum.golang.org+033de0ae");
  }

  @Test
  void sign_goPrivateKey_reproducesGoSignatureByteForByte() {
    Signer signer = NoteKeys.signer(PETER_SKEY);
    assertThat(signer.name()).isEqualTo("PeterNeumann");
    assertThat(signer.keyId()).isEqualTo(0xc74f20a3);
    assertThat(Note.sign(TEXT, List.of(signer)).serialize()).isEqualTo(TEXT + "\n" + PETER_SIG);
    // A pre-existing signature by the same key is replaced (note_test.go TestSign).
    Note withBad =
        new Note(TEXT, List.of(new NoteSignature("PeterNeumann", 0xc74f20a3, "x08go/Zz")));
    assertThat(withBad.signedBy(List.of(signer)).serialize()).isEqualTo(TEXT + "\n" + PETER_SIG);
    assertThatThrownBy(() -> Note.sign("abc", List.of(signer)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("note text must end with a newline");
  }

  @Test
  void keys_goSignerAndVerifier_agreeOnNameAndKeyId() {
    Verifier verifier = NoteKeys.verifier(PETER_VKEY);
    NoteKeys.SignerKey signerKey = NoteKeys.parseSignerKey(PETER_SKEY);
    assertThat(NoteKeys.verifierKey("PeterNeumann", 1, Ed25519.publicKey(signerKey.seed())))
        .isEqualTo(PETER_VKEY);
    assertThat(NoteKeys.signerKey("PeterNeumann", 1, signerKey.seed())).isEqualTo(PETER_SKEY);
    assertThat(verifier.keyId()).isEqualTo(signerKey.keyId());
    assertThat(signerKey.toString()).doesNotContain("AYEKFALV");
  }

  @Test
  void generateEd25519_freshKey_signsAndVerifies() {
    NoteKeys.GeneratedKey key = NoteKeys.generateEd25519("EnochRoot");
    Signer signer = NoteKeys.signer(key.signerKey());
    Verifier verifier = NoteKeys.verifier(key.verifierKey());
    byte[] signature = signer.sign(utf8("hi"));
    assertThat(verifier.verify(utf8("hi"), signature)).isTrue();
    signature[0]++;
    assertThat(verifier.verify(utf8("hi"), signature)).isFalse();
    signature[0]--;
    assertThat(verifier.verify(utf8("hj"), signature)).isFalse();
  }

  @Test
  void verifier_goMangledKeys_allRejected() {
    // note_test.go TestNewVerifier: every proper substring and every single-byte increment.
    List<String> mangled = mangle(PETER_VKEY);
    mangled.add("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==");
    mangled.add("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    for (String key : mangled) {
      assertThatThrownBy(() -> NoteKeys.verifier(key))
          .as(key)
          .isInstanceOf(LoopwatchException.class);
    }
    assertThatThrownBy(() -> NoteKeys.verifier(mangled.get(mangled.size() - 1)))
        .hasMessage(
            "invalid verifier key: unsupported signature type 0x65 for PeterNeumann+173116ae");
  }

  @Test
  void signer_goMangledKeys_allRejected() {
    // note_test.go TestNewSigner.
    for (String key : mangle(PETER_SKEY)) {
      assertThatThrownBy(() -> NoteKeys.signer(key)).as(key).isInstanceOf(LoopwatchException.class);
    }
  }

  private static List<String> mangle(String key) {
    List<String> out = new ArrayList<>();
    byte[] b = utf8(key);
    for (int i = 0; i <= b.length; i++) {
      for (int j = i + 1; j <= b.length; j++) {
        if (i != 0 || j != b.length) {
          out.add(key.substring(i, j));
        }
      }
    }
    for (int i = 0; i < b.length; i++) {
      byte[] copy = b.clone();
      copy[i]++;
      out.add(new String(copy, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void open_goTestOpenCases_matchGoBehaviour() {
    Verifier peter = NoteKeys.verifier(PETER_VKEY);
    Verifier enoch = NoteKeys.verifier(ENOCH_VKEY);
    NoteSignature peterSig =
        new NoteSignature(
            "PeterNeumann", 0xc74f20a3, PETER_SIG.substring(15, PETER_SIG.length() - 1));
    NoteSignature enochSig =
        new NoteSignature("EnochRoot", 0xaf0cfe78, ENOCH_SIG.substring(12, ENOCH_SIG.length() - 1));
    byte[] both = utf8(TEXT + "\n" + PETER_SIG + ENOCH_SIG);

    OpenedNote one = Note.open(both, List.of(peter));
    assertThat(one.text()).isEqualTo(TEXT);
    assertThat(one.verified()).containsExactly(peterSig);
    assertThat(one.unverified()).containsExactly(enochSig);

    OpenedNote two = Note.open(both, List.of(peter, enoch));
    assertThat(two.verified()).containsExactly(peterSig, enochSig);
    assertThat(two.unverified()).isEmpty();

    assertThatThrownBy(() -> Note.open(both, List.of()))
        .hasMessage("note has no verifiable signatures (2 by unknown keys)");
    assertThatThrownBy(() -> Note.open(utf8(TEXT + "\n" + ENOCH_SIG), List.of(enoch, peter, enoch)))
        .hasMessage(
            "ambiguous key EnochRoot+af0cfe78: more than one known key has this name and ID");
    assertThat(Note.open(utf8(TEXT + "\n" + PETER_SIG), List.of(enoch, peter, enoch)).verified())
        .containsExactly(peterSig);

    String tooMany = TEXT + "\n" + PETER_SIG.repeat(101);
    assertThatThrownBy(() -> Note.open(utf8(tooMany), List.of(peter)))
        .hasMessage("malformed note: it has 101 signatures, at most 100 allowed");
    assertThat(Note.open(utf8(TEXT + "\n" + PETER_SIG.repeat(100)), List.of(peter)).verified())
        .hasSize(1);

    String invalid = TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
    assertThatThrownBy(() -> Note.open(utf8(invalid), List.of(peter)))
        .hasMessage("invalid signature for key PeterNeumann+c74f20a3");

    String enochAbcd = ENOCH_SIG.substring(0, 60) + "ABCD" + ENOCH_SIG.substring(60);
    OpenedNote dup =
        Note.open(
            utf8(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochAbcd),
            List.of(peter));
    assertThat(dup.verified()).containsExactly(peterSig);
    assertThat(dup.unverified())
        .containsExactly(
            enochSig,
            new NoteSignature(
                "EnochRoot", 0xaf0cfe78, enochAbcd.substring(12, enochAbcd.length() - 1)));
  }

  @Test
  void parse_malformedNotes_rejectedWithPreciseMessages() {
    // The first seven are note_test.go TestOpen badMsgs.
    String badName =
        TEXT
            + "\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
    assertMalformed(TEXT, "no blank line separates the text from the signatures");
    assertMalformed(TEXT + "\n", "no signature lines after the blank line");
    assertMalformed(
        TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
        "the last signature line does not end with a newline");
    assertMalformed("\u0001" + TEXT + "\n" + PETER_SIG, "control character U+0001 at byte 0");
    assertMalformedBytes(
        concat(new byte[] {(byte) 0xff}, utf8(TEXT + "\n" + PETER_SIG)), "not valid UTF-8");
    assertMalformed(badName + "\n", "signature line 1 signature is not valid base64");
    assertMalformed(
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        "signature line 2 does not start with an em dash (U+2014) and a space");
    assertMalformed(
        TEXT + "\n\u2014 a+b x08go/ZJ=\n", "signature line 1 has an invalid key name \"a+b\"");
    assertMalformed(
        TEXT + "\n\u2014  x08go/ZJ=\n", "signature line 1 has an invalid key name \"\"");
    assertMalformed(
        TEXT + "\n\u2014 PeterNeumann\n",
        "signature line 1 has no space between key name and signature");
    assertMalformed(
        TEXT + "\n\u2014 PeterNeumann AAAAAA==\n",
        "signature line 1 signature is shorter than a key ID and one byte");
    assertMalformed(
        TEXT + "\n\u2014 PeterNeumann AAAAAAA\n",
        "signature line 1 signature is not canonical padded base64");
    assertMalformed(TEXT + "\r\n" + PETER_SIG, "control character U+000D at byte 99");
    assertMalformed(
        TEXT + "\n- PeterNeumann AAAAAAA=\n",
        "signature line 1 does not start with an em dash (U+2014) and a space");
  }

  @Test
  void parse_textWithBlankLines_splitsAtLastBlankLine() {
    String text = "first\n\nsecond\n";
    Note note = Note.parse(text + "\n" + PETER_SIG);
    assertThat(note.text()).isEqualTo(text);
    assertThat(note.signatures()).hasSize(1);
    assertThat(note.serialize()).isEqualTo(text + "\n" + PETER_SIG);
  }

  private static void assertMalformed(String message, String problem) {
    assertMalformedBytes(utf8(message), problem);
  }

  private static void assertMalformedBytes(byte[] message, String problem) {
    assertThatThrownBy(() -> Note.open(message, List.of(NoteKeys.verifier(PETER_VKEY))))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("malformed note: " + problem);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
