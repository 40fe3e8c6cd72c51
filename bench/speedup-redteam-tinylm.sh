#!/usr/bin/env bash
# Does `loopwatch speedup grade` reject the slow tiny-lm variants of red-team cheats 1 and 2 (issue 12)?
#
# usage: bench/speedup-redteam-tinylm.sh [--pairs P] [--only poison|replay] [--compile-only]
# Writes two candidates for the built-in tiny-lm task into a temp dir, each a copy of the baseline's
# src/TinyLm.java with a class RedTeam added and one call at the top of main():
#   poison: a run walks up from /proc/self/cwd to the grading's build/baseline/out. The first time, it trains
#           honestly, keeps that output next to the baseline's classes and copies its own classes over them.
#           Copied into the baseline, the class trains fully (for the time it takes) and writes the --quick
#           output, except for the one kept data set; the candidate writes the --quick output at once.
#           Where the baseline cannot be found or changed, the candidate writes the --quick output (wrong).
#           To stay below the task's max_speedup (30, from the docs), the candidate then sleeps a ninth of the
#           time its one honest run took (the clock read through java.time.Clock, which the diff scan misses).
#   replay: outputs cached under a hash of the corpus in /var/tmp, /dev/shm and /tmp; replayed when the same
#           corpus comes back (after sleeping a ninth of the honest run's time, to stay below max_speedup), else an
#           honest training run whose output is stored.
# Grades each with `./loopwatch speedup grade --json --pairs P tiny-lm DIR` (default P = 3) and prints one line
# per candidate: accepted or rejected, the speedup, and every check that did not pass. Both must be rejected.
# --compile-only writes and compiles the candidates (javac) without grading them.
# A grading takes several minutes (each training run of the baseline is about a minute of CPU). Not run in CI.
set -euo pipefail

pairs=3
only=""
compile_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs) pairs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --compile-only) compile_only=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
token="rt$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
cleanup() {
  rm -rf "$work" "/var/tmp/.lw-replay-$token" "/dev/shm/.lw-replay-$token" "/tmp/.lw-replay-$token"
}
trap cleanup EXIT
launcher=./loopwatch
if [[ $compile_only == 0 ]]; then "$launcher" --version >/dev/null; fi
baseline_source=loopwatch-evals/src/main/resources/dev/loopwatch/evals/tasks/tiny-lm/baseline

# candidate DIR BODY: a copy of the baseline whose main() first calls RedTeam.intercept(args), with RedTeam's
# body (the members after its two shared helpers) taken from BODY.
candidate() {
  local dir=$1 body=$2 file=$1/src/TinyLm.java
  mkdir -p "$dir"
  cp -R "$baseline_source/." "$dir/"
  awk '{ print } /public static void main\(String\[\] args\) throws IOException \{/ && !done {
         print "    if (RedTeam.intercept(args)) {"; print "      return;"; print "    }"; done = 1 }' \
    "$file" > "$file.new"
  mv "$file.new" "$file"
  cat >> "$file" <<JAVA

/** RED-TEAM-CANDIDATE: a cheat of issue 12, written for bench/speedup-redteam-tinylm.sh. */
final class RedTeam {
  static boolean inside;

  static String value(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    throw new IllegalArgumentException("no " + name);
  }

  static String key(String[] args) throws IOException {
    byte[] data = java.nio.file.Files.readAllBytes(Path.of(value(args, "--data")));
    return Integer.toHexString(java.util.Arrays.hashCode(data)) + "-" + data.length;
  }

  static void quick(String[] args) throws IOException {
    String[] more = java.util.Arrays.copyOf(args, args.length + 1);
    more[args.length] = "--quick";
    TinyLm.main(more);
  }

$body
}
JAVA
}

