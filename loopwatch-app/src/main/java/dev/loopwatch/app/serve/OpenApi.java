package dev.loopwatch.app.serve;

import java.io.IOException;
import java.io.InputStream;

/**
 * The API's OpenAPI 3.1 document, kept by hand in {@code openapi.json} next to this class; a
 * contract test checks every route in it against the live server and every API route of the server
 * against it.
 */
final class OpenApi {
  private static final String RESOURCE = "/dev/loopwatch/app/serve/openapi.json";
  private static final byte[] DOCUMENT = read();

  private OpenApi() {}

  /** The document's bytes (UTF-8 JSON). */
  static byte[] document() {
    return DOCUMENT.clone();
  }

  private static byte[] read() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }
}
