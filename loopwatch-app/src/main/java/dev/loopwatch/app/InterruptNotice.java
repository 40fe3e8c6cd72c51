package dev.loopwatch.app;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says "interrupted; nothing stored" when the JVM stops (Ctrl-C, SIGTERM) before the command
 * finished. The JVM itself exits with 128 + the signal number (130 for SIGINT); every store write
 * is one transaction, so an interrupted write leaves the store as it was.
 */
final class InterruptNotice {
  private final AtomicBoolean finished = new AtomicBoolean();

  private InterruptNotice() {}

  /** Registers the notice as a shutdown hook printing on {@code err}. */
  static InterruptNotice install(PrintStream err) {
    InterruptNotice notice = new InterruptNotice();
    Thread hook =
        new Thread(
            () -> {
              if (notice.finished.compareAndSet(false, true)) {
                err.println("loopwatch: interrupted; nothing stored");
                err.flush();
                // Git and reviewer processes the command started stop with it.
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
              }
            },
            "lw-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return notice;
  }

  /** Marks the command finished, so that its own exit prints nothing. */
  void finished() {
    finished.set(true);
  }
}
