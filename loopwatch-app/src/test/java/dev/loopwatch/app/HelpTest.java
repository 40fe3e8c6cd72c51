package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly (picocli warns on stderr about bad format strings) and lists
 * exit codes.
 */
class HelpTest {
  @Test
  void usage_everyCommand_rendersWithoutWarningsAndListsExitCodes() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      CommandLine root = Main.commandLine();
      assertThat(root.getUsageMessage()).contains("Exit codes:");
      for (Map.Entry<String, CommandLine> command : root.getSubcommands().entrySet()) {
        assertThat(command.getValue().getUsageMessage())
            .as(command.getKey())
            .contains("Usage: loopwatch " + command.getKey())
            .contains("Exit codes:");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
