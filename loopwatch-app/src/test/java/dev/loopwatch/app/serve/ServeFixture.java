package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.app.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  private ServeFixture(Path repository, Path store) {
    this.repository = repository;
    this.store = store;
  }

  /** Makes the repository in {@code folder}/repo and scans it into {@code folder}/lw.duckdb. */
  static ServeFixture create(Path folder) throws Exception {
    ServeFixture fixture = new ServeFixture(folder.resolve("repo"), folder.resolve("lw.duckdb"));
    Files.createDirectories(fixture.repository);
    fixture.git("2026-01-01T09:00:00Z", "-c", "init.defaultBranch=main", "init", "-q");
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
    git(date, "add", "-A");
    String message = ai ? subject + "\n\nCo-authored-by: Claude <noreply@anthropic.com>" : subject;
    git(date, "commit", "-q", "-m", message);
    shas.put(subject, git(date, "rev-parse", "HEAD").strip());
  }

  private String git(String date, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_NAME", "Alice",
                "GIT_AUTHOR_EMAIL", "alice@example.com",
                "GIT_COMMITTER_NAME", "Alice",
                "GIT_COMMITTER_EMAIL", "alice@example.com",
                "GIT_AUTHOR_DATE", date,
                "GIT_COMMITTER_DATE", date));
    Process process = builder.redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
