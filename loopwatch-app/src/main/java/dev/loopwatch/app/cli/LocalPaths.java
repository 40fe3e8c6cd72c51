package dev.loopwatch.app.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Converts command-line values to local paths, refusing URLs: {@code Path.of("https://host/x")} is
 * a valid relative path on Unix, so without this check a URL given as a repository ends as a
 * confusing "no such file or folder".
 */
public final class LocalPaths implements CommandLine.ITypeConverter<Path> {
  /**
   * A scheme URL ({@code https://}, {@code ssh://}, {@code file://}) or scp-like {@code git@host:}.
   */
  private static final Pattern URL =
      Pattern.compile("(?i)^(?:[a-z][a-z0-9+.-]*://|[a-z0-9._-]+@[a-z0-9.-]+:).*");

  /** Whether {@code value} is a URL rather than a local path. */
  public static boolean isUrl(String value) {
    return URL.matcher(value).matches();
  }

  @Override
  public Path convert(String value) {
    if (isUrl(value)) {
      throw new UrlGiven(value);
    }
    return Path.of(value);
  }

  /** A URL where a local path was expected; {@code Main} turns it into one line and exit 2. */
  public static final class UrlGiven extends CommandLine.TypeConversionException {
    private static final long serialVersionUID = 1L;

    private final String url;

    UrlGiven(String url) {
      super(url + " is a URL, not a local path");
      this.url = url;
    }

    /** The URL given. */
    public String url() {
      return url;
    }
  }
}
