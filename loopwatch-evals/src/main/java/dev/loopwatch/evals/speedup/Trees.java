package dev.loopwatch.evals.speedup;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** File-tree helpers: copies, content hashes, editable-glob matching, deletion. */
final class Trees {
  private Trees() {}

  /**
   * Copies what a task's data generator may need into {@code target}: every entry of the task
   * folder except {@code task.toml}, the baseline, the reference and entries whose names {@code
   * target} already holds.
   */
  static void copyGeneratorFiles(TaskSpec task, Path target) {
    try (Stream<Path> entries = Files.list(task.folder())) {
      Files.createDirectories(target);
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        boolean skip =
            name.equals(TaskSpec.FILE_NAME)
                || entry.equals(task.baseline())
                || task.reference().filter(entry::equals).isPresent()
                || Files.exists(target.resolve(name), LinkOption.NOFOLLOW_LINKS);
        if (skip) {
          continue;
        }
        if (Files.isDirectory(entry)) {
          copy(entry, target.resolve(name));
        } else {
          Files.copy(entry, target.resolve(name));
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot copy the data generator of " + task.folder() + ": " + e.getMessage(), e);
    }
  }

  /** Copies {@code source} into the (new or empty) folder {@code target}, keeping file modes. */
  static void copy(Path source, Path target) {
    try {
      Files.createDirectories(target);
      Files.walkFileTree(
          source,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Files.createDirectories(target.resolve(source.relativize(dir).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.copy(
                  file,
                  target.resolve(source.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES,
                  StandardCopyOption.REPLACE_EXISTING,
                  LinkOption.NOFOLLOW_LINKS);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 of every regular file below {@code root}, by relative path with '/' separators. */
  static SortedMap<String, String> hashes(Path root) {
    SortedMap<String, String> result = new TreeMap<>();
    for (Path file : files(root)) {
      result.put(relative(root, file), sha256(file));
    }
    return result;
  }

  /** Regular files below {@code root}, sorted. */
  static List<Path> files(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot list " + root + ": " + e.getMessage(), e);
    }
  }

  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** Matches relative paths against the task's editable globs ({@code glob:} syntax). */
  static final class Editable {
    private final List<PathMatcher> matchers = new ArrayList<>();

    Editable(List<String> globs) {
      for (String glob : globs) {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
      }
    }

    boolean matches(String relativePath) {
      Path path = Path.of(relativePath);
      return matchers.stream().anyMatch(matcher -> matcher.matches(path));
    }
  }

  /** Makes every protected (non-editable) file below {@code root} read-only. */
  static void protect(Path root, Editable editable) {
    for (Path file : files(root)) {
      if (!editable.matches(relative(root, file))) {
        if (!file.toFile().setWritable(false, false)) {
          throw new UncheckedIOException(new IOException("cannot make " + file + " read-only"));
        }
      }
    }
  }

  /** The hashes of the protected files only. */
  static SortedMap<String, String> protectedHashes(Path root, Editable editable) {
    SortedMap<String, String> result = new TreeMap<>();
    hashes(root)
        .forEach((path, hash) -> {
          if (!editable.matches(path)) {
            result.put(path, hash);
          }
        });
    return result;
  }

  /**
   * Takes a tree back from the sandbox uid after a build: owned by the harness's user again (when
   * that is root) and its top folder private ({@code 0700}).
   */
  static void reclaim(Path root) {
    try {
      if (Sandbox.root()) {
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path path : walk.toList()) {
            Files.setAttribute(path, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
          }
        }
      }
      Files.setPosixFilePermissions(
          root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw LoopwatchException.external("cannot take back " + root + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a tree, best effort (read-only files included). */
  static void delete(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        path.toFile().setWritable(true, true);
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Left behind in the temporary folder; not worth failing a grading over.
    }
  }
}
