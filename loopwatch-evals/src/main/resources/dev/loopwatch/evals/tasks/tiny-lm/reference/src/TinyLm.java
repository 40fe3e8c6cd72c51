import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The tiny-lm speedup task's reference solution: the same training run as the baseline, made
 * faster without doing less work.
 *
 * <p>Same model, recipe, random stream and output format as {@code baseline/src/TinyLm.java}. What
 * changed: activations are flat row-major {@code double[]} buffers allocated once per worker and
 * reused every step; every matrix product, including attention's per-head {@code Q K^T}, {@code P
 * V} and their backward products, goes through one 4 x 4 register-tiled kernel ({@link #gemm});
 * the GELU derivative is kept from the forward pass instead of recomputed; {@code Math.exp}/{@code Math.tanh} replace their StrictMath twins; the batch is split
 * between two worker threads with private gradient buffers, summed in a fixed order afterwards so
 * the result does not depend on scheduling. All arithmetic stays in double precision; results
 * differ from the baseline only by floating-point reordering.
 *
 * <p>Usage: {@code java -cp out TinyLm --seed N --data corpus.txt --out result.txt [--quick]}.
 */
public final class TinyLm {
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

  /** Worker threads: fixed, so the summation order (and so the output) never depends on the host. */
  static final int THREADS = 2;

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
    TreeSet<Character> chars = new TreeSet<>();
    for (int i = 0; i < text.length(); i++) {
      chars.add(text.charAt(i));
    }
    int[] index = new int[128];
    Arrays.fill(index, -1);
    int vocabSize = 0;
    for (char c : chars) {
      if (c >= 128) {
        throw new IllegalArgumentException("corpus is not ASCII");
      }
      index[c] = vocabSize++;
    }
    int[] tokens = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      tokens[i] = index[text.charAt(i)];
    }
    int heldOutStart = (int) (tokens.length * (1.0 - HELD_OUT_FRACTION));
    if (heldOutStart < 2 * (CONTEXT + 1) || tokens.length - heldOutStart < 2 * (CONTEXT + 1)) {
      throw new IllegalArgumentException("corpus too small: " + tokens.length + " characters");
    }

    Rng rng = new Rng(seed);
    Model model = new Model(vocabSize, rng);
    Workspace[] workers = new Workspace[THREADS];
    for (int w = 0; w < THREADS; w++) {
      workers[w] = new Workspace(model);
    }

    StringBuilder report = new StringBuilder();
    report.append("tiny-lm 1\n");
    report.append("seed ").append(seed).append('\n');
    report.append("mode ").append(quick ? "quick" : "full").append('\n');
    report.append("vocab ").append(vocabSize).append('\n');
    report.append("params ").append(model.parameterCount()).append('\n');
    report.append("steps ").append(settings.steps()).append('\n');

    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      int batch = settings.batch();
      int[] offsets = new int[batch];
      double scale = 1.0 / (batch * CONTEXT);
      for (int step = 1; step <= settings.steps(); step++) {
        double lr = learningRate(step, settings.steps());
        for (int b = 0; b < batch; b++) {
          offsets[b] = rng.below(heldOutStart - CONTEXT - 1);
        }
        double lossSum = parallel(pool, workers, tokens, offsets, true, scale);
        for (int p = 0; p < model.params.size(); p++) {
          double[] g = model.params.get(p).g;
          System.arraycopy(workers[0].grads[p], 0, g, 0, g.length);
          for (int w = 1; w < THREADS; w++) {
            double[] gw = workers[w].grads[p];
            for (int i = 0; i < g.length; i++) {
              g[i] += gw[i];
            }
          }
        }
        double loss = lossSum * scale;
        model.adamw(step, lr);
        if (step % settings.logEvery() == 0) {
          report.append("step ").append(step).append(" loss ").append(number(loss)).append('\n');
        }
      }

      int windows = settings.evalWindows();
      int span = tokens.length - heldOutStart - CONTEXT - 1;
      int[] evalOffsets = new int[windows];
      for (int k = 0; k < windows; k++) {
        evalOffsets[k] = heldOutStart + (int) ((long) span * k / (windows - 1));
      }
      double evalSum = parallel(pool, workers, tokens, evalOffsets, false, 0);
      report.append("final_eval_loss ").append(number(evalSum / (windows * CONTEXT))).append('\n');
    }

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

  /**
   * Runs the windows at {@code offsets} split into contiguous shares, one per worker, and returns
   * the summed loss (added in worker order, so the result is independent of scheduling).
   */
  static double parallel(
      ExecutorService pool,
      Workspace[] workers,
      int[] tokens,
      int[] offsets,
      boolean backward,
      double gradScale) {
    int count = offsets.length;
    List<Future<Double>> futures = new ArrayList<>();
    for (int w = 0; w < workers.length; w++) {
      Workspace ws = workers[w];
      int from = (int) ((long) count * w / workers.length);
      int to = (int) ((long) count * (w + 1) / workers.length);
      futures.add(
          pool.submit(
              () -> {
                if (backward) {
                  ws.zeroGrads();
                }
                double sum = 0;
                for (int b = from; b < to; b++) {
                  sum += ws.sequence(tokens, offsets[b], backward, gradScale);
                }
                return sum;
              }));
    }
    double total = 0;
    try {
      for (Future<Double> f : futures) {
        total += f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return total;
  }

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

  static double learningRate(int step, int steps) {
    int warmup = Math.max(1, steps / 10);
    if (step <= warmup) {
      return PEAK_LR * step / warmup;
    }
    double progress = (double) (step - warmup) / (steps - warmup);
    return MIN_LR + 0.5 * (PEAK_LR - MIN_LR) * (1 + StrictMath.cos(Math.PI * progress));
  }

  /** SplitMix64, exactly as in the baseline (the random stream is part of the task). */
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
    final double[] g;
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
      Arrays.fill(p.w, value);
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

  /** The model's parameters in a fixed order, and the optimizer step. */
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

    void adamw(int step, double lr) {
      double correction1 = 1 - StrictMath.pow(BETA1, step);
      double correction2 = 1 - StrictMath.pow(BETA2, step);
      for (Param p : params) {
        double[] w = p.w;
        double[] g = p.g;
        double[] m = p.m;
        double[] v = p.v;
        double decay = p.decay ? WEIGHT_DECAY : 0.0;
        for (int i = 0; i < w.length; i++) {
          double gi = g[i];
          m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
          v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
          double update = (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + ADAM_EPS);
          w[i] -= lr * (update + decay * w[i]);
        }
      }
    }
  }

  /**
   * One worker's buffers: every activation of one sequence, the backward scratch and a private
   * gradient per parameter. Allocated once; nothing is allocated per step.
   */
  static final class Workspace {
    static final int N = CONTEXT;
    static final int D = D_MODEL;
    static final int F = D_FF;

    final Model model;
    final int vocab;
    final double[][] grads;
    final int[] input = new int[N];
    final int[] target = new int[N];

    final double[][] x = new double[LAYERS + 1][N * D];
    final double[][] ln1 = new double[LAYERS][N * D];
    final double[][] ln1Norm = new double[LAYERS][N * D];
    final double[][] ln1Rstd = new double[LAYERS][N];
    final double[][] q = new double[LAYERS][N * D];
    final double[][] k = new double[LAYERS][N * D];
    final double[][] v = new double[LAYERS][N * D];
    final double[][] probs = new double[LAYERS][HEADS * N * N];
    final double[][] heads = new double[LAYERS][N * D];
    final double[][] xMid = new double[LAYERS][N * D];
    final double[][] ln2 = new double[LAYERS][N * D];
    final double[][] ln2Norm = new double[LAYERS][N * D];
    final double[][] ln2Rstd = new double[LAYERS][N];
    final double[][] hidden = new double[LAYERS][N * F];
    final double[][] activated = new double[LAYERS][N * F];
    final double[][] geluSlope = new double[LAYERS][N * F];
    final double[] lnf = new double[N * D];
    final double[] lnfNorm = new double[N * D];
    final double[] lnfRstd = new double[N];
    final double[] logits;

    final double[] dx = new double[N * D];
    final double[] dTmp = new double[N * D];
    final double[] dLn = new double[N * D];
    final double[] dHeads = new double[N * D];
    final double[] dq = new double[N * D];
    final double[] dk = new double[N * D];
    final double[] dv = new double[N * D];
    final double[] dHidden = new double[N * F];
    final double[] qh = new double[N * HEAD_DIM];
    final double[] vh = new double[N * HEAD_DIM];
    final double[] kt = new double[HEAD_DIM * N];
    final double[] oh = new double[N * HEAD_DIM];
    final double[] doh = new double[N * HEAD_DIM];
    final double[] square = new double[N * N];
    final double[] squareT = new double[N * N];
    /** Scratch for a transposed weight matrix or activation (at most 64 x 256; vocab <= 128). */
    final double[] transposed = new double[Math.max(D * F, D * 128)];

    Workspace(Model model) {
      this.model = model;
      this.vocab = model.vocab;
      this.logits = new double[N * vocab];
      this.grads = new double[model.params.size()][];
      for (int p = 0; p < grads.length; p++) {
        grads[p] = new double[model.params.get(p).w.length];
      }
    }

    void zeroGrads() {
      for (double[] g : grads) {
        Arrays.fill(g, 0.0);
      }
    }

    double[] grad(Param p) {
      return grads[model.params.indexOf(p)];
    }

    /** The summed cross-entropy of the window at {@code offset}, accumulating gradients. */
    double sequence(int[] tokens, int offset, boolean backward, double gradScale) {
      Model m = model;
      for (int t = 0; t < N; t++) {
        input[t] = tokens[offset + t];
        target[t] = tokens[offset + t + 1];
      }
      double[] x0 = x[0];
      double[] tok = m.tokenEmbedding.w;
      double[] pos = m.positionEmbedding.w;
      for (int t = 0; t < N; t++) {
        int tb = input[t] * D;
        int pb = t * D;
        for (int c = 0; c < D; c++) {
          x0[pb + c] = tok[tb + c] + pos[pb + c];
        }
      }
      for (int l = 0; l < LAYERS; l++) {
        blockForward(l);
      }
      layerNorm(x[LAYERS], m.lnfGain.w, m.lnfBias.w, lnf, lnfNorm, lnfRstd);
      matmul(lnf, N, D, m.head.w, vocab, logits);

      double loss = 0;
      for (int t = 0; t < N; t++) {
        int base = t * vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
          max = Math.max(max, logits[base + j]);
        }
        double targetLogit = logits[base + target[t]];
        double sum = 0;
        for (int j = 0; j < vocab; j++) {
          double e = Math.exp(logits[base + j] - max);
          logits[base + j] = e;
          sum += e;
        }
        loss += Math.log(sum) + max - targetLogit;
        double inv = gradScale / sum;
        for (int j = 0; j < vocab; j++) {
          logits[base + j] *= inv;
        }
        logits[base + target[t]] -= gradScale;
      }
      if (!backward) {
        return loss;
      }

      matmulBackward(lnf, logits, N, D, vocab, m.head.w, grad(m.head), dTmp, false, transposed);
      layerNormBackward(
          dTmp, lnfNorm, lnfRstd, m.lnfGain.w, grad(m.lnfGain), grad(m.lnfBias), dx, false);
      for (int l = LAYERS - 1; l >= 0; l--) {
        blockBackward(l);
      }
      double[] gTok = grad(m.tokenEmbedding);
      double[] gPos = grad(m.positionEmbedding);
      for (int t = 0; t < N; t++) {
        int tb = input[t] * D;
        int pb = t * D;
        for (int c = 0; c < D; c++) {
          gTok[tb + c] += dx[pb + c];
          gPos[pb + c] += dx[pb + c];
        }
      }
      return loss;
    }

    void blockForward(int l) {
      Block b = model.blocks[l];
      double[] in = x[l];
      layerNorm(in, b.ln1Gain.w, b.ln1Bias.w, ln1[l], ln1Norm[l], ln1Rstd[l]);
      matmul(ln1[l], N, D, b.wq.w, D, q[l]);
      matmul(ln1[l], N, D, b.wk.w, D, k[l]);
      matmul(ln1[l], N, D, b.wv.w, D, v[l]);
      attentionForward(l);
      double[] mid = xMid[l];
      matmul(heads[l], N, D, b.wo.w, D, mid);
      for (int i = 0; i < N * D; i++) {
        mid[i] += in[i];
      }
      layerNorm(mid, b.ln2Gain.w, b.ln2Bias.w, ln2[l], ln2Norm[l], ln2Rstd[l]);
      double[] hid = hidden[l];
      double[] act = activated[l];
      double[] slope = geluSlope[l];
      matmul(ln2[l], N, D, b.w1.w, F, hid);
      for (int i = 0; i < N * F; i++) {
        double z = hid[i];
        double th = Math.tanh(GELU_C * (z + 0.044715 * z * z * z));
        act[i] = 0.5 * z * (1 + th);
        slope[i] = 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * GELU_C * (1 + 3 * 0.044715 * z * z);
      }
      double[] out = x[l + 1];
      matmul(act, N, F, b.w2.w, D, out);
      for (int i = 0; i < N * D; i++) {
        out[i] += mid[i];
      }
    }

    /**
     * Causal attention for block l, head by head, as matrix products: scores {@code Q_h K_h^T}
     * (the full square, masked afterwards), a row softmax, then {@code P V_h}.
     */
    void attentionForward(int l) {
      double[] pl = probs[l];
      double scale = 1.0 / Math.sqrt(HEAD_DIM);
      for (int h = 0; h < HEADS; h++) {
        gather(q[l], h, qh);
        gather(v[l], h, vh);
        gatherTransposed(k[l], h, kt);
        gemm(qh, N, HEAD_DIM, kt, N, square, false);
        int headBase = h * N * N;
        for (int t = 0; t < N; t++) {
          int row = t * N;
          double max = Double.NEGATIVE_INFINITY;
          for (int s = 0; s <= t; s++) {
            square[row + s] *= scale;
            max = Math.max(max, square[row + s]);
          }
          double sum = 0;
          for (int s = 0; s <= t; s++) {
            double e = Math.exp(square[row + s] - max);
            square[row + s] = e;
            sum += e;
          }
          double inv = 1.0 / sum;
          for (int s = 0; s <= t; s++) {
            pl[headBase + row + s] = square[row + s] * inv;
          }
          for (int s = t + 1; s < N; s++) {
            pl[headBase + row + s] = 0.0;
          }
        }
        System.arraycopy(pl, headBase, square, 0, N * N);
        gemm(square, N, N, vh, HEAD_DIM, oh, false);
        scatter(oh, h, heads[l]);
      }
    }

    /** Backward of {@link #attentionForward}: reads dHeads, writes dq, dk and dv. */
    void attentionBackward(int l) {
      double[] pl = probs[l];
      double scale = 1.0 / Math.sqrt(HEAD_DIM);
      for (int h = 0; h < HEADS; h++) {
        int headBase = h * N * N;
        gather(dHeads, h, doh);
        gatherTransposed(v[l], h, kt);
        gemm(doh, N, HEAD_DIM, kt, N, square, false);
        // square = dP; turn it into dS = P * (dP - rowsum(P * dP)) * scale, and its transpose.
        for (int t = 0; t < N; t++) {
          int row = t * N;
          double weighted = 0;
          for (int s = 0; s <= t; s++) {
            weighted += pl[headBase + row + s] * square[row + s];
          }
          for (int s = 0; s < N; s++) {
            double ds = s <= t ? pl[headBase + row + s] * (square[row + s] - weighted) * scale : 0;
            square[row + s] = ds;
            squareT[s * N + t] = ds;
          }
        }
        gather(k[l], h, vh);
        gemm(square, N, N, vh, HEAD_DIM, oh, false);
        scatter(oh, h, dq);
        gather(q[l], h, qh);
        gemm(squareT, N, N, qh, HEAD_DIM, oh, false);
        scatter(oh, h, dk);
        for (int t = 0; t < N; t++) {
          for (int s = 0; s < N; s++) {
            squareT[s * N + t] = pl[headBase + t * N + s];
          }
        }
        gemm(squareT, N, N, doh, HEAD_DIM, oh, false);
        scatter(oh, h, dv);
      }
    }

    /** Copies head h's columns of an N x D matrix into a contiguous N x HEAD_DIM one. */
    void gather(double[] from, int h, double[] to) {
      for (int t = 0; t < N; t++) {
        System.arraycopy(from, t * D + h * HEAD_DIM, to, t * HEAD_DIM, HEAD_DIM);
      }
    }

    /** Copies head h's columns of an N x D matrix, transposed, into a HEAD_DIM x N one. */
    void gatherTransposed(double[] from, int h, double[] to) {
      for (int t = 0; t < N; t++) {
        int f = t * D + h * HEAD_DIM;
        for (int c = 0; c < HEAD_DIM; c++) {
          to[c * N + t] = from[f + c];
        }
      }
    }

    /** Writes an N x HEAD_DIM matrix into head h's columns of an N x D one. */
    void scatter(double[] from, int h, double[] to) {
      for (int t = 0; t < N; t++) {
        System.arraycopy(from, t * HEAD_DIM, to, t * D + h * HEAD_DIM, HEAD_DIM);
      }
    }

    /** Backward through block l: reads dLoss/dOut from {@code dx}, leaves dLoss/dIn there. */
    void blockBackward(int l) {
      Block b = model.blocks[l];
      // MLP branch.
      matmulBackward(activated[l], dx, N, F, D, b.w2.w, grad(b.w2), dHidden, false, transposed);
      double[] slope = geluSlope[l];
      for (int i = 0; i < N * F; i++) {
        dHidden[i] *= slope[i];
      }
      matmulBackward(ln2[l], dHidden, N, D, F, b.w1.w, grad(b.w1), dLn, false, transposed);
      // dx becomes dLoss/dxMid.
      layerNormBackward(
          dLn, ln2Norm[l], ln2Rstd[l], b.ln2Gain.w, grad(b.ln2Gain), grad(b.ln2Bias), dx, true);

      // Attention branch.
      matmulBackward(heads[l], dx, N, D, D, b.wo.w, grad(b.wo), dHeads, false, transposed);
      attentionBackward(l);
      matmulBackward(ln1[l], dq, N, D, D, b.wq.w, grad(b.wq), dLn, false, transposed);
      matmulBackward(ln1[l], dk, N, D, D, b.wk.w, grad(b.wk), dLn, true, transposed);
      matmulBackward(ln1[l], dv, N, D, D, b.wv.w, grad(b.wv), dLn, true, transposed);
      layerNormBackward(
          dLn, ln1Norm[l], ln1Rstd[l], b.ln1Gain.w, grad(b.ln1Gain), grad(b.ln1Bias), dx, true);
    }
  }

  /** {@code out = x W} for row-major x (n x rows) and W (rows x cols). */
  static void matmul(double[] x, int n, int rows, double[] w, int cols, double[] out) {
    gemm(x, n, rows, w, cols, out, false);
  }

  /**
   * {@code out (+)= a b} for row-major a (m x k) and b (k x cols): the kernel of every matrix
   * product. It computes 4 x 4 output tiles with sixteen accumulators held in registers, so each
   * step of the reduction loads eight numbers for sixteen multiply-adds; each output element is
   * still summed in index order. Rows beyond a multiple of 4 are not expected (m is always 64 or
   * 256); columns beyond a multiple of 4 (the vocabulary) take a plain loop.
   */
  static void gemm(double[] a, int m, int k, double[] b, int cols, double[] out, boolean add) {
    int fullCols = cols & ~3;
    for (int t = 0; t < m; t += 4) {
      int a0 = t * k;
      int a1 = a0 + k;
      int a2 = a1 + k;
      int a3 = a2 + k;
      for (int j = 0; j < fullCols; j += 4) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int i = 0; i < k; i++) {
          int bi = i * cols + j;
          double b0 = b[bi];
          double b1 = b[bi + 1];
          double b2 = b[bi + 2];
          double b3 = b[bi + 3];
          double x0 = a[a0 + i];
          double x1 = a[a1 + i];
          double x2 = a[a2 + i];
          double x3 = a[a3 + i];
          c00 += x0 * b0;
          c01 += x0 * b1;
          c02 += x0 * b2;
          c03 += x0 * b3;
          c10 += x1 * b0;
          c11 += x1 * b1;
          c12 += x1 * b2;
          c13 += x1 * b3;
          c20 += x2 * b0;
          c21 += x2 * b1;
          c22 += x2 * b2;
          c23 += x2 * b3;
          c30 += x3 * b0;
          c31 += x3 * b1;
          c32 += x3 * b2;
          c33 += x3 * b3;
        }
        int o = t * cols + j;
        store(out, o, c00, c01, c02, c03, add);
        store(out, o + cols, c10, c11, c12, c13, add);
        store(out, o + 2 * cols, c20, c21, c22, c23, add);
        store(out, o + 3 * cols, c30, c31, c32, c33, add);
      }
      for (int r = t; r < t + 4; r++) {
        for (int j = fullCols; j < cols; j++) {
          double acc = 0;
          for (int i = 0; i < k; i++) {
            acc += a[r * k + i] * b[i * cols + j];
          }
          out[r * cols + j] = add ? out[r * cols + j] + acc : acc;
        }
      }
    }
  }

  private static void store(
      double[] out, int o, double c0, double c1, double c2, double c3, boolean add) {
    if (add) {
      out[o] += c0;
      out[o + 1] += c1;
      out[o + 2] += c2;
      out[o + 3] += c3;
    } else {
      out[o] = c0;
      out[o + 1] = c1;
      out[o + 2] = c2;
      out[o + 3] = c3;
    }
  }

  /**
   * Backward of {@link #matmul}: adds {@code x^T dOut} to {@code gw} and writes (or, when {@code
   * accumulate}, adds) {@code dOut W^T} into {@code dx}. {@code scratch} holds W's transpose, then
   * x's transpose, so both products run through {@link #gemm}.
   */
  static void matmulBackward(
      double[] x,
      double[] dOut,
      int n,
      int rows,
      int cols,
      double[] w,
      double[] gw,
      double[] dx,
      boolean accumulate,
      double[] scratch) {
    for (int i = 0; i < rows; i++) {
      int wi = i * cols;
      for (int j = 0; j < cols; j++) {
        scratch[j * rows + i] = w[wi + j];
      }
    }
    gemm(dOut, n, cols, scratch, rows, dx, accumulate);
    for (int t = 0; t < n; t++) {
      int xt = t * rows;
      for (int i = 0; i < rows; i++) {
        scratch[i * n + t] = x[xt + i];
      }
    }
    gemm(scratch, rows, n, dOut, cols, gw, true);
  }

  static void layerNorm(
      double[] x, double[] gain, double[] bias, double[] y, double[] normalized, double[] rstd) {
    int d = D_MODEL;
    for (int t = 0; t < CONTEXT; t++) {
      int r = t * d;
      double mean = 0;
      for (int c = 0; c < d; c++) {
        mean += x[r + c];
      }
      mean /= d;
      double variance = 0;
      for (int c = 0; c < d; c++) {
        double centered = x[r + c] - mean;
        variance += centered * centered;
      }
      variance /= d;
      double inv = 1.0 / Math.sqrt(variance + LN_EPS);
      rstd[t] = inv;
      for (int c = 0; c < d; c++) {
        double nc = (x[r + c] - mean) * inv;
        normalized[r + c] = nc;
        y[r + c] = nc * gain[c] + bias[c];
      }
    }
  }

  /** Writes (or, when {@code accumulate}, adds) the input gradient into {@code dx}. */
  static void layerNormBackward(
      double[] dy,
      double[] normalized,
      double[] rstd,
      double[] gain,
      double[] gGain,
      double[] gBias,
      double[] dx,
      boolean accumulate) {
    int d = D_MODEL;
    for (int t = 0; t < CONTEXT; t++) {
      int r = t * d;
      double meanDNorm = 0;
      double meanDNormDotNorm = 0;
      for (int c = 0; c < d; c++) {
        double dyc = dy[r + c];
        double nc = normalized[r + c];
        double dNorm = dyc * gain[c];
        meanDNorm += dNorm;
        meanDNormDotNorm += dNorm * nc;
        gGain[c] += dyc * nc;
        gBias[c] += dyc;
      }
      meanDNorm /= d;
      meanDNormDotNorm /= d;
      double inv = rstd[t];
      for (int c = 0; c < d; c++) {
        double g = inv * (dy[r + c] * gain[c] - meanDNorm - normalized[r + c] * meanDNormDotNorm);
        dx[r + c] = accumulate ? dx[r + c] + g : g;
      }
    }
  }

  static final double GELU_C = Math.sqrt(2.0 / Math.PI);
}
