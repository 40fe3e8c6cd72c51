package dev.loopwatch.retro.review.analyzers;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.io.FileTrees;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewRequest;
import dev.loopwatch.retro.review.Reviewer;
import edu.umd.cs.findbugs.BugCollectionBugReporter;
import edu.umd.cs.findbugs.BugInstance;
import edu.umd.cs.findbugs.DetectorFactoryCollection;
import edu.umd.cs.findbugs.FindBugs;
import edu.umd.cs.findbugs.FindBugs2;
import edu.umd.cs.findbugs.Priorities;
import edu.umd.cs.findbugs.Project;
import edu.umd.cs.findbugs.SourceLineAnnotation;
import edu.umd.cs.findbugs.config.UserPreferences;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SpotBugs as a reviewer: compiles the change's {@code .java} files with the JDK's in-process
 * compiler ({@link JavaSources}), runs SpotBugs in-process ({@link FindBugs2}) on the classes
 * compiled from those files, with every other compiled class and the worktree's {@code lib/*.jar}
 * as the auxiliary classpath, and reports the bugs whose primary source lines overlap a line the
 * change added or modified.
 *
 * <p>SpotBugs runs at its default effort with the default detectors and reports medium and high
 * confidence bugs (the SpotBugs Maven plugin's default threshold). Each finding's message is {@code
 * BUG_PATTERN: message}; its severity comes from the bug rank: 1-9 (scariest, scary) {@code error},
 * 10-14 (troubling) {@code warning}, 15-20 (of concern) {@code info}. Bugs without source lines
 * (some class-level patterns) cannot be placed on the change and are left out. A change that does
 * not compile, or a SpotBugs error, makes the review {@link ReviewOutcome.Failed}. Runs are
 * serialised, since the SpotBugs engine keeps per-JVM state.
 */
public final class SpotBugsReviewer implements Reviewer {
  private static final ReentrantLock ENGINE = new ReentrantLock();

  private final Path tempParent;

  private SpotBugsReviewer(Path tempParent) {
    this.tempParent = tempParent;
  }

  /** A reviewer that compiles into folders under the system temporary folder. */
  public static SpotBugsReviewer create() {
    return new SpotBugsReviewer(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A reviewer that compiles into temporary folders under {@code tempParent}. */
  public static SpotBugsReviewer create(Path tempParent) {
    return new SpotBugsReviewer(
        requireNonNull(tempParent, "tempParent is null").toAbsolutePath().normalize());
  }

  @Override
  public String name() {
    return "spotbugs";
  }

  @Override
  public ReviewOutcome review(ReviewRequest request) {
    requireNonNull(request, "request is null");
    long start = System.nanoTime();
    List<String> files = ChangedJava.files(request);
    if (files.isEmpty()) {
      return new ReviewOutcome.NotApplicable(
          ChangedJava.NOT_APPLICABLE, elapsed(start), Optional.empty());
    }
    Path work;
    try {
      Files.createDirectories(tempParent);
      work = Files.createTempDirectory(tempParent, "loopwatch-spotbugs-");
    } catch (IOException e) {
      return new ReviewOutcome.Failed(
          "cannot create a temporary folder under " + tempParent + ": " + e.getMessage(),
          elapsed(start),
          Optional.empty());
    }
    try {
      JavaSources.Compiled compiled = JavaSources.compile(request.worktree(), files, work);
      List<Finding> findings = analyse(request, compiled);
      return new ReviewOutcome.Reviewed(findings, elapsed(start), Optional.empty());
    } catch (JavaSources.CompileFailure e) {
      return new ReviewOutcome.Failed(e.getMessage(), elapsed(start), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ReviewOutcome.Failed("SpotBugs was interrupted", elapsed(start), Optional.empty());
    } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
      return new ReviewOutcome.Failed(
          "SpotBugs failed: " + ChangedJava.describe(e), elapsed(start), Optional.empty());
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  private static List<Finding> analyse(ReviewRequest request, JavaSources.Compiled compiled)
      throws IOException, InterruptedException {
    StringWriter log = new StringWriter();
    List<BugInstance> bugs = new ArrayList<>();
    ENGINE.lock();
    try (Project project = new Project();
        PrintWriter writer = new PrintWriter(log)) {
      project.addFile(compiled.changedClasses().toString());
      project.addAuxClasspathEntry(compiled.otherClasses().toString());
      for (Path jar : compiled.jars()) {
        project.addAuxClasspathEntry(jar.toString());
      }
      BugCollectionBugReporter reporter = new BugCollectionBugReporter(project, writer);
      reporter.setPriorityThreshold(Priorities.NORMAL_PRIORITY);
      try (FindBugs2 engine = new FindBugs2()) {
        engine.setBugReporter(reporter);
        engine.setProject(project);
        engine.setDetectorFactoryCollection(DetectorFactoryCollection.instance());
        engine.setUserPreferences(UserPreferences.createDefaultUserPreferences());
        engine.setAnalysisFeatureSettings(FindBugs.DEFAULT_EFFORT);
        engine.setNoClassOk(true);
        engine.finishSettings();
        engine.execute();
        if (engine.getErrorCount() > 0) {
          throw new IllegalStateException(
              ChangedJava.firstLine(log.toString(), engine.getErrorCount() + " analysis errors"));
        }
      }
      bugs.addAll(reporter.getBugCollection().getCollection());
    } finally {
      ENGINE.unlock();
    }
    List<Finding> findings = new ArrayList<>();
    for (BugInstance bug : bugs) {
      SourceLineAnnotation line = bug.getPrimarySourceLineAnnotation();
      Optional<String> file = Optional.ofNullable(compiled.sources().get(line.getSourcePath()));
      int begin = line.getStartLine();
      if (file.isEmpty() || begin < 1) {
        continue;
      }
      int end = Math.max(begin, line.getEndLine());
      if (!ChangedJava.touchesChange(request, file.get(), begin, end)) {
        continue;
      }
      findings.add(
          new Finding(
              file.get(),
              begin,
              end,
              bug.getType() + ": " + bug.getMessageWithoutPrefix(),
              severity(bug.getBugRank())));
    }
    findings.sort(ChangedJava.ORDER);
    return List.copyOf(findings);
  }

  /** The severity word for a SpotBugs bug rank (1 scariest to 20). */
  static String severity(int rank) {
    if (rank <= 9) {
      return "error";
    }
    return rank <= 14 ? "warning" : "info";
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
