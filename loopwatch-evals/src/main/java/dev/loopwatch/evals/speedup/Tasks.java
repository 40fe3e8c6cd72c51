package dev.loopwatch.evals.speedup;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds a task: a task folder, or a built-in task extracted from this module's resources. */
public final class Tasks {
  /** Where the built-in tasks live on the class path. */
  static final String RESOURCE_ROOT = "dev/loopwatch/evals/tasks/";

  /** Built-in tasks extracted by this process and not yet released. */
  private static final java.util.Set<Path> EXTRACTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> EXTRACTED.forEach(Trees::delete)));
  }

  private Tasks() {}

  /**
   * Deletes the extracted copy of a built-in task (reference included) once the caller is done with
   * it; does nothing for a task folder the user gave. Extracted copies left at exit are deleted
   * then.
   */
  public static void release(TaskSpec task) {
    if (EXTRACTED.remove(task.folder())) {
      Trees.delete(task.folder());
    }
  }

  /**
   * Resolves {@code name}: an existing folder holding a {@code task.toml}, or the name of a
   * built-in task (e.g. {@code tiny-lm}), extracted to a new private temporary folder that {@link
   * #release} deletes.
   */
  public static TaskSpec resolve(String name) {
    Path path = Path.of(name);
    if (Files.isDirectory(path)) {
      return TaskSpec.load(path);
    }
    if (name.matches("[a-z0-9][a-z0-9-]*")) {
      URL url = Tasks.class.getClassLoader().getResource(RESOURCE_ROOT + name + "/task.toml");
      if (url != null) {
        Path folder = extract(name, url).toAbsolutePath().normalize();
        EXTRACTED.add(folder);
        return TaskSpec.load(folder);
      }
    }
    throw LoopwatchException.userInput(
        name + ": not a task folder and not a built-in task (built-in: tiny-lm, once installed)");
  }

  private static Path extract(String name, URL taskFile) {
    try {
      Path target = Files.createTempDirectory("loopwatch-task-" + name + "-");
      URI uri = taskFile.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem jar;
        boolean opened = false;
        try {
          jar = FileSystems.newFileSystem(uri, Map.of());
          opened = true;
        } catch (FileSystemAlreadyExistsException e) {
          jar = FileSystems.getFileSystem(uri);
        }
        try {
          copyTree(jar.getPath("/" + RESOURCE_ROOT + name), target);
        } finally {
          if (opened) {
            jar.close();
          }
        }
      } else {
        copyTree(Path.of(uri).getParent(), target);
      }
      return target;
    } catch (IOException | URISyntaxException e) {
      throw LoopwatchException.external(
          "cannot extract the built-in task " + name + ": " + e.getMessage(), e);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(source)) {
      paths = walk.sorted().toList();
    }
    for (Path path : paths) {
      Path destination = target.resolve(source.relativize(path).toString());
      if (Files.isDirectory(path)) {
        Files.createDirectories(destination);
      } else {
        try (InputStream in = Files.newInputStream(path)) {
          Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        if (destination.getFileName().toString().endsWith(".sh")) {
          destination.toFile().setExecutable(true, false);
        }
      }
    }
  }
}
