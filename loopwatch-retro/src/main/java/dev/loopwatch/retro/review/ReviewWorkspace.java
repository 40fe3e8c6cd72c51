package dev.loopwatch.retro.review;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.repo.Git;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A change reconstructed as it stood at review time: a fresh, self-contained git repository in a
 * temporary folder holding exactly two commits, the base tree and the change on top of it, checked
 * out at the change.
 *
 * <p>The objects of the two trees are copied with {@code git rev-list --objects | git pack-objects}
 * straight into the new repository's pack folder (no clone, no alternates, no remotes), so nothing
 * after the change (the fix, the incident, later refs) is reachable or even present. The two
 * commits keep the original author, committer and message headers (signatures dropped) and the
 * original trees, byte for byte: binary files, symlinks and executable bits are exactly as they
 * were. Submodule entries (gitlinks) stay in the trees but their commits are not copied; checkout
 * leaves them as empty folders.
 *
 * <p>The diff and the added lines are computed in the source repository with {@code git diff -M
 * base head}, so the reviewer sees exactly what {@code git} would show for the change.
 */
public final class ReviewWorkspace implements AutoCloseable {
  private final Path directory;
  private final ReviewRequest request;
  private boolean closed;

  private ReviewWorkspace(Path directory, ReviewRequest request) {
    this.directory = directory;
    this.request = request;
  }

