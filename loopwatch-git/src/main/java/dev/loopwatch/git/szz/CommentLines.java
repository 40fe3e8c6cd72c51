package dev.loopwatch.git.szz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A simple per-language test for comment lines, chosen by file extension, as AG-SZZ (Kim et al.
 * 2006) uses to skip lines that cannot carry a bug.
 *
 * <p>A line counts as a comment when, stripped, it starts with the language's line-comment marker
 * ({@code //}, {@code #}, {@code --} or {@code ;}) or, in languages with block comments, with a
 * block opener, a lone {@code *} continuation or a block closer. Lines inside a block that start
 * with anything else are not recognised, since the diff shows deleted lines without their context.
 */
final class CommentLines {
  private static final List<String> C_LIKE = List.of("//");
  private static final List<String> HASH = List.of("#");
  private static final Map<String, List<String>> LINE_MARKERS =
      Map.ofEntries(
          Map.entry("java", C_LIKE),
          Map.entry("c", C_LIKE),
          Map.entry("h", C_LIKE),
          Map.entry("cc", C_LIKE),
          Map.entry("cpp", C_LIKE),
          Map.entry("cxx", C_LIKE),
          Map.entry("hpp", C_LIKE),
          Map.entry("cs", C_LIKE),
          Map.entry("js", C_LIKE),
          Map.entry("mjs", C_LIKE),
          Map.entry("jsx", C_LIKE),
          Map.entry("ts", C_LIKE),
          Map.entry("tsx", C_LIKE),
          Map.entry("go", C_LIKE),
          Map.entry("rs", C_LIKE),
          Map.entry("kt", C_LIKE),
          Map.entry("kts", C_LIKE),
          Map.entry("scala", C_LIKE),
          Map.entry("swift", C_LIKE),
          Map.entry("groovy", C_LIKE),
          Map.entry("dart", C_LIKE),
          Map.entry("m", C_LIKE),
          Map.entry("php", List.of("//", "#")),
          Map.entry("css", List.of()),
          Map.entry("py", HASH),
          Map.entry("sh", HASH),
          Map.entry("bash", HASH),
          Map.entry("zsh", HASH),
          Map.entry("rb", HASH),
          Map.entry("pl", HASH),
          Map.entry("pm", HASH),
          Map.entry("r", HASH),
          Map.entry("yaml", HASH),
          Map.entry("yml", HASH),
          Map.entry("toml", HASH),
          Map.entry("mk", HASH),
          Map.entry("cmake", HASH),
          Map.entry("properties", HASH),
          Map.entry("conf", HASH),
          Map.entry("sql", List.of("--")),
          Map.entry("lua", List.of("--")),
          Map.entry("hs", List.of("--")),
          Map.entry("adb", List.of("--")),
          Map.entry("ads", List.of("--")),
          Map.entry("lisp", List.of(";")),
          Map.entry("el", List.of(";")),
          Map.entry("clj", List.of(";")),
          Map.entry("scm", List.of(";")),
          Map.entry("asm", List.of(";")),
          Map.entry("s", List.of(";", "#")),
          Map.entry("ini", List.of(";", "#")));
  private static final java.util.Set<String> BLOCK_COMMENTS =
      java.util.Set.of(
          "java", "c", "h", "cc", "cpp", "cxx", "hpp", "cs", "js", "mjs", "jsx", "ts", "tsx", "go",
          "rs", "kt", "kts", "scala", "swift", "groovy", "dart", "m", "php", "css", "sql");

  private CommentLines() {}

  /** Whether {@code line} is blank (empty or whitespace only). */
  static boolean blank(String line) {
    return line.isBlank();
  }

  /** Whether {@code line} of the file at {@code path} is a comment line. */
  static boolean comment(String path, String line) {
    String extension = extension(path);
    String text = line.strip();
    for (String marker : LINE_MARKERS.getOrDefault(extension, List.of())) {
      if (text.startsWith(marker)) {
        return true;
      }
    }
    if (BLOCK_COMMENTS.contains(extension)) {
      return text.startsWith("/*")
          || text.equals("*")
          || text.startsWith("* ")
          || text.startsWith("*/");
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.equals("Makefile") || name.equals("Dockerfile") || name.equals("CMakeLists.txt")) {
      return text.startsWith("#");
    }
    return false;
  }

  private static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
