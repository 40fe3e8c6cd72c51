package dev.loopwatch.app;

import dev.loopwatch.app.ledger.LedgerCommand;
import dev.loopwatch.app.provenance.ProvenanceCommand;
import dev.loopwatch.app.provenance.ReportCommand;
import dev.loopwatch.app.provenance.ScanCommand;
import dev.loopwatch.app.sessions.SessionsCommand;
import dev.loopwatch.app.szz.SzzCommand;
import dev.loopwatch.app.trends.HorizonCommand;
import dev.loopwatch.app.trends.IndexCommand;
import dev.loopwatch.app.trends.TrendCommand;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code loopwatch} command: subcommands per capability, and the one place errors become exit
 * codes.
 */
@Command(
    name = "loopwatch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Measures, evaluates and verifies AI that builds AI.",
    subcommands = {
      ScanCommand.class,
      ProvenanceCommand.class,
      ReportCommand.class,
      SessionsCommand.class,
      SzzCommand.class,
      dev.loopwatch.app.retro.RetroCommand.class,
      HorizonCommand.class,
      TrendCommand.class,
      IndexCommand.class,
      LedgerCommand.class,
      dev.loopwatch.app.speedup.SpeedupCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a check found violations",
      "2:usage or input error",
      "3:internal or external failure"
    })
public final class Main implements Runnable {
  /** Exit code for success. */
  public static final int OK = 0;

  /** Exit code when a check found violations. */
  public static final int VIOLATIONS = 1;

  /** Exit code for a usage or input error. */
  public static final int USAGE = 2;

  /** Exit code for an internal or external failure. */
  public static final int FAILURE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // Server warnings (java.util.logging, e.g. an unreachable witness) as one line on stderr.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "loopwatch: %4$s: %5$s%6$s%n");
    }
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Error error) {
      // An Error (e.g. OutOfMemoryError) escapes picocli's handlers: an internal failure, never 1.
      System.err.println("loopwatch: internal error: " + error);
      code = FAILURE;
    }
    System.exit(code);
  }

  /** The configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExitCodeExceptionMapper(Main::exitCode);
    commandLine.setParameterExceptionHandler((exception, args) -> {
      PrintWriter err = exception.getCommandLine().getErr();
      err.println("loopwatch: " + exception.getMessage());
      err.println(
          "Try '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return USAGE;
    });
    commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
      PrintWriter err = cl.getErr();
      // --verbose where the command has it; LOOPWATCH_VERBOSE=1 works for every command.
      boolean verbose =
          parseResult.originalArgs().contains("--verbose")
              || "1".equals(System.getenv("LOOPWATCH_VERBOSE"));
      if (exception instanceof LoopwatchException loopwatch) {
        err.println("loopwatch: " + loopwatch.getMessage());
      } else if (exception instanceof IllegalArgumentException illegal) {
        err.println("loopwatch: " + illegal.getMessage());
      } else {
        err.println("loopwatch: internal error: " + exception);
      }
      if (verbose) {
        exception.printStackTrace(err);
      } else if (!(exception instanceof LoopwatchException)
          && !(exception instanceof IllegalArgumentException)) {
        boolean hasOption = cl.getCommandSpec().findOption("--verbose") != null;
        err.println(
            hasOption
                ? "(run with --verbose for the stack trace)"
                : "(set LOOPWATCH_VERBOSE=1 for the stack trace)");
      }
      err.flush();
      return exitCode(exception);
    });
    return commandLine;
  }

  private static int exitCode(Throwable exception) {
    if (exception instanceof LoopwatchException loopwatch) {
      return switch (loopwatch.kind()) {
        case USER_INPUT -> USAGE;
        case EXTERNAL, INTERNAL -> FAILURE;
      };
    }
    if (exception instanceof IllegalArgumentException) {
      return USAGE;
    }
    return FAILURE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"loopwatch " + (version == null ? "development build" : version)};
    }
  }
}
