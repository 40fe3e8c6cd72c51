package dev.loopwatch.git.owners;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.exclusion.Glob;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CODEOWNERS file: ordered rules of a gitignore-style pattern and its owners, where the last
 * matching rule wins (GitHub's and GitLab's rule). Used to group lines by team; a path no rule
 * matches has no owner.
 */
public final class CodeOwners {
  /** Where GitHub and GitLab look for the file, in their order of precedence. */
  public static final List<String> LOCATIONS =
      List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS");

  /**
   * One rule.
   *
   * @param line the 1-based line in the file
   * @param pattern the pattern as written
   * @param owner the first owner named, or empty when the rule names none (it then un-owns the
   *     paths)
   */
  public record Rule(int line, String pattern, Optional<String> owner) {
    public Rule {
      requireNonNull(pattern, "pattern is null");
      requireNonNull(owner, "owner is null");
    }
  }

  /** A compiled rule. */
  private record Compiled(Glob glob, Optional<String> owner) {}

  private final String file;
  private final List<Rule> rules;
  private final List<Compiled> compiled;

  private CodeOwners(String file, List<Rule> rules) {
    this.file = file;
    this.rules = List.copyOf(rules);
    List<Compiled> result = new ArrayList<>();
    for (Rule rule : rules) {
      result.add(new Compiled(Glob.parse(rule.pattern()), rule.owner()));
    }
    this.compiled = List.copyOf(result);
  }

  /**
   * The file at {@code revision}, if the repository has one, and warnings for lines that could not
   * be read.
   *
   * @param owners the parsed file, if any
   * @param warnings one per unreadable line
   */
  public record Loaded(Optional<CodeOwners> owners, List<ScanWarning> warnings) {
    public Loaded {
      requireNonNull(owners, "owners is null");
      warnings = List.copyOf(warnings);
    }
  }

  /** Reads the first CODEOWNERS file found at {@code revision}. */
  public static Loaded read(Git git, String revision) {
    for (String location : LOCATIONS) {
      Git.Result result = git.tryRun(List.of("show", revision + ":" + location));
      if (result.exitCode() == 0) {
        List<ScanWarning> warnings = new ArrayList<>();
        CodeOwners owners = parse(location, result.stdout(), warnings);
        return new Loaded(Optional.of(owners), warnings);
      }
    }
    return new Loaded(Optional.empty(), List.of());
  }

  /**
   * Parses the text of a CODEOWNERS file; unreadable lines are skipped and reported in {@code
   * warnings}.
   */
  public static CodeOwners parse(String file, String text, List<ScanWarning> warnings) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("[") || line.startsWith("^[")) {
        continue;
      }
      List<String> tokens = tokens(line);
      String pattern = tokens.getFirst();
      Optional<String> owner = Optional.empty();
      for (String token : tokens.subList(1, tokens.size())) {
        if (token.startsWith("#")) {
          break;
        }
        owner = Optional.of(token);
        break;
      }
      try {
        Glob.parse(pattern);
        rules.add(new Rule(i + 1, pattern, owner));
      } catch (IllegalArgumentException e) {
        warnings.add(
            new ScanWarning(
                "bad-codeowners-line",
                file + ":" + (i + 1),
                "pattern '" + pattern + "' skipped: " + e.getMessage()));
      }
    }
    return new CodeOwners(file, rules);
  }

  /** Rebuilds a file from stored rules. */
  public static CodeOwners of(String file, List<Rule> rules) {
    return new CodeOwners(file, rules);
  }

  /**
   * The owner of {@code path}: the first owner of the last matching rule, if that rule names one.
   */
  public Optional<String> ownerOf(String path) {
    for (int i = compiled.size() - 1; i >= 0; i--) {
      Compiled rule = compiled.get(i);
      if (rule.glob().matches(path)) {
        return rule.owner();
      }
    }
    return Optional.empty();
  }

  /** The file's path in the repository. */
  public String file() {
    return file;
  }

  /** The rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Splits on unescaped white space; {@code \ } is a space inside a pattern. */
  private static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ' ') {
        current.append(' ');
        i++;
      } else if (Character.isWhitespace(c)) {
        if (!current.isEmpty()) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
    }
    return tokens;
  }
}
