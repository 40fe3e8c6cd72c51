package dev.loopwatch.core.config;

import java.nio.file.Path;

/**
 * The user's home folder: {@code $HOME} when set (as shells mean by {@code ~}), else the JVM's
 * {@code user.home}.
 */
public final class UserHome {
  private UserHome() {}

  /** The home folder. */
  public static Path path() {
    String home = System.getenv("HOME");
    return home != null && !home.isBlank()
        ? Path.of(home)
        : Path.of(System.getProperty("user.home"));
  }
}
