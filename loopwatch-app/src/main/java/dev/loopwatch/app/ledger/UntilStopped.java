package dev.loopwatch.app.ledger;

import dev.loopwatch.app.cli.InterruptNotice;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** Keeps a server command running until the process is asked to stop (SIGINT, SIGTERM). */
public final class UntilStopped {
  private UntilStopped() {}

  /**
   * Prints {@code banner}, then blocks until shutdown; the shutdown hook closes {@code server}
   * (which finishes in-flight work) before the process exits.
   */
  public static void serve(AutoCloseable server, PrintWriter out, String banner)
      throws InterruptedException {
    InterruptNotice.expectStopBySignal();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              try {
                server.close();
              } catch (Exception e) {
                System.err.println("loopwatch: closing the server failed: " + e.getMessage());
              }
              stopped.countDown();
            }));
    out.println(banner);
    out.flush();
    stopped.await();
  }
}
