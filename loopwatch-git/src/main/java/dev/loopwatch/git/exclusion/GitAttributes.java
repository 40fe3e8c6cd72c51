package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The exclusions a repository declares in its own {@code .gitattributes}, read as of one revision
 * with git's own attribute matching.
 *
 * <p>The revision's tree is read into a temporary index ({@code GIT_INDEX_FILE=<temp> git read-tree
 * <commit>}) and one {@code git check-attr --cached --stdin -z} process answers for all paths, so
 * the answer is the same for a bare repository and for a work tree whose checkout or uncommitted
 * {@code .gitattributes} differ from the revision. The repository's {@code
 * $GIT_DIR/info/attributes} still applies (as in git); the user's global attributes file ({@code
 * core.attributesFile}) does not, so answers do not depend on who runs the scan.
 *
 * <p>Attributes read (as in GitHub linguist's documentation): {@code linguist-generated} set or
 * {@code =true} gives {@link ExclusionReason#GENERATED}, {@code linguist-vendored} set or {@code
 * =true} gives {@link ExclusionReason#VENDORED}, and {@code -diff} or the {@code binary} macro
 * gives {@link ExclusionReason#BINARY}; {@code =false} and {@code -attr} un-mark a path that a
 * broader pattern marked, exactly as git resolves them. If one path has several, BINARY wins over
 * VENDORED over GENERATED: a binary file's lines cannot be counted at all.
 */
public final class GitAttributes {
  private static final List<String> ATTRIBUTES =
      List.of("linguist-generated", "linguist-vendored", "diff", "binary");

  private GitAttributes() {}

  /**
   * The paths among {@code paths} that {@code revision}'s attributes exclude, with why, sorted by
   * path.
   *
   * @param revision any revision naming a commit
   * @param paths repository-relative, {@code /}-separated; paths absent at {@code revision} get
   *     what its patterns say
   * @throws LoopwatchException USER_INPUT if {@code revision} names no commit, EXTERNAL if git
   *     fails
   */
  public static Map<String, ExclusionReason> classify(
      Git git, String revision, Collection<String> paths) {
    SortedMap<String, ExclusionReason> excluded = new TreeMap<>();
    read(git, revision, paths)
        .forEach((path, state) -> state.reason().ifPresent(reason -> excluded.put(path, reason)));
    return Collections.unmodifiableSortedMap(excluded);
  }

  /** Every path's attribute state (including explicit un-marking), sorted by path. */
  static SortedMap<String, State> read(Git git, String revision, Collection<String> paths) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    requireNonNull(paths, "paths is null");
    String commit =
        git.resolveCommit(revision)
            .orElseThrow(() ->
                LoopwatchException.userInput(
                    git.topLevel() + ": unknown revision '" + revision + "'"));
    List<String> unique = new ArrayList<>(new TreeSet<>(paths));
    unique.removeIf(String::isEmpty);
    if (unique.isEmpty()) {
      return Collections.emptySortedMap();
    }
    Path folder;
    try {
      folder = Files.createTempDirectory("loopwatch-attributes-");
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot create a temporary index for git check-attr: " + e.getMessage(), e);
    }
    Path index = folder.resolve("index");
    try {
      Map<String, String> environment = Map.of("GIT_INDEX_FILE", index.toString());
      Git.Result readTree = git.tryRun(List.of("read-tree", commit), environment);
      if (readTree.exitCode() != 0) {
        throw git.failure(List.of("read-tree", commit), readTree.exitCode(), readTree.stderr());
      }
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-c", "core.attributesFile=" + nullDevice(), "-C", git.topLevel().toString()));
      args.addAll(List.of("check-attr", "--cached", "--stdin", "-z"));
      args.addAll(ATTRIBUTES);
      byte[] output = git.runWithInput(args, environment, nulTerminated(unique));
      return parse(unique, output);
    } finally {
      delete(index.resolveSibling("index.lock"));
      delete(index);
      delete(folder);
    }
  }

  private static SortedMap<String, State> parse(List<String> paths, byte[] output) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < output.length; i++) {
      if (output[i] == 0) {
        fields.add(new String(output, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    int perPath = 3 * ATTRIBUTES.size();
    if (start != output.length || fields.size() != perPath * paths.size()) {
      throw LoopwatchException.external(
          "git check-attr printed "
              + fields.size()
              + " fields for "
              + paths.size()
              + " paths; expected "
              + perPath * paths.size(),
          null);
    }
    SortedMap<String, State> states = new TreeMap<>();
    for (int p = 0; p < paths.size(); p++) {
      String[] values = new String[ATTRIBUTES.size()];
      for (int a = 0; a < ATTRIBUTES.size(); a++) {
        int base = p * perPath + 3 * a;
        String attribute = fields.get(base + 1);
        if (!attribute.equals(ATTRIBUTES.get(a))) {
          throw LoopwatchException.external(
              "git check-attr answered '"
                  + attribute
                  + "' where '"
                  + ATTRIBUTES.get(a)
                  + "' was expected",
              null);
        }
        values[a] = fields.get(base + 2);
      }
      states.put(
          paths.get(p),
          new State(
              flag(values[0]),
              flag(values[1]),
              values[2].equals("unset"),
              values[3].equals("set")));
    }
    return states;
  }

  /**
   * A boolean linguist attribute: set or {@code true} is true, unset or {@code false} is false,
   * otherwise unknown.
   */
  private static Optional<Boolean> flag(String value) {
    return switch (value) {
      case "set", "true" -> Optional.of(true);
      case "unset", "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static byte[] nulTerminated(List<String> paths) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String path : paths) {
      bytes.writeBytes(path.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
    }
    return bytes.toByteArray();
  }

  private static String nullDevice() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temporary file is harmless and must not hide the real outcome.
    }
  }

  /**
   * One path's attributes.
   *
   * @param generated {@code linguist-generated}: true if set, false if explicitly un-set, empty if
   *     unspecified
   * @param vendored {@code linguist-vendored}, read the same way
   * @param noDiff whether {@code -diff} applies
   * @param binary whether the {@code binary} macro applies
   */
  record State(
      Optional<Boolean> generated, Optional<Boolean> vendored, boolean noDiff, boolean binary) {
    State {
      requireNonNull(generated, "generated is null");
      requireNonNull(vendored, "vendored is null");
    }

    /** The exclusion these attributes give, if any. */
    Optional<ExclusionReason> reason() {
      if (noDiff || binary) {
        return Optional.of(ExclusionReason.BINARY);
      }
      if (vendored.orElse(false)) {
        return Optional.of(ExclusionReason.VENDORED);
      }
      if (generated.orElse(false)) {
        return Optional.of(ExclusionReason.GENERATED);
      }
      return Optional.empty();
    }
  }
}
