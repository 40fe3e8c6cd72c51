package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a scan leaves out of its line counts, as of one revision: files excluded by path or
 * attribute, and commits the repository asks blame to ignore.
 *
 * <p>A path's reason is decided in this order, the first that applies winning:
 *
 * <ol>
 *   <li>a user glob: {@link ExclusionReason#USER_GLOB} (the person running the scan has the last
 *       word);
 *   <li>the revision's {@code .gitattributes} marking it ({@code -diff}/{@code binary}, {@code
 *       linguist-vendored}, {@code linguist-generated}; see {@link GitAttributes}), because the
 *       repository knows its own files best;
 *   <li>a built-in pattern ({@link PathRules}: lock file, then vendored, then generated), unless
 *       {@code .gitattributes} explicitly un-marks it: {@code linguist-generated=false} (or {@code
 *       -linguist-generated}) switches off the generated and lock-file patterns, {@code
 *       linguist-vendored=false} (or {@code -linguist-vendored}) the vendored ones, as linguist
 *       does.
 * </ol>
 *
 * <p>Answers are cached per path, so classifying the paths of many commits costs one attribute
 * lookup per distinct path; when the revision has no {@code .gitattributes} file (and the
 * repository no {@code info/attributes}), git is not asked at all. Instances are safe to share
 * between threads; concurrent {@link #classify} calls are serialized.
 */
public final class Exclusions {
  private static final String ATTRIBUTES_FILE = ".gitattributes";

  private final Git git;
  private final String commit;
  private final PathRules rules;
  private final boolean attributesPresent;
  private final SortedSet<String> ignoredRevisions;
  private final List<ScanWarning> warnings;
  private final Object lock = new Object();
  private final Map<String, Optional<ExclusionReason>> cache = new HashMap<>();

  private Exclusions(
      Git git,
      String commit,
      PathRules rules,
      boolean attributesPresent,
      SortedSet<String> ignoredRevisions,
      List<ScanWarning> warnings) {
    this.git = git;
    this.commit = commit;
    this.rules = rules;
    this.attributesPresent = attributesPresent;
    this.ignoredRevisions = ignoredRevisions;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Loads the exclusions of {@code revision}: built-in rules plus {@code userGlobs}, its {@code
   * .gitattributes}, and its {@code .git-blame-ignore-revs}.
   *
   * @throws LoopwatchException USER_INPUT for an invalid glob or a revision that names no commit,
   *     EXTERNAL if git fails
   */
  public static Exclusions load(Git git, String revision, List<String> userGlobs) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    requireNonNull(userGlobs, "userGlobs is null");
    PathRules rules = PathRules.builtIn().withUserGlobs(userGlobs);
    String commit =
        git.resolveCommit(revision)
            .orElseThrow(() ->
                LoopwatchException.userInput(
                    git.topLevel() + ": unknown revision '" + revision + "'"));
    IgnoreRevs.Result ignore = IgnoreRevs.read(git, commit);
    boolean attributesPresent = hasAttributesFile(git, commit) || hasInfoAttributes(git);
    return new Exclusions(
        git, commit, rules, attributesPresent, ignore.revisions(), ignore.warnings());
  }

  /**
   * The paths among {@code paths} that are excluded, with why, sorted by path; paths not excluded
   * are absent.
   *
   * @param paths repository-relative, {@code /}-separated, as git prints them
   */
  public Map<String, ExclusionReason> classify(Collection<String> paths) {
    requireNonNull(paths, "paths is null");
    SortedSet<String> wanted = new TreeSet<>(paths);
    wanted.remove("");
    SortedMap<String, ExclusionReason> excluded = new TreeMap<>();
    synchronized (lock) {
      List<String> unseen = new ArrayList<>();
      for (String path : wanted) {
        if (!cache.containsKey(path)) {
          unseen.add(path);
        }
      }
      if (!unseen.isEmpty()) {
        SortedMap<String, GitAttributes.State> states =
            attributesPresent
                ? GitAttributes.read(git, commit, unseen)
                : Collections.emptySortedMap();
        for (String path : unseen) {
          cache.put(path, decide(rules.classify(path), Optional.ofNullable(states.get(path))));
        }
      }
      for (String path : wanted) {
        cache.get(path).ifPresent(reason -> excluded.put(path, reason));
      }
    }
    return Collections.unmodifiableSortedMap(excluded);
  }

  /** Full ids of the commits {@code .git-blame-ignore-revs} lists, sorted. */
  public Set<String> ignoredRevisions() {
    return ignoredRevisions;
  }

  /**
   * What was skipped while loading (bad lines of {@code .git-blame-ignore-revs}), in file order.
   */
  public List<ScanWarning> warnings() {
    return warnings;
  }

  /**
   * Combines a path rule's answer with the path's attributes, in the order the class javadoc gives.
   */
  static Optional<ExclusionReason> decide(
      Optional<ExclusionReason> byPath, Optional<GitAttributes.State> attributes) {
    if (byPath.isPresent() && byPath.get() == ExclusionReason.USER_GLOB) {
      return byPath;
    }
    if (attributes.isEmpty() || byPath.isEmpty()) {
      return attributes.flatMap(GitAttributes.State::reason).or(() -> byPath);
    }
    GitAttributes.State state = attributes.get();
    Optional<ExclusionReason> marked = state.reason();
    if (marked.isPresent()) {
      return marked;
    }
    boolean unmarked =
        switch (byPath.get()) {
          case LOCK_FILE, GENERATED -> state.generated().equals(Optional.of(false));
          case VENDORED -> state.vendored().equals(Optional.of(false));
          case BINARY, USER_GLOB, SHALLOW_BOUNDARY -> false;
        };
    return unmarked ? Optional.empty() : byPath;
  }

  private static boolean hasAttributesFile(Git git, String commit) {
    List<String> args = List.of("ls-tree", "-r", "-z", "--name-only", commit);
    try (ChildProcess child = git.start(args)) {
      try (InputStream in = new BufferedInputStream(child.stdout(), 1 << 16)) {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        byte[] suffix = ATTRIBUTES_FILE.getBytes(StandardCharsets.UTF_8);
        int b;
        while ((b = in.read()) >= 0) {
          if (b != 0) {
            name.write(b);
            continue;
          }
          if (isAttributesFile(name.toByteArray(), suffix)) {
            return true;
          }
          name.reset();
        }
      } catch (IOException e) {
        throw LoopwatchException.external("reading output of git ls-tree: " + e.getMessage(), e);
      }
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
      return false;
    }
  }

  private static boolean isAttributesFile(byte[] path, byte[] name) {
    int offset = path.length - name.length;
    if (offset < 0 || (offset > 0 && path[offset - 1] != '/')) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (path[offset + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasInfoAttributes(Git git) {
    Git.Result result =
        git.tryRun(
            List.of(
                "-C",
                git.topLevel().toString(),
                "rev-parse",
                "--path-format=absolute",
                "--git-path",
                "info/attributes"));
    if (result.exitCode() != 0) {
      // Older git without --path-format: be safe and ask check-attr.
      return true;
    }
    return Files.isRegularFile(Path.of(result.stdout().strip()));
  }
}
