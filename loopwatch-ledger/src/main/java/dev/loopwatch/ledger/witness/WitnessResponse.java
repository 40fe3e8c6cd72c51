package dev.loopwatch.ledger.witness;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.ledger.note.NoteSignature;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The answer of a witness to an {@code add-checkpoint} request, with its HTTP status and body. */
public sealed interface WitnessResponse {
  /** The content type of a 409 answer, per c2sp.org/tlog-witness. */
  String SIZE_CONTENT_TYPE = "text/x.tlog.size";

  /** The plain-text content type of the other answers. */
  String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";

  /** The HTTP status code. */
  int status();

  /** The HTTP response body. */
  byte[] body();

  /** The HTTP content type. */
  default String contentType() {
    return TEXT_CONTENT_TYPE;
  }

  /**
   * 200: the checkpoint was recorded and cosigned.
   *
   * @param cosignatures the cosignature lines, by the witness key
   */
  record Cosigned(List<NoteSignature> cosignatures) implements WitnessResponse {
    /** Checks the list is present and copies it. */
    public Cosigned {
      cosignatures = List.copyOf(requireNonNull(cosignatures, "cosignatures is null"));
    }

    @Override
    public int status() {
      return 200;
    }

    @Override
    public byte[] body() {
      StringBuilder out = new StringBuilder();
      cosignatures.forEach(line -> out.append(line.line()).append('\n'));
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * 409: the old size is not the size the witness last cosigned for this origin.
   *
   * @param latestSize the size of the latest cosigned checkpoint (0 if none)
   */
  record SizeConflict(long latestSize) implements WitnessResponse {
    @Override
    public int status() {
      return 409;
    }

    @Override
    public byte[] body() {
      return (latestSize + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String contentType() {
      return SIZE_CONTENT_TYPE;
    }
  }

  /**
   * A refusal: 400 malformed request, 403 not signed by a known log key, 404 unknown origin, 422
   * inconsistent checkpoint.
   *
   * @param status the HTTP status
   * @param message the reason, one line
   */
  record Rejected(int status, String message) implements WitnessResponse {
    /** Checks the status is one a witness refuses with. */
    public Rejected {
      requireNonNull(message, "message is null");
      if (status != 400 && status != 403 && status != 404 && status != 422) {
        throw new IllegalArgumentException("not a refusal status: " + status);
      }
    }

    @Override
    public byte[] body() {
      return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }
  }
}
