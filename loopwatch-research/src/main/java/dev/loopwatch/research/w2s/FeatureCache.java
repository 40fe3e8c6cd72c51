package dev.loopwatch.research.w2s;

import dev.loopwatch.research.task.DatasetCache;
import dev.loopwatch.research.task.W2sTaskSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Fitted representations kept in the Loopwatch cache ({@code <cache>/w2s-features/<key>.bin}), so
 * that only the first run of a task pays for TF-IDF and the SVD (about 18 s on 2 cores). The key is
 * the SHA-256 of the format version, the dataset's pinned SHA-256, the body cut and every model
 * parameter the features depend on; the file ends with the SHA-256 of its content, checked on read.
 * A missing, truncated or corrupted file is simply fitted again and rewritten (atomically).
 *
 * <p>The key cannot see code: bump {@code VERSION} whenever {@link Tokens}, {@link TfIdf} or {@link
 * RandomizedSvd} change what they compute, or old features would be read back.
 */
final class FeatureCache {
  private static final String VERSION = "w2s-features-v1";
  private static final System.Logger LOG = System.getLogger(FeatureCache.class.getName());

  private FeatureCache() {}

  /** The cache file for {@code task}'s representations under {@code root}. */
  static Path file(Path root, W2sTaskSpec task) {
    String key =
        String.join(
            "|",
            VERSION,
            task.dataset().sha256(),
            Integer.toString(task.dataset().bodyMaxChars()),
            Integer.toString(task.model().maxTerms()),
            Integer.toString(task.model().minDf()),
            Integer.toString(task.model().svdDimensions()),
            Integer.toString(task.model().svdPowerIterations()),
            Long.toString(task.model().svdSeed()));
    return root.resolve("w2s-features")
        .resolve(sha256Hex(key.getBytes(StandardCharsets.UTF_8)) + ".bin");
  }

  /** The cached features, if the file exists and is intact. */
  static Optional<StrongFeatures> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < 32) {
        return Optional.empty();
      }
      byte[] payload = Arrays.copyOf(bytes, bytes.length - 32);
      byte[] stored = Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
      if (!MessageDigest.isEqual(sha256(payload), stored)) {
        LOG.log(System.Logger.Level.WARNING, "{0}: checksum mismatch; fitting again", file);
        return Optional.empty();
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
      if (!in.readUTF().equals(VERSION)) {
        return Optional.empty();
      }
      int terms = in.readInt();
      List<String> vocabulary = new ArrayList<>(terms);
      for (int j = 0; j < terms; j++) {
        vocabulary.add(in.readUTF());
      }
      int rows = in.readInt();
      int[] rowStart = ints(in, rows + 1);
      int entries = in.readInt();
      int[] column = ints(in, entries);
      double[] value = doubles(in, entries);
      int dimensions = in.readInt();
      double[][] strong = new double[rows][];
      for (int r = 0; r < rows; r++) {
        strong[r] = doubles(in, dimensions);
      }
      return Optional.of(
          new StrongFeatures(
              new TfIdf(vocabulary, new SparseRows(rows, terms, rowStart, column, value)), strong));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "{0}: unreadable ({1}); fitting again", file, e);
      return Optional.empty();
    }
  }

  /** Writes {@code features} to {@code file} (temporary file, then an atomic move); best effort. */
  static void write(Path file, StrongFeatures features) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 24);
      DataOutputStream out = new DataOutputStream(buffer);
      out.writeUTF(VERSION);
      TfIdf tfidf = features.tfidf();
      out.writeInt(tfidf.vocabulary().size());
      for (String term : tfidf.vocabulary()) {
        out.writeUTF(term);
      }
      SparseRows matrix = tfidf.matrix();
      out.writeInt(matrix.rows());
      for (int start : matrix.rowStart()) {
        out.writeInt(start);
      }
      out.writeInt(matrix.entries());
      for (int c : matrix.column()) {
        out.writeInt(c);
      }
      for (double v : matrix.value()) {
        out.writeDouble(v);
      }
      out.writeInt(features.strong()[0].length);
      for (double[] row : features.strong()) {
        for (double v : row) {
          out.writeDouble(v);
        }
      }
      out.flush();
      byte[] payload = buffer.toByteArray();
      Files.createDirectories(file.getParent());
      Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
      try {
        Files.write(partial, payload);
        Files.write(partial, sha256(payload), java.nio.file.StandardOpenOption.APPEND);
        DatasetCache.moveIntoPlace(partial, file);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot cache features in {0}: {1}", file, e);
    }
  }

  private static int[] ints(DataInputStream in, int count) throws IOException {
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = in.readInt();
    }
    return out;
  }

  private static double[] doubles(DataInputStream in, int count) throws IOException {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = in.readDouble();
    }
    return out;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }
}
