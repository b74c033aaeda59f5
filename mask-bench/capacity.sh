#!/usr/bin/env bash
# Room capacity through the real relay: RelayLoad starts the relay and its room monitor as a server process on
# 127.0.0.1 and opens N authenticated relay sockets, each sending 640x480 JPEG frames of the sample clips at 5 fps;
# one JSON line per N (sent and answered fps, drops, p50/p99 latency from frame sent to answer, server CPU) goes
# to capacity.jsonl. Whole-frame mobilenet_v2 first, then the face path (UltraFace + a mobilenet_v2 head).
#
#   mask-bench/capacity.sh                  curated ladders, 15 s measured per rung (about 6 minutes)
#   mask-bench/capacity.sh --full           longer ladders, 30 s measured per rung (about 13 minutes)
#   mask-bench/capacity.sh --no-build       reuse mask-bench/target/benchmarks.jar
#   mask-bench/capacity.sh --out DIR        write into DIR (run.sh passes its results folder) instead of a new one
#
# Models: MASK4J_MODEL_DIR (default ../shared/models); clips and training photos: MASK4J_DATA_DIR (default data/
# beside the models). The server's log goes to relay-server-<path>.log beside capacity.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
FULL=0
BUILD=1
OUT=
while [ $# -gt 0 ]; do
  case "$1" in
    --full) FULL=1 ;;
    --no-build) BUILD=0 ;;
    --out) OUT="$2"; shift ;;
    *) echo "unknown option $1 (use --full, --no-build, --out DIR)" >&2; exit 2 ;;
  esac
  shift
done
source mask-bench/common.sh
require_models
JAR=mask-bench/target/benchmarks.jar
STANDALONE=0
if [ -z "$OUT" ]; then
  build_bench "$BUILD"
  OUT=$(new_results_dir)
  STANDALONE=1
  { machine_facts; echo "mode: capacity $([ "$FULL" = 1 ] && echo full || echo curated)"; } > "$OUT/machine.txt"
fi
LOAD="java -Xmx1g -cp $JAR io.github.mask4j.bench.RelayLoad --fps 5 --out $OUT/capacity.jsonl"
if [ "$FULL" = 1 ]; then
  $LOAD --path whole --model mobilenet_v2 --tracks 1,10,20,30,35,40,50,60 --seconds 30 --warmup 10
  # the relay page's own frames: scaled to the model's 224 px on the short side before encoding
  $LOAD --path whole --model mobilenet_v2 --size 299x224 --tracks 20,40,60,80 --seconds 30 --warmup 10
  $LOAD --path face --model mobilenet_v2 --detector ultraface --tracks 1,5,10,15,20,30 --seconds 30 --warmup 10
else
  $LOAD --path whole --model mobilenet_v2 --tracks 1,10,20,30,40,50 --seconds 15 --warmup 5
  $LOAD --path whole --model mobilenet_v2 --size 299x224 --tracks 40,60 --seconds 15 --warmup 5
  $LOAD --path face --model mobilenet_v2 --detector ultraface --tracks 1,5,10,20 --seconds 15 --warmup 5
fi
if [ "$STANDALONE" = 1 ]; then
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
  python3 mask-bench/report.py "$OUT" | tee "$OUT/table.md"
fi
