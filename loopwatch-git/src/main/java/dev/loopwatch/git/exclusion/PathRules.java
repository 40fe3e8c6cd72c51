package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path rules that exclude a file by its path alone: built-in lock-file, vendored and generated
 * patterns plus the user's globs.
 *
 * <p>The built-in patterns are data, in {@code path-rules.toml} next to this class, one commented
 * glob per line. All globs, built-in and user, use the gitignore-like syntax described in {@link
 * Glob}: {@code *}, {@code **}, {@code ?}, {@code [...]}, a leading {@code /} anchors at the
 * repository root, a trailing {@code /} means a folder.
 *
 * <p>When several rules match one path the first reason in this order wins: {@link
 * ExclusionReason#USER_GLOB}, then {@link ExclusionReason#LOCK_FILE}, {@link
 * ExclusionReason#VENDORED}, {@link ExclusionReason#GENERATED}. Instances are immutable and safe to
 * share between threads.
 */
public final class PathRules {
  private static final String RESOURCE = "path-rules.toml";

  /** The TOML tables, in precedence order. */
  private static final Map<String, ExclusionReason> TABLES = tables();

  private static final PathRules BUILT_IN = new PathRules(List.of(), loadBuiltIn());

  private final List<Glob> userGlobs;
  private final List<Rule> builtIn;

  private PathRules(List<Glob> userGlobs, List<Rule> builtIn) {
    this.userGlobs = List.copyOf(userGlobs);
    this.builtIn = List.copyOf(builtIn);
  }

  /** The built-in rules, without user globs. */
  public static PathRules builtIn() {
    return BUILT_IN;
  }

  /**
   * These rules plus {@code globs}, which exclude a path as {@link ExclusionReason#USER_GLOB} ahead
   * of any built-in rule.
   *
   * @throws LoopwatchException USER_INPUT naming the first invalid glob and what is wrong with it
   */
  public PathRules withUserGlobs(List<String> globs) {
    requireNonNull(globs, "globs is null");
    List<Glob> combined = new ArrayList<>(userGlobs);
    for (String glob : globs) {
      requireNonNull(glob, "glob is null");
      try {
        combined.add(Glob.parse(glob));
      } catch (IllegalArgumentException e) {
        throw LoopwatchException.userInput("exclusion glob '" + glob + "' " + e.getMessage());
      }
    }
    return new PathRules(combined, builtIn);
  }

  /**
   * Why {@code path} is excluded, if it is.
   *
   * @param path repository-relative, {@code /}-separated, as git prints it
   */
  public Optional<ExclusionReason> classify(String path) {
    requireNonNull(path, "path is null");
    if (path.isEmpty()) {
      return Optional.empty();
    }
    for (Glob glob : userGlobs) {
      if (glob.matches(path)) {
        return Optional.of(ExclusionReason.USER_GLOB);
      }
    }
    for (Rule rule : builtIn) {
      if (rule.glob().matches(path)) {
        return Optional.of(rule.reason());
      }
    }
    return Optional.empty();
  }

  /** The built-in globs for {@code reason}, in file order (for tests and documentation). */
  static List<String> builtInGlobs(ExclusionReason reason) {
    requireNonNull(reason, "reason is null");
    return BUILT_IN.builtIn.stream()
        .filter(rule -> rule.reason() == reason)
        .map(rule -> rule.glob().text())
        .toList();
  }

  private static Map<String, ExclusionReason> tables() {
    Map<String, ExclusionReason> tables = new LinkedHashMap<>();
    tables.put("lock-file", ExclusionReason.LOCK_FILE);
    tables.put("vendored", ExclusionReason.VENDORED);
    tables.put("generated", ExclusionReason.GENERATED);
    return Collections.unmodifiableMap(tables);
  }

  private static List<Rule> loadBuiltIn() {
    JsonNode root;
    try (InputStream in = PathRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw internal("is missing from the class path");
      }
      root = new TomlMapper().readTree(in);
    } catch (IOException e) {
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, RESOURCE + ": cannot be read: " + e.getMessage(), e);
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!TABLES.containsKey(name)) {
        throw internal("has an unknown table [" + name + "]");
      }
    }
    List<Rule> rules = new ArrayList<>();
    for (Map.Entry<String, ExclusionReason> table : TABLES.entrySet()) {
      JsonNode globs = root.path(table.getKey()).path("globs");
      if (!globs.isArray() || globs.isEmpty()) {
        throw internal("[" + table.getKey() + "] needs a non-empty 'globs' array");
      }
      for (JsonNode glob : globs) {
        if (!glob.isTextual()) {
          throw internal("[" + table.getKey() + "] globs holds a non-string " + glob);
        }
        try {
          rules.add(new Rule(Glob.parse(glob.asText()), table.getValue()));
        } catch (IllegalArgumentException e) {
          throw internal("[" + table.getKey() + "] glob '" + glob.asText() + "' " + e.getMessage());
        }
      }
    }
    return rules;
  }

  private static LoopwatchException internal(String problem) {
    return new LoopwatchException(LoopwatchException.Kind.INTERNAL, RESOURCE + ": " + problem);
  }

  /** One built-in glob and the reason it gives. */
  private record Rule(Glob glob, ExclusionReason reason) {
    Rule {
      requireNonNull(glob, "glob is null");
      requireNonNull(reason, "reason is null");
    }
  }
}
