package dev.loopwatch.ledger.policy;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.checkpoint.Cosignature;
import dev.loopwatch.ledger.note.Note;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.note.NoteSignature;
import dev.loopwatch.ledger.note.Verifier;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A witness policy: the log keys a verifier trusts, the witnesses whose cosignatures count, and the
 * quorum expression over witnesses and groups that a checkpoint's cosignatures must satisfy.
 *
 * <p>The text has one directive per line; blank lines and everything from a {@code #} to the end of
 * a line are ignored:
 *
 * <pre>
 * log &lt;vkey&gt; [&lt;url&gt;]                  # an Ed25519 (type 0x01) log key; one or more
 * witness &lt;name&gt; &lt;vkey&gt; [&lt;url&gt;]       # a cosigner key of type 0x04
 * group &lt;name&gt; &lt;k|all|any&gt; &lt;member&gt;... # members: witnesses or earlier groups
 * quorum &lt;name&gt;|none                 # exactly one
 * </pre>
 *
 * <p>Names are unique across witnesses and groups ({@code none} is reserved). A group holds when at
 * least {@code k} of its members hold ({@code all} is every member, {@code any} is one); a witness
 * holds when it cosigned.
 */
public final class WitnessPolicy {
  private final List<PolicyLog> logs;
  private final List<PolicyWitness> witnesses;
  private final Optional<Node> quorum;

  /**
   * A log the policy trusts.
   *
   * @param vkey the log's note verifier key, as written in the policy
   * @param verifier the verifier of the log's checkpoint signatures
   * @param url the log's URL, if given
   */
  public record PolicyLog(String vkey, Verifier verifier, Optional<URI> url) {
    /** Checks the fields are present. */
    public PolicyLog {
      requireNonNull(vkey, "vkey is null");
      requireNonNull(verifier, "verifier is null");
      requireNonNull(url, "url is null");
    }
  }

  /**
   * A witness the policy counts.
   *
   * @param name the policy-local name of the witness
   * @param vkey the witness's cosigner verifier key (type 0x04), as written in the policy
   * @param verifier the verifier of its cosignatures
   * @param url the witness's URL (its tlog-witness prefix), if given
   */
  public record PolicyWitness(String name, String vkey, Verifier verifier, Optional<URI> url) {
    /** Checks the fields are present. */
    public PolicyWitness {
      requireNonNull(name, "name is null");
      requireNonNull(vkey, "vkey is null");
      requireNonNull(verifier, "verifier is null");
      requireNonNull(url, "url is null");
    }
  }

  /** A node of the quorum expression. */
  private sealed interface Node permits WitnessNode, GroupNode {}

  private record WitnessNode(String name) implements Node {}

  private record GroupNode(String name, int threshold, List<Node> members) implements Node {}

  private WitnessPolicy(
      List<PolicyLog> logs, List<PolicyWitness> witnesses, Optional<Node> quorum) {
    this.logs = List.copyOf(logs);
    this.witnesses = List.copyOf(witnesses);
    this.quorum = quorum;
  }

  /**
   * Reads a policy file.
   *
   * @throws LoopwatchException if the file cannot be read or a line is invalid
   */
  public static WitnessPolicy read(Path file) {
    requireNonNull(file, "file is null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read witness policy " + file + ": " + e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses a policy text.
   *
   * @param source the file name (or other label) that error messages start with
   * @throws LoopwatchException {@code "<source>:<line>: <problem>"} for the first invalid line, or
   *     {@code "<source>: <problem>"} when a log or the quorum line is missing
   */
  public static WitnessPolicy parse(String text, String source) {
    requireNonNull(text, "text is null");
    requireNonNull(source, "source is null");
    List<PolicyLog> logs = new ArrayList<>();
    List<PolicyWitness> witnesses = new ArrayList<>();
    Map<String, Node> nodes = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new HashMap<>();
    Optional<Node> quorum = Optional.empty();
    int quorumLine = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      String where = source + ":" + number + ": ";
      switch (words[0]) {
        case "log" -> {
          if (words.length < 2 || words.length > 3) {
            throw fault(where, "expected 'log <vkey> [<url>]'");
          }
          Verifier verifier = key(where, () -> NoteKeys.verifier(words[1]));
          checkNewKey(where, keyLines, verifier, number);
          logs.add(new PolicyLog(words[1], verifier, url(where, words, 2)));
        }
        case "witness" -> {
          if (words.length < 3 || words.length > 4) {
            throw fault(where, "expected 'witness <name> <vkey> [<url>]'");
          }
          String name = newName(where, nodes, words[1]);
          Verifier verifier = key(where, () -> Cosignature.verifier(words[2]));
          checkNewKey(where, keyLines, verifier, number);
          witnesses.add(new PolicyWitness(name, words[2], verifier, url(where, words, 3)));
          nodes.put(name, new WitnessNode(name));
        }
        case "group" -> {
          if (words.length < 4) {
            throw fault(where, "expected 'group <name> <k|all|any> <member>...'");
          }
          String name = newName(where, nodes, words[1]);
          List<Node> members = new ArrayList<>();
          Set<String> seen = new LinkedHashSet<>();
          for (int m = 3; m < words.length; m++) {
            Node member = nodes.get(words[m]);
            if (member == null) {
              throw fault(where, "group " + name + " member \"" + words[m] + "\" is not defined");
            }
            if (!seen.add(words[m])) {
              throw fault(where, "group " + name + " lists member \"" + words[m] + "\" twice");
            }
            members.add(member);
          }
          int threshold = threshold(where, words[2], members.size());
          nodes.put(name, new GroupNode(name, threshold, members));
        }
        case "quorum" -> {
          if (words.length != 2) {
            throw fault(where, "expected 'quorum <name>|none'");
          }
          if (quorumLine != 0) {
            throw fault(where, "second quorum line (the first is line " + quorumLine + ")");
          }
          quorumLine = number;
          if (!words[1].equals("none")) {
            Node node = nodes.get(words[1]);
            if (node == null) {
              throw fault(where, "quorum \"" + words[1] + "\" is not a defined witness or group");
            }
            quorum = Optional.of(node);
          }
        }
        default -> throw fault(where, "unknown directive \"" + words[0] + "\"");
      }
    }
    if (logs.isEmpty()) {
      throw LoopwatchException.userInput(source + ": no log line");
    }
    if (quorumLine == 0) {
      throw LoopwatchException.userInput(source + ": no quorum line");
    }
    return new WitnessPolicy(logs, witnesses, quorum);
  }

  /** The logs, in policy order. */
  public List<PolicyLog> logs() {
    return logs;
  }

  /** The witnesses, in policy order. */
  public List<PolicyWitness> witnesses() {
    return witnesses;
  }

  /**
   * The names of the policy witnesses with a valid cosignature on this signed checkpoint note, in
   * sorted order; signatures by keys not in the policy are ignored and the log's signature is not
   * checked.
   *
   * @throws LoopwatchException if the note is malformed, or a policy witness's key signed it with
   *     an invalid cosignature (naming the witness)
   */
  public Set<String> cosigners(byte[] signedCheckpoint) {
    requireNonNull(signedCheckpoint, "signedCheckpoint is null");
    Note note = Note.parse(signedCheckpoint);
    byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
    Set<String> names = new TreeSet<>();
    for (NoteSignature signature : note.signatures()) {
      for (PolicyWitness witness : witnesses) {
        Verifier verifier = witness.verifier();
        if (verifier.name().equals(signature.name()) && verifier.keyId() == signature.keyId()) {
          if (!verifier.verify(text, signature.signature())) {
            throw LoopwatchException.userInput(
                "invalid cosignature by witness "
                    + witness.name()
                    + " ("
                    + verifier.name()
                    + "+"
                    + NoteKeys.hex(verifier.keyId())
                    + ")");
          }
          names.add(witness.name());
        }
      }
    }
    return names;
  }

  /**
   * Whether the quorum expression holds when exactly these witnesses cosigned ({@code none}: true).
   */
  public boolean satisfied(Set<String> witnessNames) {
    requireNonNull(witnessNames, "witnessNames is null");
    return quorum.map(node -> holds(node, witnessNames)).orElse(true);
  }

  /** Whether this signed checkpoint's valid cosignatures satisfy the quorum. */
  public boolean quorumMet(byte[] signedCheckpoint) {
    return satisfied(cosigners(signedCheckpoint));
  }

  private static boolean holds(Node node, Set<String> witnessNames) {
    return switch (node) {
      case WitnessNode witness -> witnessNames.contains(witness.name());
      case GroupNode group -> {
        int count = 0;
        for (Node member : group.members()) {
          if (holds(member, witnessNames)) {
            count++;
          }
        }
        yield count >= group.threshold();
      }
    };
  }

  private static int threshold(String where, String word, int members) {
    if (word.equals("all")) {
      return members;
    }
    if (word.equals("any")) {
      return 1;
    }
    if (!word.matches("[0-9]{1,9}")) {
      throw fault(where, "threshold \"" + word + "\" is not an integer, all or any");
    }
    int k = Integer.parseInt(word);
    if (k < 1 || k > members) {
      throw fault(where, "threshold " + k + " is outside 1.." + members);
    }
    return k;
  }

  private static String newName(String where, Map<String, Node> nodes, String name) {
    if (name.equals("none")) {
      throw fault(where, "the name \"none\" is reserved");
    }
    if (nodes.containsKey(name)) {
      throw fault(where, "duplicate name \"" + name + "\"");
    }
    return name;
  }

  private static void checkNewKey(
      String where, Map<String, Integer> keyLines, Verifier verifier, int number) {
    String label = verifier.name() + "+" + NoteKeys.hex(verifier.keyId());
    Integer previous = keyLines.putIfAbsent(label, number);
    if (previous != null) {
      throw fault(where, "duplicate key " + label + " (already on line " + previous + ")");
    }
  }

  private static Verifier key(String where, Supplier<Verifier> parse) {
    try {
      return parse.get();
    } catch (LoopwatchException e) {
      throw fault(where, e.getMessage());
    }
  }

  private static Optional<URI> url(String where, String[] words, int index) {
    if (words.length <= index) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(words[index]);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw fault(where, "URL \"" + words[index] + "\" is not http or https");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw fault(where, "URL \"" + words[index] + "\" is invalid: " + e.getReason());
    }
  }

  private static LoopwatchException fault(String where, String problem) {
    return LoopwatchException.userInput(where + problem);
  }
}
