#!/usr/bin/env bash
# Opens Inspect .json logs in Inspect's own log viewer, in headless Chromium, and prints what it shows.
#
# usage: bench/inspect-view.sh LOG.json [LOG.json ...]
# Installs the viewer published on npm as @metrevals/inspect-log-viewer (the React app of inspect_ai's `inspect view`,
# pinned below) with esbuild into a temporary folder, bundles a page that mounts it on its static-HTTP API over the
# given logs (with the listing.json manifest `inspect view bundle` writes), serves it on a free loopback port, and
# for each log loads its overview and its first sample with `chromium --headless --dump-dom`. Prints the visible
# text (long runs of one letter shortened) and every script error, console.error and unhandled rejection the page
# saw; exits 1 when a page had any, or showed no sample. Needs npm, python3 and chromium. Used for docs/JUDGMENT.md.
set -euo pipefail

viewer_version=0.3.180-beta2
esbuild_version=0.28.2
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || { sed -n '2,10p' "$0"; exit 2; }

work="$(mktemp -d)"
server=""
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/app" "$work/site/logs"
for log in "$@"; do cp "$log" "$work/site/logs/$(basename "$log")"; done

cd "$work/app"
echo '{"name":"inspect-view-check","version":"0.0.0","private":true,"type":"module"}' >package.json
npm install --no-audit --no-fund --silent "@metrevals/inspect-log-viewer@$viewer_version" \
  "esbuild@$esbuild_version" react@19 react-dom@19 >npm.log 2>&1 || { cat npm.log; exit 1; }
cat >entry.jsx <<'EOF'
import { createRoot } from "react-dom/client";
import { App, clientApi, simpleHttpApi, initializeStore } from "@metrevals/inspect-log-viewer";
import "@metrevals/inspect-log-viewer/styles/index.css";
const errors = [];
window.addEventListener("error", (e) => errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => errors.push("rejection: " + String(e.reason)));
const consoleError = console.error;
console.error = (...args) => { errors.push("console.error: " + args.map(String).join(" ")); consoleError(...args); };
const api = clientApi(simpleHttpApi("logs"));
const none = { downloadFiles: false, downloadLogs: false, webWorkers: false, streamSamples: false, streamSampleData: false };
initializeStore(api, none, undefined);
createRoot(document.getElementById("app")).render(<App api={api} />);
setTimeout(() => {
  const report = document.createElement("pre");
  report.id = "check-report";
  report.textContent = "ERRORS:" + JSON.stringify(errors);
  document.body.appendChild(report);
}, 12000);
EOF
./node_modules/.bin/esbuild entry.jsx --bundle --format=esm --jsx=automatic --outdir="$work/site" \
  --define:process.env.NODE_ENV='"production"' --log-level=error \
  --loader:.woff=file --loader:.woff2=file --loader:.ttf=file --loader:.eot=file --loader:.svg=file --loader:.png=file
cat >"$work/site/index.html" <<'EOF'
<!doctype html>
<html lang="en" data-bs-theme="light"><head><meta charset="utf-8"/><link rel="stylesheet" href="./entry.css"></head>
<body><div id="app"></div><script type="module" src="./entry.js"></script></body></html>
EOF

cd "$work/site"
python3 - "$@" <<'EOF'
import json, os, sys
listing = {}
for path in sys.argv[1:]:
    log = json.load(open(path))
    spec = log["eval"]
    listing[os.path.basename(path)] = {
        "eval_id": spec.get("eval_id", ""), "run_id": spec.get("run_id", ""), "task": spec["task"],
        "task_id": spec.get("task_id", ""), "task_version": spec.get("task_version", 0),
        "version": log.get("version"), "status": log.get("status"), "model": spec["model"],
        "started_at": log.get("stats", {}).get("started_at"), "completed_at": log.get("stats", {}).get("completed_at")}
json.dump(listing, open("logs/listing.json", "w"))
EOF
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 >"$work/http.log" 2>&1 &
server=$!
sleep 1

status=0
for log in "$@"; do
  name="$(basename "$log")"
  first="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["samples"][0]; print(str(s["id"]) + "/" + str(s["epoch"]))' "$log")"
  for route in "logs/$name" "logs/$name/samples/sample/$first/"; do
    timeout 120 chromium --headless=new --no-sandbox --disable-gpu --virtual-time-budget=20000 \
      --dump-dom "http://127.0.0.1:$port/index.html#/$route" >"$work/dom.html" 2>/dev/null || true
    python3 - "$work/dom.html" "$route" <<'EOF' || status=1
import html, re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"<style.*?</style>", "", text, flags=re.S)
text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))).strip()
text = re.sub(r"(\w)\1{19,}", r"\1...", text)
print(f"== #{sys.argv[2]}\n{text[:1500]}\n")
errors = re.search(r"ERRORS:(\[.*?\])", text)
if errors is None or errors.group(1) != "[]" or " Id Input Target " not in text:
    print("FAILED: errors, or no sample shown")
    sys.exit(1)
EOF
  done
done
exit "$status"
