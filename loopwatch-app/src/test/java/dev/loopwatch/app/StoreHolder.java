package dev.loopwatch.app;

import dev.loopwatch.core.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A second process holding a store open, read-only or read-write, until its stdin closes; prints
 * {@code open} once it holds it.
 */
final class StoreHolder {
  private StoreHolder() {}

  /** {@code StoreHolder read-only|read-write PATH}. */
  public static void main(String[] args) throws IOException {
    Path path = Path.of(args[1]);
    try (Store store =
        args[0].equals("read-only")
            ? Store.openReadOnly(path, List.of())
            : Store.open(path, List.of())) {
      System.out.println("open " + store.path());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Holds the store until the test closes stdin.
      }
    }
  }
}
