package dev.loopwatch.app.cli;

import dev.loopwatch.core.progress.Progress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;

/** Progress bars on the command's stderr, drawn only when stderr is a terminal. */
public final class Terminal {
  private Terminal() {}

  /** A progress bar labelled {@code label}, counting {@code unit}. */
  public static Progress progress(PrintWriter err, String label, String unit) {
    boolean enabled = Progress.stderrIsTerminal();
    PrintStream stream =
        new PrintStream(new WriterOutputStream(err), true, java.nio.charset.StandardCharsets.UTF_8);
    return Progress.start(stream, enabled, label, 0, unit);
  }

  /** Bridges a PrintStream onto a Writer for text output. */
  private static final class WriterOutputStream extends java.io.OutputStream {
    private final Writer writer;

    WriterOutputStream(Writer writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      writer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
      writer.write(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws java.io.IOException {
      writer.flush();
    }
  }
}
