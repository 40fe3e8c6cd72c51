package dev.loopwatch.retro;

import dev.loopwatch.git.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A repository with known incidents and reviewer scripts: a bug introduced by one commit and fixed
 * later, a bug introduced inside a two-commit PR, a fix that names no commit, and an untraceable
 * fix.
 */
public final class RetroFixture {
  /** The incidents file. */
  public final Path incidents;

  /** Flags every line holding {@code BUG} in the files the change touched. */
  public final Path marker;

  /** Flags line 1 of a file the change does not touch. */
  public final Path elsewhere;

  /** Exits 1. */
  public final Path crash;

  /** Scores 3 for findings saying "suspicious", else 0. */
  public final Path judge;

  /** The repository. */
  public final TestRepo repo;

  /** The introducing commit of INC-1, and its fix. */
  public final String intro;

  /** The PR commits of INC-4: the one that wrote the bug and the PR head. */
  public final String prIntro;

  /** The PR head. */
  public final String prHead;

  private RetroFixture(Path root) throws IOException, InterruptedException {
    repo = TestRepo.init(root.resolve("repo"));
    repo.write("src/Calc.java", calc("a + b"));
    repo.commit("add calc");
    repo.write("src/Calc.java", calc("a - b; // BUG"));
    intro = repo.commit("simplify add");
    repo.write("README.md", "docs\n");
    String docs = repo.commit("docs");
    repo.write("src/Other.java", "class Other {}\n");
    String other = repo.commit("add other");
    repo.write("src/Calc.java", calc("a + b"));
    String fix = repo.commit("fix add");
    repo.write("README.md", "docs\nmore\n");
    String docs2 = repo.commit("more docs");
    repo.write("src/Pr.java", "class Pr {\n  int x;\n  int y = 0; // BUG\n  int z;\n}\n");
    prIntro = repo.commit("pr: add Pr");
    repo.write(
        "src/Pr.java",
        "// header\n// more\nclass Pr {\n  int x;\n  int y = 0; // BUG\n  int z;\n}\n");
    prHead = repo.commit("pr: header");
    repo.write(
        "src/Pr.java", "// header\n// more\nclass Pr {\n  int x;\n  int y = 1;\n  int z;\n}\n");
    String prFix = repo.commit("fix y");
    incidents = root.resolve("incidents.jsonl");
    Files.writeString(
        incidents,
        line("INC-1", fix, "sev1", "")
            + line("INC-2", "deadbeefdeadbeef", "sev2", "")
            + line("INC-3", other, "sev2", "")
            + line(
                "INC-4",
                prFix,
                "sev2",
                ", \"pr_base\": \"" + docs2 + "\", \"pr_head\": \"" + prHead + "\""));
    marker =
        script(
            root,
            "marker.sh",
            """
            printf '{"findings": ['
            sed -n 's|^+++ b/||p' "$LOOPWATCH_DIFF" | while read -r f; do
              grep -n BUG "$f" | while IFS=: read -r n rest; do
                printf '{"file": "%s", "line": %s, "message": "suspicious"}\\n' "$f" "$n"
              done
            done | paste -sd, -
            printf '], "cost_usd": 0.5}'
            """);
    elsewhere =
        script(
            root,
            "elsewhere.sh",
            "echo '{\"findings\": [{\"file\": \"NOTES.md\", \"line\": 1, \"message\": \"style"
                + " nit\"}]}'\n");
    crash = script(root, "crash.sh", "echo 'model unavailable' >&2\nexit 1\n");
    judge =
        script(
            root,
            "judge.sh",
            "case \"$(cat)\" in *suspicious*) echo '{\"score\": 3, \"reason\": \"names it\"}' ;;"
                + " *) echo '{\"score\": 0}' ;; esac\n");
    if (docs.isEmpty()) {
      throw new IllegalStateException("no docs commit");
    }
  }

  /** Builds the fixture under {@code root}. */
  public static RetroFixture create(Path root) throws IOException, InterruptedException {
    return new RetroFixture(root);
  }

  private static String calc(String body) {
    return "class Calc {\n  int add(int a, int b) {\n    return "
        + body
        + ";\n  }\n  int one() { return 1; }\n}\n";
  }

  private static String line(String id, String fix, String severity, String extra) {
    return "{\"incident_id\": \""
        + id
        + "\", \"fix_commits\": [\""
        + fix
        + "\"], \"started_at\": \"2026-02-01T00:00:00Z\", \"severity\": \""
        + severity
        + "\", \"summary\": \"wrong result\""
        + extra
        + "}\n";
  }

  private static Path script(Path root, String name, String body) throws IOException {
    Path file = root.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
