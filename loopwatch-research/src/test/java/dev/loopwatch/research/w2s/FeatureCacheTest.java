package dev.loopwatch.research.w2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.research.task.W2sTaskSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
  @TempDir Path cache;

  @Test
  void writeThenRead_realFeatures_roundTripExactly() {
    StrongFeatures features = SpamTask.experiment().features();
    Path file = FeatureCache.file(cache, W2sTaskSpec.builtIn("w2s-spam"));
    FeatureCache.write(file, features);
    StrongFeatures read = FeatureCache.read(file).orElseThrow();
    assertThat(read.tfidf().vocabulary()).isEqualTo(features.tfidf().vocabulary());
    assertThat(read.tfidf().matrix().rowStart()).isEqualTo(features.tfidf().matrix().rowStart());
    assertThat(read.tfidf().matrix().column()).isEqualTo(features.tfidf().matrix().column());
    assertThat(read.tfidf().matrix().value()).isEqualTo(features.tfidf().matrix().value());
    assertThat(read.strong()).isDeepEqualTo(features.strong());
  }

  @Test
  void read_corruptedFile_isIgnored() throws IOException {
    StrongFeatures features = SpamTask.experiment().features();
    Path file = FeatureCache.file(cache, W2sTaskSpec.builtIn("w2s-spam"));
    FeatureCache.write(file, features);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThat(FeatureCache.read(file)).isEqualTo(Optional.empty());
  }

  @Test
  void file_otherModelParameters_otherKey() {
    W2sTaskSpec task = W2sTaskSpec.builtIn("w2s-spam");
    W2sTaskSpec other =
        new W2sTaskSpec(
            task.id(),
            task.description(),
            task.source(),
            task.dataset(),
            task.splits(),
            new dev.loopwatch.research.task.ModelSpec(
                task.model().maxTerms(),
                task.model().minDf(),
                50,
                task.model().svdPowerIterations(),
                task.model().svdSeed(),
                task.model().studentC(),
                task.model().weakWords(),
                task.model().weakC()),
            task.seeds(),
            task.baselines(),
            task.dev());
    assertThat(FeatureCache.file(cache, other)).isNotEqualTo(FeatureCache.file(cache, task));
    // The splits and seeds do not change the features, so they share the file.
    assertThat(FeatureCache.file(cache, task).getFileName().toString()).endsWith(".bin");
  }
}