  /**
   * Reconstructs the change {@code base..head} of {@code source} in a new temporary folder under
   * {@code tempParent}.
   *
   * @param source the repository the change comes from
   * @param base the commit the change applies to (the parent of head, or a PR's merge base: any
   *     ancestor of head)
   * @param head the change's commit
   * @param tempParent the folder the temporary repository is created in
   * @throws LoopwatchException USER_INPUT naming the commit if either is unknown (or cut off by a
   *     shallow clone) or base is not an ancestor of head; EXTERNAL if git or the file system fails
   */
  public static ReviewWorkspace create(Git source, String base, String head, Path tempParent) {
    requireNonNull(source, "source is null");
    requireNonNull(base, "base is null");
    requireNonNull(head, "head is null");
    requireNonNull(tempParent, "tempParent is null");
    String baseId = resolve(source, base);
    String headId = resolve(source, head);
    Git.Result ancestor = source.tryRun(List.of("merge-base", "--is-ancestor", baseId, headId));
    if (ancestor.exitCode() == 1) {
      throw LoopwatchException.userInput(
          source.topLevel() + ": base " + base + " is not an ancestor of head " + head);
    }
    if (ancestor.exitCode() != 0) {
      throw source.failure(
          List.of("merge-base", "--is-ancestor"), ancestor.exitCode(), ancestor.stderr());
    }
    String diff =
        source.run(
            List.of(
                "diff",
                "-M",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                baseId,
                headId,
                "--"));
    SortedMap<String, RangeSet> addedLines = AddedLines.parse(diff);

    Path directory;
    Path parent = tempParent.toAbsolutePath().normalize();
    try {
      Files.createDirectories(parent);
      directory = Files.createTempDirectory(parent, "loopwatch-review-");
    } catch (IOException e) {
      throw LoopwatchException.external(
          parent + ": cannot create a temporary folder: " + e.getMessage(), e);
    }
    try {
      build(source, baseId, headId, directory);
      return new ReviewWorkspace(
          directory, new ReviewRequest(directory, baseId, headId, diff, addedLines));
    } catch (RuntimeException e) {
      try {
        delete(directory);
      } catch (LoopwatchException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The review request for this change: the checkout, the original ids, the diff, added lines. */
  public ReviewRequest request() {
    return request;
  }

  /** The temporary repository's folder (the checkout of the change). */
  public Path directory() {
    return directory;
  }

  /**
   * Deletes the temporary repository, read-only files included. Closing twice does nothing.
   *
   * @throws LoopwatchException EXTERNAL if a file cannot be deleted
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    delete(directory);
    closed = true;
  }

  private static String resolve(Git source, String revision) {
    return source
        .resolveCommit(revision)
        .orElseThrow(() -> {
          boolean shallow =
              source
                  .tryRun(List.of("rev-parse", "--is-shallow-repository"))
                  .stdout()
                  .strip()
                  .equals("true");
          return LoopwatchException.userInput(
              source.topLevel()
                  + ": unknown commit "
                  + revision
                  + (shallow
                      ? " (the repository is a shallow clone; fetch more history with git fetch --unshallow)"
                      : ""));
        });
  }

  private static void build(Git source, String baseId, String headId, Path directory) {
    source.run(List.of("-c", "init.defaultBranch=main", "init", "-q", directory.toString()));
    Git target = Git.open(directory);
    String objects =
        source.run(List.of("rev-list", "--objects", baseId + "^{tree}", headId + "^{tree}"));
    source.runWithInput(
        List.of("pack-objects", "-q", directory.resolve(".git/objects/pack/pack").toString()),
        Map.of(),
        objects.getBytes(StandardCharsets.UTF_8));
    String baseCommit = copyCommit(source, target, baseId, null);
    String headCommit = copyCommit(source, target, headId, baseCommit);
    target.run(List.of("update-ref", "-m", "review: " + headId, "refs/heads/main", headCommit));
    target.run(List.of("symbolic-ref", "HEAD", "refs/heads/main"));
    target.run(List.of("read-tree", "--reset", "-u", "HEAD"));
  }

  /**
   * Writes a copy of commit {@code id} into {@code target} with {@code parent} (or none), keeping
   * its tree, author, committer, encoding and message; signatures and other headers are dropped.
   */
  private static String copyCommit(Git source, Git target, String id, String parent) {
    byte[] raw = readAll(source, List.of("cat-file", "commit", id));
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
    int position = 0;
    while (position < raw.length && raw[position] != '\n') {
      int end = position;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      String start =
          new String(raw, position, Math.min(end - position, 10), StandardCharsets.UTF_8);
      if (start.startsWith("tree ")) {
        out.write(raw, position, end - position);
        out.write('\n');
        if (parent != null) {
          byte[] line = ("parent " + parent + "\n").getBytes(StandardCharsets.US_ASCII);
          out.write(line, 0, line.length);
        }
      } else if (start.startsWith("author ")
          || start.startsWith("committer ")
          || start.startsWith("encoding ")) {
        out.write(raw, position, end - position);
        out.write('\n');
      }
      position = end + 1;
    }
    if (position < raw.length) {
      out.write(raw, position, raw.length - position);
    } else {
      out.write('\n');
    }
    return new String(
            target.runWithInput(
                List.of("hash-object", "-t", "commit", "-w", "--stdin"),
                Map.of(),
                out.toByteArray()),
            StandardCharsets.UTF_8)
        .strip();
  }

  private static byte[] readAll(Git git, List<String> args) {
    try (ChildProcess child = git.start(args)) {
      byte[] bytes;
      try (InputStream in = child.stdout()) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw LoopwatchException.external(
            "reading output of git " + String.join(" ", args) + ": " + e.getMessage(), e);
      }
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
      return bytes;
    }
  }

  /** Deletes {@code root} and everything under it, making folders writable first. */
  static void delete(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              dir.toFile().setWritable(true, true);
              dir.toFile().setExecutable(true, true);
              dir.toFile().setReadable(true, true);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              deleteOne(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              deleteOne(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw LoopwatchException.external(
          root + ": cannot delete the review workspace: " + e.getMessage(), e);
    }
  }

  private static void deleteOne(Path path) throws IOException {
    try {
      Files.deleteIfExists(path);
    } catch (AccessDeniedException e) {
      path.toFile().setWritable(true, true);
      Files.deleteIfExists(path);
    } catch (NoSuchFileException e) {
      // already gone
    }
  }
}
