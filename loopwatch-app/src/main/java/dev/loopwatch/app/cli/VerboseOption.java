package dev.loopwatch.app.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose} for commands without the store: stack traces with errors ({@code Main} reads it
 * from the arguments).
 */
public final class VerboseOption {
  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  /** Whether {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }
}
