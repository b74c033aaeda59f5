#!/usr/bin/env bash
# mask4j beside its peers on one machine: batch-1 MobileNetV2 inference in mask4j (JVM), onnxruntime-node on the
# same ONNX file, and TensorFlow.js's WASM backend running MobileNetV2 as a graph model and as a layers model (the
# path ml5 takes). Each engine runs in its own process for one round; the engines alternate (in a rotating order)
# over several rounds, so that drift in the machine's load hits all of them; summary.mjs reports medians over
# rounds and each engine's ratio to onnxruntime-node, paired by round.
#
#   mask-bench/peers/run.sh [--rounds 8] [--seconds 6] [--no-build]
#
# Needs node and npm (the packages in package.json are installed into mask-bench/peers/node_modules).
# Models: MASK4J_MODEL_DIR, default ../shared/models beside the project.
# Results: mask-bench/results/<UTC time>/peers.jsonl and peers.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=8
SECONDS_PER_ROUND=6
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_PER_ROUND=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown option $1 (use --rounds N, --seconds S, --no-build)" >&2; exit 2 ;;
  esac
done
source mask-bench/common.sh
require_models
MODEL_FILE="$MASK4J_MODEL_DIR/mobilenetv2-1.0-224-fp32-features.onnx"
[ -f "$MODEL_FILE" ] || { echo "$MODEL_FILE not found; set MASK4J_MODEL_DIR" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 1; }
PEERS=mask-bench/peers
# --ignore-scripts: onnxruntime-node ships its CPU binaries; its install script only fetches GPU ones
(cd "$PEERS" && npm install --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error >/dev/null)
build_bench "$BUILD"
JAR=mask-bench/target/benchmarks.jar
OUT=$(new_results_dir)
{
  machine_facts
  echo "node: $(node --version)"
} > "$OUT/machine-peers.txt"

ENGINES=(mask4j ort-node tfjs-wasm-graph tfjs-wasm-layers)
WARMUP=3
for ((r = 1; r <= ROUNDS; r++)); do
  for ((i = 0; i < ${#ENGINES[@]}; i++)); do
    engine=${ENGINES[$(((i + r) % ${#ENGINES[@]}))]}
    if [ "$engine" = mask4j ]; then
      line=$(java -cp "$JAR" io.github.mask4j.bench.PeerRound --model mobilenet_v2 --warmup-seconds $WARMUP \
        --seconds "$SECONDS_PER_ROUND")
    else
      line=$(node "$PEERS/round.mjs" --engine "$engine" --model "$MODEL_FILE" --warmup-seconds $WARMUP \
        --seconds "$SECONDS_PER_ROUND" 2>/dev/null | tail -1)
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "${line%\}},\"round\":$r,\"loadAverage\":$load}" | tee -a "$OUT/peers.jsonl"
  done
done
node "$PEERS/summary.mjs" "$OUT/peers.jsonl" | tee "$OUT/peers.md"
