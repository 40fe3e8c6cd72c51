package dev.loopwatch.app;

import dev.loopwatch.app.cli.InterruptNotice;
import dev.loopwatch.app.cli.LocalPaths;
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
import java.nio.file.Path;
import java.util.Optional;
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
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch scan ~/src/service --html report.html   # AI share of merged code, into the store",
      "  loopwatch sessions --json                          # interventions and tokens per day",
      "  loopwatch speedup grade tiny-lm ./my-candidate     # faster without changing its outputs?",
      "Shared options: --db FILE (the store), --json, --html FILE, --verbose; 'loopwatch CMD -h' for more."
    },
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
      dev.loopwatch.app.speedup.SpeedupCommand.class,
      dev.loopwatch.app.research.ResearchCommand.class,
      dev.loopwatch.app.models.ModelsCommand.class,
      dev.loopwatch.app.judgment.JudgmentCommand.class,
      dev.loopwatch.app.store.ExportCommand.class,
      dev.loopwatch.app.store.ImportCommand.class,
      dev.loopwatch.app.ladder.LadderCommand.class,
      dev.loopwatch.app.serve.ServeCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a check found violations",
      "2:usage or input error",
      "3:internal or external failure"
    })
public final class Main implements Runnable {
  /** Help lines are at most this many columns wide. */
  public static final int HELP_WIDTH = 100;

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
    InterruptNotice interrupt = InterruptNotice.install(System.err);
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Error error) {
      // An Error (e.g. OutOfMemoryError) escapes picocli's handlers: an internal failure, never 1.
      System.err.println("loopwatch: internal error: " + error);
      code = FAILURE;
    }
    interrupt.finished();
    System.exit(code);
  }

  /** The configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setUsageHelpWidth(HELP_WIDTH);
    // Registered after the subcommands exist, so it applies to all of them.
    commandLine.registerConverter(Path.class, new LocalPaths());
    commandLine.setExitCodeExceptionMapper(Main::exitCode);
    commandLine.setParameterExceptionHandler((exception, args) -> {
      PrintWriter err = exception.getCommandLine().getErr();
      if (exception.getCause() instanceof LocalPaths.UrlGiven url) {
        err.println("loopwatch: " + urlMessage(url.url(), isRepository(exception.getArgSpec())));
        return USAGE;
      }
      if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
        // A URL where a variable number of paths is expected ends as an unmatched argument.
        Optional<String> url =
            unmatched.getUnmatched().stream().filter(LocalPaths::isUrl).findFirst();
        if (url.isPresent()) {
          boolean repository =
              exception.getCommandLine().getCommandSpec().positionalParameters().stream()
                  .anyMatch(p -> p.paramLabel().contains("REPO"));
          err.println("loopwatch: " + urlMessage(url.get(), repository));
          return USAGE;
        }
      }
      err.println("loopwatch: " + exception.getMessage());
      if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
        Suggestions.line(unmatched).ifPresent(err::println);
      }
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

  /** Whether {@code arg} names a git repository (a REPO parameter or {@code --repo}). */
  private static boolean isRepository(CommandLine.Model.ArgSpec arg) {
    return arg != null
        && (arg.paramLabel().contains("REPO")
            || (arg instanceof CommandLine.Model.OptionSpec option
                && option.longestName().equals("--repo")));
  }

  /** What to say when {@code url} was given where a local path is expected. */
  private static String urlMessage(String url, boolean repository) {
    return repository
        ? url + " is a URL; clone it first: git clone " + url
        : url + " is a URL; give a local file (download it first)";
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
