import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A character-level decoder-only transformer trained from scratch on a text corpus: the tiny-lm
 * speedup task's baseline program.
 *
 * <p>Model: token and learned positional embeddings, 2 pre-LayerNorm blocks (4-head causal
 * self-attention, MLP with 4x hidden width and tanh-GELU), a final LayerNorm and a linear head;
 * d_model 64, context 64, no biases except LayerNorm's. Training: AdamW (decoupled weight decay on
 * matrices and embeddings), linear warm-up then cosine decay, a fixed number of steps, batches of
 * windows sampled by a seeded SplitMix64. Forward and backward passes are written out by hand in
 * double precision.
 *
 * <p>This version is deliberately unoptimised: arrays of arrays allocated every step, matrix
 * products with the inner loop striding across rows, one thread. It is deterministic for a seed
 * (own PRNG, StrictMath for transcendental functions, fixed summation order).
 *
 * <p>Usage: {@code java -cp out TinyLm --seed N --data corpus.txt --out result.txt [--quick]}.
 * {@code --quick} (a few steps on a small batch) exists only for the unit tests; graded runs never
 * pass it, and the grader rejects any output whose loss curve has the wrong length.
 */
public final class TinyLm {
  // The training recipe. STEPS is part of the task: a candidate must not reduce it.
  static final int STEPS = 200;
  static final int LOG_EVERY = 10;
  static final int BATCH = 20;
  static final int EVAL_WINDOWS = 16;
  static final int QUICK_STEPS = 12;
  static final int QUICK_LOG_EVERY = 3;
  static final int QUICK_BATCH = 2;
  static final int QUICK_EVAL_WINDOWS = 4;

  static final int CONTEXT = 64;
  static final int D_MODEL = 64;
  static final int HEADS = 4;
  static final int HEAD_DIM = D_MODEL / HEADS;
  static final int LAYERS = 2;
  static final int D_FF = 4 * D_MODEL;

  static final double PEAK_LR = 3e-3;
  static final double MIN_LR = 3e-4;
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.99;
  static final double ADAM_EPS = 1e-8;
  static final double WEIGHT_DECAY = 0.01;
  static final double LN_EPS = 1e-5;
  static final double INIT_STD = 0.02;
  static final double HELD_OUT_FRACTION = 0.1;

  /** The run's size: the full recipe, or the small one used by unit tests. */
  record Settings(int steps, int logEvery, int batch, int evalWindows) {}

  public static void main(String[] args) throws IOException {
    Long seed = null;
    Path data = null;
    Path out = null;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (seed == null || data == null || out == null) {
      throw new IllegalArgumentException(
          "usage: TinyLm --seed N --data CORPUS --out RESULT [--quick]");
    }
    Settings settings =
        quick
            ? new Settings(QUICK_STEPS, QUICK_LOG_EVERY, QUICK_BATCH, QUICK_EVAL_WINDOWS)
            : new Settings(STEPS, LOG_EVERY, BATCH, EVAL_WINDOWS);
    String text = Files.readString(data, StandardCharsets.US_ASCII);
    String result = run(seed, text, settings, quick);
    Files.writeString(out, result, StandardCharsets.US_ASCII);
  }

  /** Trains a model and returns the result report. */
  static String run(long seed, String text, Settings settings, boolean quick) {
    // Vocabulary: the sorted distinct characters of the corpus.
    TreeSet<Character> chars = new TreeSet<>();
    for (int i = 0; i < text.length(); i++) {
      chars.add(text.charAt(i));
    }
    List<Character> vocab = new ArrayList<>(chars);
    int[] tokens = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      tokens[i] = vocab.indexOf(text.charAt(i));
    }
    int heldOutStart = (int) (tokens.length * (1.0 - HELD_OUT_FRACTION));
    if (heldOutStart < 2 * (CONTEXT + 1) || tokens.length - heldOutStart < 2 * (CONTEXT + 1)) {
      throw new IllegalArgumentException("corpus too small: " + tokens.length + " characters");
    }

    Rng rng = new Rng(seed);
    Model model = new Model(vocab.size(), rng);

