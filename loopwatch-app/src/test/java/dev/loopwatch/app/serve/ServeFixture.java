package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.CliRun;
import dev.loopwatch.app.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * A real repository over two months (January and February 2026: in each, two changes co-authored by
 * Claude with ten lines and one human change with one line), scanned into a real store. With the
 * bundled phases.toml the ladder holds no phase in January and P1 from February.
 */
final class ServeFixture {
  /** The change subjects, in commit order, with the commit ids after {@link #create}. */
  final Map<String, String> shas = new LinkedHashMap<>();

  final Path repository;
  final Path store;
  private final GitFixture git;

  private ServeFixture(GitFixture git, Path repository, Path store) {
    this.git = git;
    this.repository = repository;
    this.store = store;
  }

  /** Makes the repository in {@code folder}/repo and scans it into {@code folder}/lw.duckdb. */
  static ServeFixture create(Path folder) throws Exception {
    ServeFixture fixture =
        new ServeFixture(
            GitFixture.init(folder.resolve("repo")),
            folder.resolve("repo"),
            folder.resolve("lw.duckdb"));
    fixture.commit("2026-01-05T10:00:00Z", "src/parser.txt", 10, "add parser", true);
    fixture.commit("2026-01-12T10:00:00Z", "README.md", 1, "tidy readme", false);
    fixture.commit("2026-01-20T10:00:00Z", "src/lexer.txt", 10, "add lexer", true);
    fixture.commit("2026-02-03T10:00:00Z", "src/printer.txt", 10, "add printer", true);
    fixture.commit("2026-02-10T10:00:00Z", "NOTES.md", 1, "note a decision", false);
    fixture.commit("2026-02-17T10:00:00Z", "src/exporter.txt", 10, "add exporter", true);
    CliRun scan =
        CliRun.run("scan", fixture.repository.toString(), "--db", fixture.store.toString());
    assertThat(scan.code()).as(scan.err()).isZero();
    return fixture;
  }

  /** Parses {@code serve} arguments and starts the server (the caller closes it). */
  static ServeCommand.Serving serve(Map<String, String> environment, String... args) {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    command.environment = environment;
    return command.start();
  }

  private void commit(String date, String path, int lines, String subject, boolean ai)
      throws Exception {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      content.append(subject).append(" line ").append(i).append('\n');
    }
    Path file = repository.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    git.gitAt(date, "add", "-A");
    String message = ai ? subject + "\n\nCo-authored-by: Claude <noreply@anthropic.com>" : subject;
    git.gitAt(date, "commit", "-q", "-m", message);
    shas.put(subject, git.gitAt(date, "rev-parse", "HEAD").strip());
  }
}
