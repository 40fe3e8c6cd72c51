package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the {@code ./loopwatch} launcher script at the repository root.
 *
 * <p>Each run gets a cleared environment whose PATH is a temporary directory holding symlinks to
 * only the tools the script needs, fake JDKs (shell scripts answering {@code
 * -XshowSettings:properties -version}) and, where a build is expected, a fake Maven wrapper; so no
 * real JDK is picked up and no Maven build is started.
 */
class LauncherScriptTest {
  private static final Path SCRIPT =
      Path.of(System.getProperty("user.dir")).resolveSibling("loopwatch");
  private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);
  private static final FileTime NEWER = FileTime.fromMillis(1_000_000_100_000L);

  @TempDir Path temp;

  @Test
  void run_gitMissingFromPath_exitsTwoNamingGit() throws Exception {
    Path tools = tools("bash", "find", "touch");

    Run run =
        run(SCRIPT, Map.of("PATH", tools.toString(), "HOME", temp.toString()), List.of("--help"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "loopwatch: needs git on PATH; none found (install git or add its directory to PATH)\n");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void run_onlyJava17Reachable_exitsTwoNamingJdk() throws Exception {
    Path tools = tools("bash", "find", "touch", "git");
    Path jdk17 = fakeJdk("jdk 17", 17, false);

    Run run =
        run(
            SCRIPT,
            Map.of(
                "PATH", tools.toString(),
                "HOME", temp.toString(),
                "JAVA_HOME", jdk17.toString(),
                "LOOPWATCH_JDK_SEARCH_PATH", ""),
            List.of("--help"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "loopwatch: needs a JDK 21 or newer; none found in JAVA_HOME, PATH (found only"
                + " Java 17 at "
                + jdk17
                + "); set JAVA_HOME to one\n");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void run_freshJarAndOldJavaHome_execsSearchedJdkWithOptionsAndArguments() throws Exception {
    Path tools = tools("bash", "find", "touch", "git");
    Path checkout = checkout();
    Path jar = checkout.resolve("loopwatch-app/target/loopwatch.jar");
    Files.setLastModifiedTime(jar, NEWER);
    Path jdk17 = fakeJdk("jdk 17", 17, true);
    Path jdk25 = fakeJdk("jdks/jdk 25", 25, true);

    Run run =
        run(
            checkout.resolve("loopwatch"),
            Map.of(
                "PATH", tools.toString(),
                "HOME", temp.toString(),
                "JAVA_HOME", jdk17.toString(),
                "LOOPWATCH_JDK_SEARCH_PATH",
                    temp.resolve("none") + "/*:" + temp.resolve("jdks") + "/*",
                "LOOPWATCH_JAVA_OPTS", " -Xmx512m   -Dx=1 "),
            List.of("scan", "a b", ""));

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout())
        .isEqualTo(
            String.join(
                "\n",
                "java " + jdk25,
                "LOOPWATCH_STDERR_TTY=0",
                "-Xmx512m",
                "-Dx=1",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString(),
                "scan",
                "a b",
                "",
                ""));
  }

  @Test
  void run_sourceNewerThanJar_rebuildsWithChosenJdkThenRuns() throws Exception {
    Path tools = tools("bash", "find", "touch", "git");
    Path checkout = checkout();
    Path jar = checkout.resolve("loopwatch-app/target/loopwatch.jar");
    Files.setLastModifiedTime(jar, OLD);
    Files.setLastModifiedTime(checkout.resolve("loopwatch-app/src/main/java/A.java"), NEWER);
    Path jdk25 = fakeJdk("jdk 25", 25, true);

    Run run =
        run(
            checkout.resolve("loopwatch"),
            Map.of(
                "PATH", tools.toString(),
                "HOME", temp.toString(),
                "JAVA_HOME", jdk25.toString(),
                "LOOPWATCH_JDK_SEARCH_PATH", ""),
            List.of("version"));

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.stderr()).isEqualTo("loopwatch: rebuilding (sources changed) ...\n");
    assertThat(Files.readString(checkout.resolve("mvnw.log")))
        .isEqualTo(
            String.join(
                "\n",
                "JAVA_HOME=" + jdk25,
                "MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow",
                "-q",
                "-B",
                "-DskipTests",
                "package",
                ""));
    assertThat(run.stdout()).endsWith("-jar\n" + jar + "\nversion\n");
    assertThat(Files.getLastModifiedTime(jar)).isGreaterThan(NEWER);
  }

  @Test
  void run_jarMissingAndOnlyJreReachable_exitsTwoWithoutBuilding() throws Exception {
    Path tools = tools("bash", "find", "touch", "git");
    Path checkout = checkout();
    Files.delete(checkout.resolve("loopwatch-app/target/loopwatch.jar"));
    Path jre21 = fakeJdk("jre 21", 21, false);

    Run run =
        run(
            checkout.resolve("loopwatch"),
            Map.of(
                "PATH", tools.toString(),
                "HOME", temp.toString(),
                "JAVA_HOME", jre21.toString(),
                "LOOPWATCH_JDK_SEARCH_PATH", ""),
            List.of());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "loopwatch: needs a JDK 21 or newer; none found in JAVA_HOME, PATH (found only"
                + " a Java 21 JRE without javac at "
                + jre21
                + "); set JAVA_HOME to one\n");
    assertThat(checkout.resolve("mvnw.log")).doesNotExist();
  }

  /**
   * Removes the tool symlinks first, so that the temp-dir cleanup has no links leading outside to
   * report.
   */
  @AfterEach
  void removeToolLinks() throws IOException {
    Path tools = temp.resolve("tools");
    if (Files.isDirectory(tools)) {
      try (Stream<Path> links = Files.list(tools)) {
        for (Path link : links.toList()) {
          Files.delete(link);
        }
      }
    }
  }

  /** A directory of symlinks to the named tools, found on this JVM's PATH. */
  private Path tools(String... names) throws IOException {
    Path tools = Files.createDirectories(temp.resolve("tools"));
    for (String name : names) {
      Path target =
          onPath(name).orElseThrow(() -> new IllegalStateException(name + " is not on PATH"));
      Files.createSymbolicLink(tools.resolve(name), target);
    }
    return tools;
  }

  private static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /**
   * A fake JDK home: bin/java reports the given version and its home like {@code
   * -XshowSettings:properties}, and otherwise prints its home, LOOPWATCH_STDERR_TTY and its
   * arguments, one a line.
   */
  private Path fakeJdk(String relative, int major, boolean withJavac) throws IOException {
    Path home = temp.resolve(relative);
    Path bin = Files.createDirectories(home.resolve("bin"));
    executable(
        bin.resolve("java"),
        """
        #!/bin/sh
        if [ "$1" = -XshowSettings:properties ] && [ "$2" = -version ]; then
          printf 'Property settings:\\n    java.home = %%s\\n    java.specification.version = %d\\n' '%s' >&2
          printf 'openjdk version "%d"\\n' >&2
          exit 0
        fi
        printf 'java %%s\\n' '%s'
        printf 'LOOPWATCH_STDERR_TTY=%%s\\n' "$LOOPWATCH_STDERR_TTY"
        printf '%%s\\n' "$@"
        """
            .formatted(major, home, major, home));
    if (withJavac) {
      executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
    }
    return home;
  }

  /**
   * A checkout with a space in its path: the launcher, one source file, a jar and a fake Maven
   * wrapper.
   */
  private Path checkout() throws IOException {
    Path checkout = Files.createDirectories(temp.resolve("check out"));
    executable(checkout.resolve("loopwatch"), Files.readString(SCRIPT));
    Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
    Files.writeString(
        Files.createDirectories(checkout.resolve("loopwatch-app")).resolve("pom.xml"),
        "<project/>\n");
    Path source =
        Files.createDirectories(checkout.resolve("loopwatch-app/src/main/java")).resolve("A.java");
    Files.writeString(source, "class A {}\n");
    Path jar =
        Files.createDirectories(checkout.resolve("loopwatch-app/target")).resolve("loopwatch.jar");
    Files.writeString(jar, "jar\n");
    for (Path path :
        List.of(
            checkout.resolve("pom.xml"),
            checkout.resolve("loopwatch-app/pom.xml"),
            source,
            source.getParent(),
            checkout.resolve("loopwatch-app/src/main"))) {
      Files.setLastModifiedTime(path, OLD);
    }
    executable(
        checkout.resolve("mvnw"),
        """
        #!/bin/sh
        printf '%s\\n' "JAVA_HOME=$JAVA_HOME" "MAVEN_OPTS=$MAVEN_OPTS" "$@" > mvnw.log
        : > loopwatch-app/target/loopwatch.jar
        """);
    return checkout;
  }

  private static void executable(Path path, String text) throws IOException {
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs the script with exactly the given environment, from an unrelated working directory. */
  private Run run(Path script, Map<String, String> environment, List<String> arguments)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(arguments);
    Path out = temp.resolve("stdout.txt");
    Path err = temp.resolve("stderr.txt");
    Path workingDirectory = Files.createDirectories(temp.resolve("elsewhere"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(new TreeMap<>(environment));
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("launcher did not finish: " + command);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String stdout, String stderr) {}
}
