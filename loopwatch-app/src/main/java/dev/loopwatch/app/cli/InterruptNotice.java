package dev.loopwatch.app.cli;

import dev.loopwatch.core.store.Store;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says "interrupted; nothing stored" when the JVM stops (Ctrl-C, SIGTERM) before the command
 * finished. The JVM itself exits with 128 + the signal number (130 for SIGINT); every store write
 * is one transaction, so an interrupted write leaves the store as it was. A command that committed
 * steps before the signal (a scan of several repositories, one transaction each) says so. Servers,
 * whose normal stop is a signal, turn the notice off with {@link #expectStopBySignal()}.
 */
public final class InterruptNotice {
  private static final AtomicBoolean EXPECTED = new AtomicBoolean();
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private final AtomicBoolean finished = new AtomicBoolean();

  private InterruptNotice() {}

  /** Registers the notice as a shutdown hook printing on {@code err}. */
  public static InterruptNotice install(PrintStream err) {
    InterruptNotice notice = new InterruptNotice();
    Thread hook =
        new Thread(
            () -> {
              if (notice.finished.compareAndSet(false, true) && !EXPECTED.get()) {
                STOPPING.set(true);
                long stored = Store.commitsInThisProcess();
                err.println(
                    stored == 0
                        ? "loopwatch: interrupted; nothing stored"
                        : "loopwatch: interrupted; the step in progress stored nothing ("
                            + stored
                            + (stored == 1 ? " finished step was" : " finished steps were")
                            + " stored)");
                err.flush();
                // Git and reviewer processes the command started stop with it.
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
              }
            },
            "lw-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return notice;
  }

  /**
   * Whether the process is stopping on a signal: the notice is printed and the command's child
   * processes are being stopped, so their failures are the signal's doing and go unreported.
   */
  public static boolean stopping() {
    return STOPPING.get();
  }

  /** Marks the command finished, so that its own exit prints nothing. */
  public void finished() {
    finished.set(true);
  }

  /** Says that this process is a server, stopped by a signal as a matter of course: no notice. */
  public static void expectStopBySignal() {
    EXPECTED.set(true);
  }
}