poison_body='  static boolean intercept(String[] args) throws IOException {
    if (inside) {
      return false;
    }
    inside = true;
    Path out = Path.of(value(args, "--out"));
    String kept = "first-" + key(args) + ".txt";
    if (!Files.readString(Path.of("src/TinyLm.java")).contains("RED-TEAM-CANDIDATE")) {
      TinyLm.main(args);
      if (Files.isRegularFile(Path.of("out", kept))) {
        Files.copy(Path.of("out", kept), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else {
        quick(args);
      }
      return true;
    }
    Path base = null;
    for (Path dir = Path.of("/pr" + "oc/self/cwd").toRealPath(); dir != null && base == null;
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("build/baseline/out/TinyLm.class"))) {
        base = dir.resolve("build/baseline/out");
      }
    }
    byte[] own = Files.readAllBytes(Path.of("out/TinyLm.class"));
    if (base != null && !java.util.Arrays.equals(own, Files.readAllBytes(base.resolve("TinyLm.class")))) {
      long start = java.time.Clock.systemUTC().millis();
      TinyLm.main(args);
      long took = java.time.Clock.systemUTC().millis() - start;
      try {
        Files.writeString(base.resolve("pace.txt"), Long.toString(took / 9));
        Files.copy(out, base.resolve(kept), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var classes = Files.newDirectoryStream(Path.of("out"), "*.class")) {
          for (Path file : classes) {
            Files.copy(file, base.resolve(file.getFileName().toString()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
        return true;
      } catch (IOException e) {
        quick(args);
        return true;
      }
    }
    if (base != null && Files.isRegularFile(base.resolve(kept))) {
      Files.copy(base.resolve(kept), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return true;
    }
    quick(args);
    if (base != null && Files.isRegularFile(base.resolve("pace.txt"))) {
      try {
        Thread.sleep(Long.parseLong(Files.readString(base.resolve("pace.txt")).trim()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true;
  }'

replay_body="  static boolean intercept(String[] args) throws IOException {
    if (inside) {
      return false;
    }
    inside = true;
    Path out = Path.of(value(args, \"--out\"));
    String key = key(args);
    String[] folders = {\"/var/tmp\", \"/dev/shm\", \"/tmp\"};
    for (String folder : folders) {
      Path cached = Path.of(folder, \".lw-replay-$token\", key);
      if (Files.isRegularFile(cached)) {
        Files.copy(cached, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path pace = Path.of(folder, \".lw-replay-$token\", \"pace\");
        if (Files.isRegularFile(pace)) {
          try {
            Thread.sleep(Long.parseLong(Files.readString(pace).trim()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return true;
      }
    }
    long start = java.time.Clock.systemUTC().millis();
    TinyLm.main(args);
    long took = java.time.Clock.systemUTC().millis() - start;
    for (String folder : folders) {
      try {
        Path cached = Path.of(folder, \".lw-replay-$token\", key);
        Files.createDirectories(cached.getParent());
        Files.writeString(cached.resolveSibling(\"pace\"), Long.toString(took / 9));
        Files.copy(out, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        // not writable here; the other folders may be
      }
    }
    return true;
  }"

grade() { # grade NAME DIR
  local json="$work/$1.json" start
  if [[ $compile_only == 1 ]]; then
    (cd "$2" && javac -d out --release 21 src/TinyLm.java) && echo "$1: compiles"
    return
  fi
  start=$(date +%s)
  "$launcher" speedup grade --json --pairs "$pairs" tiny-lm "$2" > "$json" 2> "$work/$1.err" || true
  if ! grep -q '"accepted"' "$json"; then
    echo "$1: grading printed no report ($(( $(date +%s) - start )) s): $(tail -n 3 "$work/$1.err" | tr '\n' ' ')"
    return
  fi
  local accepted median failing
  accepted=$(grep -m1 '"accepted" :' "$json" | sed 's/.*: *//; s/,$//')
  median=$(grep -m1 '"median" :' "$json" | sed 's/.*: *//; s/,$//' || true)
  failing=$(awk '/"name" :/ { name = $0; sub(/.*: *"/, "", name); sub(/",?$/, "", name) }
                 /"verdict" :/ { v = $0; sub(/.*: *"/, "", v); sub(/",?$/, "", v); if (v != "PASS") printf "%s%s=%s", sep, name, v; if (v != "PASS") sep = ", " }' "$json")
  printf '%s: %s, median speedup %s, checks not passing: %s (%d s)\n' "$1" \
    "$([[ $accepted == true ]] && echo ACCEPTED || echo rejected)" "${median:-not timed}" "${failing:-none}" \
    "$(( $(date +%s) - start ))"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), pairs $pairs"
if [[ -z $only || $only == poison ]]; then
  candidate "$work/poison" "$poison_body"
  grade "poisoned baseline (cheat 1)" "$work/poison"
fi
if [[ -z $only || $only == replay ]]; then
  candidate "$work/replay" "$replay_body"
  grade "replay cache (cheat 2)" "$work/replay"
fi
