package dev.loopwatch.retro.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving user command lines against the caller's directory, with real scripts. */
class ShellCommandTest {
  @TempDir Path temp;

  private Path script(String name, String body) throws Exception {
    Path file = temp.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void resolve_relativeScript_runsFromAnotherDirectory() throws Exception {
    script("bin/review.sh", "echo \"ran $1\"\n");
    Path elsewhere = Files.createDirectories(temp.resolve("worktree"));

    String command = ShellCommand.resolve("./bin/review.sh --fast", temp, "--reviewer");
    ShellCommand.Result result =
        ShellCommand.run(command, elsewhere, Map.of(), "", Duration.ofSeconds(30));

    assertThat(command).isEqualTo(temp.resolve("bin/review.sh") + " --fast");
    assertThat(result).isInstanceOf(ShellCommand.Result.Exited.class);
    ShellCommand.Result.Exited exited = (ShellCommand.Result.Exited) result;
    assertThat(exited.exitCode()).isZero();
    assertThat(exited.stdout()).isEqualTo("ran --fast\n");
  }

  @Test
  void resolve_callerDirectoryWithSpace_isQuoted() throws Exception {
    Path file = script("my dir/r.sh", "echo ok\n");

    String command = ShellCommand.resolve("./r.sh", temp.resolve("my dir"), "--judge");
    ShellCommand.Result result =
        ShellCommand.run(command, temp, Map.of(), "", Duration.ofSeconds(30));

    assertThat(command).isEqualTo("'" + file + "'");
    assertThat(((ShellCommand.Result.Exited) result).stdout()).isEqualTo("ok\n");
  }

  @Test
  void resolve_bareWord_unchanged() {
    assertThat(ShellCommand.resolve("python3 review.py", temp, "--reviewer"))
        .isEqualTo("python3 review.py");
  }

  @Test
  void resolve_missingScript_throwsUserInputNamingIt() {
    assertThatThrownBy(() -> ShellCommand.resolve("./nope.sh", temp, "--reviewer"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("--reviewer ./nope.sh: no such file: " + temp.resolve("nope.sh"))
        .extracting(e -> ((LoopwatchException) e).kind())
        .isEqualTo(LoopwatchException.Kind.USER_INPUT);
  }

  @Test
  void resolve_notExecutable_throwsUserInput() throws Exception {
    Files.writeString(temp.resolve("plain.sh"), "echo\n");

    assertThatThrownBy(() -> ShellCommand.resolve("./plain.sh", temp, "--judge"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage("--judge ./plain.sh: not an executable file: " + temp.resolve("plain.sh"));
  }
}
