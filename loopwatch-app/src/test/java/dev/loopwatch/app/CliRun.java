package dev.loopwatch.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the real {@code loopwatch} command line in this JVM, with its exit code and output.
 *
 * @param code the exit code
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
public record CliRun(int code, String out, String err) {
  /** Runs {@code loopwatch args...}. */
  public static CliRun run(String... args) {
    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
