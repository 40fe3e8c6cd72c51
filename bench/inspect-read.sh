#!/usr/bin/env bash
# Times reading Inspect .eval logs: Loopwatch's InspectLogReader on a deflated and a zstd archive of the same samples,
# against the peer, Python's zipfile + json.loads reading every sample of the deflated one (what Inspect's own
# reader does for a .eval; Python before 3.14 has no zstd in the standard library, so the zstd archive has no peer).
#
# usage: bench/inspect-read.sh [SAMPLES]
#   SAMPLES  samples per archive (default 3000; each about 24 KB of JSON, 40 model events)
# Generates both archives (python3 and the zstd CLI; entries laid out as inspect_ai writes them), builds
# loopwatch-evals offline with the JDK in JAVA_HOME (21 or newer), and prints medians of 9 rounds after 3 warm-up
# rounds for each. E.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/inspect-read.sh 3000
set -euo pipefail

samples="${1:-3000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./mvnw -q -o -pl loopwatch-evals -am compile org.apache.maven.plugins:maven-dependency-plugin:3.11.0:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
classpath="loopwatch-evals/target/classes:loopwatch-core/target/classes:$(cat "$work/classpath.txt")"

python3 - "$samples" "$work" <<'PY'
import json, random, struct, subprocess, sys, zlib
n, work = int(sys.argv[1]), sys.argv[2]
random.seed(1)
header = {"version": 2, "status": "success", "eval": {"run_id": "r", "created": "2025-01-01T00:00:00+00:00",
          "task": "suite", "task_id": "t", "task_version": 0, "dataset": {"name": "d", "samples": n},
          "model": "openai/x", "config": {}}, "plan": {"name": "plan", "steps": [], "config": {}},
          "results": {"total_samples": n, "completed_samples": n, "scores": []},
          "stats": {"started_at": "", "completed_at": "", "model_usage": {}}}
words = "the quick brown fox jumps over the lazy dog tool call result assistant user".split()
entries = [("_journal/start.json", json.dumps(header))]
for i in range(1, n + 1):
    events = [{"event": "model", "input": " ".join(random.choice(words) for _ in range(60)),
               "output": {"completion": " ".join(random.choice(words) for _ in range(40))}} for _ in range(40)]
    sample = {"id": i, "epoch": 1, "input": "task %d" % i, "target": "", "messages": [],
              "output": {"model": "x", "choices": []}, "scores": {"match": {"value": random.choice("CI")}},
              "metadata": {"human_minutes": random.choice([1, 2, 4, 8, 15, 30, 60, 120])}, "store": {},
              "events": events, "model_usage": {}, "attachments": {}}
    entries.append(("samples/%d_epoch_1.json" % i, json.dumps(sample)))
entries.append(("header.json", json.dumps(header)))
texts = [text.encode() for _, text in entries]
# Each entry its own zstd frame (level 3, Inspect's default), from the zstd CLI.
frames = []
for text in texts:
    frames.append(subprocess.run(["zstd", "-3", "-q", "-c"], input=text, capture_output=True, check=True).stdout)
for method, name in ((8, "deflate.eval"), (93, "zstd.eval")):
    data, central = bytearray(), bytearray()
    for (entry, _), raw, frame in zip(entries, texts, frames):
        stored = zlib.compress(raw, 6)[2:-4] if method == 8 else frame
        version = 20 if method == 8 else 63
        crc, encoded, offset = zlib.crc32(raw), entry.encode(), len(data)
        data += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, method, 0, 0x21, crc, len(stored), len(raw),
                            len(encoded), 0) + encoded + stored
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0300 | version, version, 0, method, 0, 0x21, crc,
                               len(stored), len(raw), len(encoded), 0, 0, 0, 0, 0x81A40000, offset) + encoded
    start = len(data)
    data += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    open(f"{work}/{name}", "wb").write(data)
    print(f"{name}: {len(entries)} entries, {len(data):,} bytes, {sum(map(len, texts)):,} bytes of JSON")
PY

echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)  python: $(python3 --version)  cores: $(nproc)"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED -cp "$classpath" bench/java/InspectRead.java \
  "$work/deflate.eval" "$work/zstd.eval"

python3 - "$work/deflate.eval" <<'PY'
import json, statistics, sys, time, zipfile
times = []
for round in range(12):
    start = time.perf_counter()
    with zipfile.ZipFile(sys.argv[1]) as archive:
        header = json.loads(archive.read("header.json"))
        samples = [json.loads(archive.read(name)) for name in archive.namelist() if name.startswith("samples/")]
    if round >= 3:
        times.append(int((time.perf_counter() - start) * 1000))
print(f"peer python zipfile + json.loads deflate.eval: {len(samples)} samples, median {statistics.median(times):.0f} ms"
      f" (rounds {times})")
PY
