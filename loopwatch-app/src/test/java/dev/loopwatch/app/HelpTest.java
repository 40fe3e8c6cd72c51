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
      checkSubcommands(root, "loopwatch");
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static void checkSubcommands(CommandLine parent, String prefix) {
    for (Map.Entry<String, CommandLine> command : parent.getSubcommands().entrySet()) {
      String name = prefix + " " + command.getKey();
      assertThat(command.getValue().getUsageMessage())
          .as(name)
          .contains("Usage: " + name)
          .contains("Exit codes:");
      checkSubcommands(command.getValue(), name);
    }
  }
}
