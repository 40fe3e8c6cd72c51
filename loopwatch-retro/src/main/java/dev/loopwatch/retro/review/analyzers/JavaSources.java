package dev.loopwatch.retro.review.analyzers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a change's Java files with the JDK's in-process compiler ({@code javax.tools}) so a
 * bytecode analyzer can read them.
 *
 * <p>Source roots are guessed per changed file: the folder its {@code package} declaration implies
 * (for {@code a/src/main/java/p/q/X.java} with {@code package p.q;}, {@code a/src/main/java}), else
 * its own folder; the worktree's {@code src/main/java} and {@code src} are added when they exist.
 * Other sources are found through {@code -sourcepath}, and the worktree's {@code lib/*.jar} form
 * the classpath; nothing else is (no build tool is run, no dependencies are downloaded). The
 * options are {@code -proc:none -nowarn -g -implicit:class --release N} where N is the running
 * JDK's feature version. Classes compiled from the changed files are moved to their own folder; the
 * rest stay as auxiliary classes.
 */
final class JavaSources {
  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\p{L}_$][\\p{L}\\p{N}_$.]*)\\s*;", Pattern.MULTILINE);

  private JavaSources() {}

  /**
   * The compiled change.
   *
   * @param changedClasses a class folder with only the classes compiled from the changed files
   * @param otherClasses a class folder with every other class compiled along with them
   * @param jars the worktree's library jars, in path order
   * @param sources for each changed file, its path relative to its source root (the form class
   *     files record, {@code p/q/X.java}) mapped to its repository-relative path
   */
  record Compiled(
      Path changedClasses, Path otherClasses, List<Path> jars, SortedMap<String, String> sources) {
    Compiled {
      requireNonNull(changedClasses, "changedClasses is null");
      requireNonNull(otherClasses, "otherClasses is null");
      jars = List.copyOf(jars);
      sources = new TreeMap<>(sources);
    }
  }

  /** The change did not compile; the message is the one-line reason. */
  static final class CompileFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CompileFailure(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Compiles {@code files} (repository-relative {@code .java} paths in {@code worktree}) into
   * folders under {@code work}.
   *
   * @throws CompileFailure naming the first file and error when compilation fails
   */
  static Compiled compile(Path worktree, List<String> files, Path work) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new CompileFailure("no Java compiler in this runtime (a JDK is needed, not a JRE)");
    }
    Path root = worktree.toAbsolutePath().normalize();
    SortedSet<Path> roots = new TreeSet<>();
    SortedMap<String, String> sources = new TreeMap<>();
    Set<URI> changedUris = new HashSet<>();
    List<Path> changedPaths = new ArrayList<>();
    for (String file : files) {
      Path path = root.resolve(file).normalize();
      Path sourceRoot = sourceRoot(root, path);
      roots.add(sourceRoot);
      sources.put(sourceRoot.relativize(path).toString().replace('\\', '/'), file);
      changedUris.add(path.toUri().normalize());
      changedPaths.add(path);
    }
    for (String conventional : List.of("src/main/java", "src")) {
      Path candidate = root.resolve(conventional);
      if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
        roots.add(candidate);
      }
    }
    List<Path> jars = jars(root.resolve("lib"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path changedClasses = Files.createDirectories(work.resolve("changed-classes"));

    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options = new ArrayList<>();
    options.addAll(
        List.of(
            "-proc:none",
            "-nowarn",
            "-Xlint:none",
            "-g",
            "-implicit:class",
            "-encoding",
            "UTF-8",
            "--release",
            String.valueOf(Runtime.version().feature()),
            "-d",
            classes.toString(),
            "-sourcepath",
            join(roots),
            "-classpath",
            jars.isEmpty() ? classes.toString() : join(jars)));
    Map<String, URI> classSources = new TreeMap<>();
    try (StandardJavaFileManager standard =
            compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        JavaFileManager recording = new RecordingFileManager(standard, classSources)) {
      StringWriter output = new StringWriter();
      Boolean ok =
          compiler
              .getTask(
                  output,
                  recording,
                  diagnostics,
                  options,
                  null,
                  standard.getJavaFileObjectsFromPaths(changedPaths))
              .call();
      if (!Boolean.TRUE.equals(ok)) {
        throw new CompileFailure(firstError(root, files, diagnostics, output.toString()));
      }
    }
    for (Map.Entry<String, URI> entry : classSources.entrySet()) {
      if (!changedUris.contains(entry.getValue().normalize())) {
        continue;
      }
      String relative = entry.getKey().replace('.', '/') + ".class";
      Path from = classes.resolve(relative);
      if (Files.isRegularFile(from)) {
        Path to = changedClasses.resolve(relative);
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new Compiled(changedClasses, classes, jars, sources);
  }

  /** The source root a file's package declaration implies, else the file's folder. */
  static Path sourceRoot(Path worktree, Path file) throws IOException {
    Path folder = file.getParent() == null ? worktree : file.getParent();
    Matcher matcher = PACKAGE.matcher(withoutComments(Files.readString(file)));
    if (!matcher.find()) {
      return folder;
    }
    Path implied = folder;
    String[] parts = matcher.group(1).split("\\.", -1);
    for (int i = parts.length - 1; i >= 0; i--) {
      if (implied == null
          || implied.getFileName() == null
          || !implied.getFileName().toString().equals(parts[i])) {
        return folder;
      }
      implied = implied.getParent();
    }
    return implied == null || !implied.startsWith(worktree) ? folder : implied;
  }

  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
  }

  private static List<Path> jars(Path lib) throws IOException {
    if (!Files.isDirectory(lib, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(lib)) {
      return entries
          .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }

  private static String join(Iterable<Path> paths) {
    List<String> parts = new ArrayList<>();
    paths.forEach(p -> parts.add(p.toString()));
    return String.join(java.io.File.pathSeparator, parts);
  }

  private static String firstError(
      Path root,
      List<String> files,
      DiagnosticCollector<JavaFileObject> diagnostics,
      String output) {
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String file = files.getFirst();
      JavaFileObject source = diagnostic.getSource();
      if (source != null) {
        file = ChangedJava.relative(root, Path.of(source.toUri()));
      }
      String message = ChangedJava.firstLine(diagnostic.getMessage(Locale.ROOT), "error");
      String line =
          diagnostic.getLineNumber() > 0 ? "line " + diagnostic.getLineNumber() + ": " : "";
      return "could not compile " + file + ": " + line + message;
    }
    return "could not compile "
        + files.getFirst()
        + ": "
        + ChangedJava.firstLine(output, "javac reported failure without an error");
  }

  /** Records, for every class file javac writes, the source file it was compiled from. */
  private static final class RecordingFileManager
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Map<String, URI> classSources;

    RecordingFileManager(StandardJavaFileManager delegate, Map<String, URI> classSources) {
      super(delegate);
      this.classSources = classSources;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling)
        throws IOException {
      if (kind == JavaFileObject.Kind.CLASS && sibling != null) {
        classSources.put(className, sibling.toUri());
      }
      return super.getJavaFileForOutput(location, className, kind, sibling);
    }
  }
}
