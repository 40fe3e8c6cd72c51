package dev.loopwatch.core.progress;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on stderr with count, rate and ETA. Silent unless stderr is a terminal,
 * so logs and pipes never see it. Thread-safe: workers call {@link #advance}; redraws are
 * rate-limited.
 */
public final class Progress implements AutoCloseable {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final Progress SILENT = new Progress(null, "", 0, "");

  private final PrintStream out;
  private final String label;
  private final String unit;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private volatile long total;
  private long lastDrawNanos;

  private Progress(PrintStream out, String label, long total, String unit) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.unit = unit;
  }

  /**
   * Whether stderr is a terminal. The launcher knows for sure and says so in {@code
   * LOOPWATCH_STDERR_TTY}; without it we fall back to the JDK's console check.
   */
  public static boolean stderrIsTerminal() {
    String fromLauncher = System.getenv("LOOPWATCH_STDERR_TTY");
    if (fromLauncher != null) {
      return fromLauncher.equals("1");
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    // Since JDK 22 System.console() exists even when the streams are redirected; isTerminal()
    // tells.
    try {
      return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * A bar on {@code out} if {@code enabled}, else one that draws nothing; {@code total} 0 means
   * unknown.
   */
  public static Progress start(
      PrintStream out, boolean enabled, String label, long total, String unit) {
    requireNonNull(out, "out is null");
    return enabled ? new Progress(out, label, total, unit) : SILENT;
  }

  /** A bar that draws nothing. */
  public static Progress silent() {
    return SILENT;
  }

  /** Sets the total once it becomes known. */
  public void total(long total) {
    this.total = total;
  }

  /** Records {@code n} more units done. */
  public void advance(long n) {
    long now = done.addAndGet(n);
    if (out == null) {
      return;
    }
    long nanos = System.nanoTime();
    synchronized (this) {
      if (nanos - lastDrawNanos < REDRAW_NANOS) {
        return;
      }
      lastDrawNanos = nanos;
      draw(now, nanos);
    }
  }

  /** Units done so far. */
  public long done() {
    return done.get();
  }

  private void draw(long now, long nanos) {
    double seconds = Math.max(1e-9, (nanos - startNanos) / 1e9);
    double rate = now / seconds;
    StringBuilder line = new StringBuilder("\r").append(label).append(' ');
    long knownTotal = total;
    if (knownTotal > 0) {
      int width = 24;
      int filled = (int) Math.min(width, width * now / knownTotal);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
      line.append(now).append('/').append(knownTotal);
    } else {
      line.append(now);
    }
    line.append(' ').append(unit).append(String.format(Locale.ROOT, " %.0f/s", rate));
    if (knownTotal > 0 && rate > 0 && now < knownTotal) {
      long eta = (long) ((knownTotal - now) / rate);
      line.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
    }
    line.append("\u001b[K");
    out.print(line);
    out.flush();
  }

  /** Clears the bar's line. */
  @Override
  public void close() {
    if (out == null) {
      return;
    }
    synchronized (this) {
      out.print("\r\u001b[K");
      out.flush();
    }
  }
}