    StringBuilder report = new StringBuilder();
    report.append("tiny-lm 1\n");
    report.append("seed ").append(seed).append('\n');
    report.append("mode ").append(quick ? "quick" : "full").append('\n');
    report.append("vocab ").append(vocab.size()).append('\n');
    report.append("params ").append(model.parameterCount()).append('\n');
    report.append("steps ").append(settings.steps()).append('\n');

    for (int step = 1; step <= settings.steps(); step++) {
      double lr = learningRate(step, settings.steps());
      for (Param p : model.params) {
        p.g = new double[p.w.length];
      }
      double lossSum = 0;
      double scale = 1.0 / (settings.batch() * CONTEXT);
      for (int b = 0; b < settings.batch(); b++) {
        int offset = rng.below(heldOutStart - CONTEXT - 1);
        int[] input = new int[CONTEXT];
        int[] target = new int[CONTEXT];
        for (int t = 0; t < CONTEXT; t++) {
          input[t] = tokens[offset + t];
          target[t] = tokens[offset + t + 1];
        }
        lossSum += model.sequence(input, target, true, scale);
      }
      double loss = lossSum * scale;
      model.adamw(step, lr);
      if (step % settings.logEvery() == 0) {
        report.append("step ").append(step).append(" loss ").append(number(loss)).append('\n');
      }
    }

    double evalSum = 0;
    int windows = settings.evalWindows();
    int span = tokens.length - heldOutStart - CONTEXT - 1;
    for (int k = 0; k < windows; k++) {
      int offset = heldOutStart + (int) ((long) span * k / (windows - 1));
      int[] input = new int[CONTEXT];
      int[] target = new int[CONTEXT];
      for (int t = 0; t < CONTEXT; t++) {
        input[t] = tokens[offset + t];
        target[t] = tokens[offset + t + 1];
      }
      evalSum += model.sequence(input, target, false, 0);
    }
    report.append("final_eval_loss ").append(number(evalSum / (windows * CONTEXT))).append('\n');

    for (Param p : model.params) {
      double l1 = 0;
      double sumsq = 0;
      double proj = 0;
      for (int i = 0; i < p.w.length; i++) {
        l1 += Math.abs(p.w[i]);
        sumsq += p.w[i] * p.w[i];
        proj += projectionSign(i) * p.w[i];
      }
      report
          .append("tensor ")
          .append(p.name)
          .append(" l1 ")
          .append(number(l1))
          .append(" sumsq ")
          .append(number(sumsq))
          .append(" proj ")
          .append(number(proj))
          .append('\n');
    }
    return report.toString();
  }

  /** A fixed pseudo-random sign for element {@code i}, for the weights' random projection. */
  static double projectionSign(int i) {
    long z = (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z & 1) == 0 ? 1.0 : -1.0;
  }

  static String number(double x) {
    return String.format(Locale.ROOT, "%.12e", x);
  }

  /** Linear warm-up over the first tenth of training, then cosine decay to MIN_LR. */
  static double learningRate(int step, int steps) {
    int warmup = Math.max(1, steps / 10);
    if (step <= warmup) {
      return PEAK_LR * step / warmup;
    }
    double progress = (double) (step - warmup) / (steps - warmup);
    return MIN_LR + 0.5 * (PEAK_LR - MIN_LR) * (1 + StrictMath.cos(Math.PI * progress));
  }

  /** SplitMix64 (Steele, Lea, Flood 2014): the program's only source of randomness. */
  static final class Rng {
    private long state;

    Rng(long seed) {
      this.state = seed;
    }

    long next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    int below(int n) {
      return (int) Long.remainderUnsigned(next(), n);
    }

    double uniform() {
      return (next() >>> 11) * 0x1.0p-53;
    }

    /** A standard normal sample by the Box-Muller transform (one of the pair is discarded). */
    double gaussian() {
      double u1 = uniform();
      double u2 = uniform();
      if (u1 < 1e-300) {
        u1 = 1e-300;
      }
      return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
  }

  /** A parameter tensor (row-major {@code rows x cols}) with its gradient and Adam moments. */
  static final class Param {
    final String name;
    final int rows;
    final int cols;
    final boolean decay;
    final double[] w;
    double[] g;
    final double[] m;
    final double[] v;

    Param(String name, int rows, int cols, boolean decay) {
      this.name = name;
      this.rows = rows;
      this.cols = cols;
      this.decay = decay;
      this.w = new double[rows * cols];
      this.g = new double[rows * cols];
      this.m = new double[rows * cols];
      this.v = new double[rows * cols];
    }

    static Param normal(String name, int rows, int cols, double std, Rng rng) {
      Param p = new Param(name, rows, cols, true);
      for (int i = 0; i < p.w.length; i++) {
        p.w[i] = std * rng.gaussian();
      }
      return p;
    }

    static Param constant(String name, int cols, double value) {
      Param p = new Param(name, 1, cols, false);
      for (int i = 0; i < p.w.length; i++) {
        p.w[i] = value;
      }
      return p;
    }
  }

  /** One transformer block's parameters. */
  static final class Block {
    final Param ln1Gain;
    final Param ln1Bias;
    final Param wq;
    final Param wk;
    final Param wv;
    final Param wo;
    final Param ln2Gain;
    final Param ln2Bias;
    final Param w1;
    final Param w2;

    Block(int index, Rng rng) {
      String prefix = "block" + index + ".";
      double residualStd = INIT_STD / Math.sqrt(2.0 * LAYERS);
      ln1Gain = Param.constant(prefix + "ln1.gain", D_MODEL, 1.0);
      ln1Bias = Param.constant(prefix + "ln1.bias", D_MODEL, 0.0);
      wq = Param.normal(prefix + "attn.wq", D_MODEL, D_MODEL, INIT_STD, rng);
      wk = Param.normal(prefix + "attn.wk", D_MODEL, D_MODEL, INIT_STD, rng);
      wv = Param.normal(prefix + "attn.wv", D_MODEL, D_MODEL, INIT_STD, rng);
      wo = Param.normal(prefix + "attn.wo", D_MODEL, D_MODEL, residualStd, rng);
      ln2Gain = Param.constant(prefix + "ln2.gain", D_MODEL, 1.0);
      ln2Bias = Param.constant(prefix + "ln2.bias", D_MODEL, 0.0);
      w1 = Param.normal(prefix + "mlp.w1", D_MODEL, D_FF, INIT_STD, rng);
      w2 = Param.normal(prefix + "mlp.w2", D_FF, D_MODEL, residualStd, rng);
    }
  }

  /** What a block's forward pass keeps for its backward pass. */
  static final class BlockCache {
    double[][] x;
    LayerNormOut ln1;
    double[][] q;
    double[][] k;
    double[][] v;
    double[][][] probs;
    double[][] heads;
    double[][] xMid;
    LayerNormOut ln2;
    double[][] hidden;
    double[][] activated;
  }

  /** A LayerNorm's output with the per-row statistics its backward pass needs. */
  record LayerNormOut(double[][] y, double[][] normalized, double[] rstd) {}

  /** The model: parameters in a fixed order, forward, backward and the optimizer step. */
  static final class Model {
    final int vocab;
    final Param tokenEmbedding;
    final Param positionEmbedding;
    final Block[] blocks = new Block[LAYERS];
    final Param lnfGain;
    final Param lnfBias;
    final Param head;
    final List<Param> params = new ArrayList<>();

    Model(int vocab, Rng rng) {
      this.vocab = vocab;
      tokenEmbedding = Param.normal("tok_emb", vocab, D_MODEL, INIT_STD, rng);
      positionEmbedding = Param.normal("pos_emb", CONTEXT, D_MODEL, INIT_STD, rng);
      params.add(tokenEmbedding);
      params.add(positionEmbedding);
      for (int l = 0; l < LAYERS; l++) {
        blocks[l] = new Block(l, rng);
        Block b = blocks[l];
        params.addAll(
            List.of(b.ln1Gain, b.ln1Bias, b.wq, b.wk, b.wv, b.wo, b.ln2Gain, b.ln2Bias, b.w1, b.w2));
      }
      lnfGain = Param.constant("lnf.gain", D_MODEL, 1.0);
      lnfBias = Param.constant("lnf.bias", D_MODEL, 0.0);
      head = Param.normal("head", D_MODEL, vocab, INIT_STD, rng);
      params.addAll(List.of(lnfGain, lnfBias, head));
    }

    long parameterCount() {
      long n = 0;
      for (Param p : params) {
        n += p.w.length;
      }
      return n;
    }

    /**
     * Runs one sequence forward, returns the summed cross-entropy over its positions and, when
     * {@code backward}, adds {@code gradScale} times the gradient of that sum to the parameters'
     * gradients.
     */
    double sequence(int[] input, int[] target, boolean backward, double gradScale) {
      int n = input.length;
      double[][] x = new double[n][D_MODEL];
      for (int t = 0; t < n; t++) {
        for (int c = 0; c < D_MODEL; c++) {
          x[t][c] =
              tokenEmbedding.w[input[t] * D_MODEL + c] + positionEmbedding.w[t * D_MODEL + c];
        }
      }
      BlockCache[] caches = new BlockCache[LAYERS];
      for (int l = 0; l < LAYERS; l++) {
        caches[l] = new BlockCache();
        x = blockForward(blocks[l], x, caches[l]);
      }
      LayerNormOut lnf = layerNorm(x, lnfGain, lnfBias);
      double[][] logits = matmul(lnf.y(), head);

      double loss = 0;
      double[][] dLogits = new double[n][vocab];
      for (int t = 0; t < n; t++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
          max = Math.max(max, logits[t][j]);
        }
        double sum = 0;
        double[] e = new double[vocab];
        for (int j = 0; j < vocab; j++) {
          e[j] = StrictMath.exp(logits[t][j] - max);
          sum += e[j];
        }
        loss += StrictMath.log(sum) + max - logits[t][target[t]];
        for (int j = 0; j < vocab; j++) {
          dLogits[t][j] = gradScale * (e[j] / sum - (j == target[t] ? 1.0 : 0.0));
        }
      }
      if (!backward) {
        return loss;
      }

      double[][] dx = matmulBackward(lnf.y(), dLogits, head);
      dx = layerNormBackward(dx, lnf, lnfGain, lnfBias);
      for (int l = LAYERS - 1; l >= 0; l--) {
        dx = blockBackward(blocks[l], dx, caches[l]);
      }
      for (int t = 0; t < n; t++) {
        for (int c = 0; c < D_MODEL; c++) {
          tokenEmbedding.g[input[t] * D_MODEL + c] += dx[t][c];
          positionEmbedding.g[t * D_MODEL + c] += dx[t][c];
        }
      }
      return loss;
    }

    double[][] blockForward(Block b, double[][] x, BlockCache cache) {
      int n = x.length;
      cache.x = x;
      cache.ln1 = layerNorm(x, b.ln1Gain, b.ln1Bias);
      cache.q = matmul(cache.ln1.y(), b.wq);
      cache.k = matmul(cache.ln1.y(), b.wk);
      cache.v = matmul(cache.ln1.y(), b.wv);
      cache.probs = new double[HEADS][n][n];
      cache.heads = new double[n][D_MODEL];
      double scale = 1.0 / Math.sqrt(HEAD_DIM);
      for (int h = 0; h < HEADS; h++) {
        int base = h * HEAD_DIM;
        for (int t = 0; t < n; t++) {
          double[] scores = new double[t + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int s = 0; s <= t; s++) {
            double dot = 0;
            for (int c = 0; c < HEAD_DIM; c++) {
              dot += cache.q[t][base + c] * cache.k[s][base + c];
            }
            scores[s] = dot * scale;
            max = Math.max(max, scores[s]);
          }
          double sum = 0;
          for (int s = 0; s <= t; s++) {
            scores[s] = StrictMath.exp(scores[s] - max);
            sum += scores[s];
          }
          for (int s = 0; s <= t; s++) {
            cache.probs[h][t][s] = scores[s] / sum;
          }
          for (int c = 0; c < HEAD_DIM; c++) {
            double acc = 0;
            for (int s = 0; s <= t; s++) {
              acc += cache.probs[h][t][s] * cache.v[s][base + c];
            }
            cache.heads[t][base + c] = acc;
          }
        }
      }
      double[][] attention = matmul(cache.heads, b.wo);
      cache.xMid = add(x, attention);
      cache.ln2 = layerNorm(cache.xMid, b.ln2Gain, b.ln2Bias);
      cache.hidden = matmul(cache.ln2.y(), b.w1);
      cache.activated = new double[n][D_FF];
      for (int t = 0; t < n; t++) {
        for (int j = 0; j < D_FF; j++) {
          cache.activated[t][j] = gelu(cache.hidden[t][j]);
        }
      }
      double[][] mlp = matmul(cache.activated, b.w2);
      return add(cache.xMid, mlp);
    }

    double[][] blockBackward(Block b, double[][] dOut, BlockCache cache) {
      int n = dOut.length;
      // MLP branch: out = xMid + gelu(ln2(xMid) W1) W2.
      double[][] dActivated = matmulBackward(cache.activated, dOut, b.w2);
      double[][] dHidden = new double[n][D_FF];
      for (int t = 0; t < n; t++) {
        for (int j = 0; j < D_FF; j++) {
          dHidden[t][j] = dActivated[t][j] * geluDerivative(cache.hidden[t][j]);
        }
      }
      double[][] dLn2 = matmulBackward(cache.ln2.y(), dHidden, b.w1);
      double[][] dXMid = add(dOut, layerNormBackward(dLn2, cache.ln2, b.ln2Gain, b.ln2Bias));

      // Attention branch: xMid = x + attention(ln1(x)) Wo.
      double[][] dHeads = matmulBackward(cache.heads, dXMid, b.wo);
      double[][] dq = new double[n][D_MODEL];
      double[][] dk = new double[n][D_MODEL];
      double[][] dv = new double[n][D_MODEL];
      double scale = 1.0 / Math.sqrt(HEAD_DIM);
      for (int h = 0; h < HEADS; h++) {
        int base = h * HEAD_DIM;
        for (int t = 0; t < n; t++) {
          double[] dProbs = new double[t + 1];
          for (int s = 0; s <= t; s++) {
            double dot = 0;
            for (int c = 0; c < HEAD_DIM; c++) {
              dot += dHeads[t][base + c] * cache.v[s][base + c];
              dv[s][base + c] += cache.probs[h][t][s] * dHeads[t][base + c];
            }
            dProbs[s] = dot;
          }
          double weighted = 0;
          for (int s = 0; s <= t; s++) {
            weighted += cache.probs[h][t][s] * dProbs[s];
          }
          for (int s = 0; s <= t; s++) {
            double dScore = cache.probs[h][t][s] * (dProbs[s] - weighted) * scale;
            for (int c = 0; c < HEAD_DIM; c++) {
              dq[t][base + c] += dScore * cache.k[s][base + c];
              dk[s][base + c] += dScore * cache.q[t][base + c];
            }
          }
        }
      }
      double[][] dLn1 = matmulBackward(cache.ln1.y(), dq, b.wq);
      dLn1 = add(dLn1, matmulBackward(cache.ln1.y(), dk, b.wk));
      dLn1 = add(dLn1, matmulBackward(cache.ln1.y(), dv, b.wv));
      return add(dXMid, layerNormBackward(dLn1, cache.ln1, b.ln1Gain, b.ln1Bias));
    }

    /** AdamW with bias correction; weight decay only on tensors marked for it. */
    void adamw(int step, double lr) {
      double correction1 = 1 - StrictMath.pow(BETA1, step);
      double correction2 = 1 - StrictMath.pow(BETA2, step);
      for (Param p : params) {
        for (int i = 0; i < p.w.length; i++) {
          double g = p.g[i];
          p.m[i] = BETA1 * p.m[i] + (1 - BETA1) * g;
          p.v[i] = BETA2 * p.v[i] + (1 - BETA2) * g * g;
          double mHat = p.m[i] / correction1;
          double vHat = p.v[i] / correction2;
          double update = mHat / (Math.sqrt(vHat) + ADAM_EPS);
          if (p.decay) {
            update += WEIGHT_DECAY * p.w[i];
          }
          p.w[i] -= lr * update;
        }
      }
    }
  }

  /** {@code x W} for x of shape n x rows(W); the inner loop walks down a column of W. */
  static double[][] matmul(double[][] x, Param p) {
    int n = x.length;
    double[][] out = new double[n][p.cols];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < p.cols; j++) {
        double acc = 0;
        for (int i = 0; i < p.rows; i++) {
          acc += x[t][i] * p.w[i * p.cols + j];
        }
        out[t][j] = acc;
      }
    }
    return out;
  }

  /** Backward of {@link #matmul}: adds {@code x^T dOut} to W's gradient and returns dOut W^T. */
  static double[][] matmulBackward(double[][] x, double[][] dOut, Param p) {
    int n = x.length;
    double[][] dx = new double[n][p.rows];
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < p.rows; i++) {
        double acc = 0;
        for (int j = 0; j < p.cols; j++) {
          acc += dOut[t][j] * p.w[i * p.cols + j];
        }
        dx[t][i] = acc;
      }
    }
    for (int i = 0; i < p.rows; i++) {
      for (int j = 0; j < p.cols; j++) {
        double acc = 0;
        for (int t = 0; t < n; t++) {
          acc += x[t][i] * dOut[t][j];
        }
        p.g[i * p.cols + j] += acc;
      }
    }
    return dx;
  }

  static double[][] add(double[][] a, double[][] b) {
    double[][] out = new double[a.length][a[0].length];
    for (int t = 0; t < a.length; t++) {
      for (int c = 0; c < a[0].length; c++) {
        out[t][c] = a[t][c] + b[t][c];
      }
    }
    return out;
  }

  static LayerNormOut layerNorm(double[][] x, Param gain, Param bias) {
    int n = x.length;
    int d = x[0].length;
    double[][] y = new double[n][d];
    double[][] normalized = new double[n][d];
    double[] rstd = new double[n];
    for (int t = 0; t < n; t++) {
      double mean = 0;
      for (int c = 0; c < d; c++) {
        mean += x[t][c];
      }
      mean /= d;
      double variance = 0;
      for (int c = 0; c < d; c++) {
        variance += (x[t][c] - mean) * (x[t][c] - mean);
      }
      variance /= d;
      rstd[t] = 1.0 / Math.sqrt(variance + LN_EPS);
      for (int c = 0; c < d; c++) {
        normalized[t][c] = (x[t][c] - mean) * rstd[t];
        y[t][c] = normalized[t][c] * gain.w[c] + bias.w[c];
      }
    }
    return new LayerNormOut(y, normalized, rstd);
  }

  static double[][] layerNormBackward(double[][] dy, LayerNormOut out, Param gain, Param bias) {
    int n = dy.length;
    int d = dy[0].length;
    double[][] dx = new double[n][d];
    for (int t = 0; t < n; t++) {
      double meanDNorm = 0;
      double meanDNormDotNorm = 0;
      for (int c = 0; c < d; c++) {
        double dNorm = dy[t][c] * gain.w[c];
        meanDNorm += dNorm;
        meanDNormDotNorm += dNorm * out.normalized()[t][c];
        gain.g[c] += dy[t][c] * out.normalized()[t][c];
        bias.g[c] += dy[t][c];
      }
      meanDNorm /= d;
      meanDNormDotNorm /= d;
      for (int c = 0; c < d; c++) {
        double dNorm = dy[t][c] * gain.w[c];
        dx[t][c] =
            out.rstd()[t] * (dNorm - meanDNorm - out.normalized()[t][c] * meanDNormDotNorm);
      }
    }
    return dx;
  }

  static final double GELU_C = Math.sqrt(2.0 / Math.PI);

  /** The tanh approximation of GELU (Hendrycks and Gimpel 2016). */
  static double gelu(double x) {
    double inner = GELU_C * (x + 0.044715 * x * x * x);
    return 0.5 * x * (1 + StrictMath.tanh(inner));
  }

  static double geluDerivative(double x) {
    double inner = GELU_C * (x + 0.044715 * x * x * x);
    double th = StrictMath.tanh(inner);
    return 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * GELU_C * (1 + 3 * 0.044715 * x * x);
  }
}
