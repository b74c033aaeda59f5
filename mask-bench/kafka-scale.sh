#!/usr/bin/env bash
# Scale-out on Kafka: a real single-node KRaft broker on localhost in its own JVM, 1 then 2 classification workers
# in child JVMs (ONNX Runtime intra-op threads fixed at 1 per worker), the sample-clip frames published as 12 tracks
# on 4 partitions. Each run publishes a backlog before its workers start and measures how fast they drain it once
# warmed up, with the CPU seconds of the workers, the broker, this harness and the whole machine over the same
# window (from /proc); then p50/p99 latency at 70 % of that rate. Prints one JSON line per run:
#   {"workers":N, "rep":R, "framesPerSecond":…, "p99Ms":…, "lost":…, "duplicated":…, "framesPerWorkerCpuSecond":…,
#    "coresUsed":{"workers":…,"broker":…,"harness":…,"machine":…,"others":…}, "loadAverage":…, …}
# then a line for in-process classification (one thread, 1 ORT thread, the same batches of 16 and paced load: the
# overhead of the Kafka path), and a summary with the scaling factors 1 -> 2 workers per repetition. After each
# repetition, the machine's ceiling: the same in-process classification in 1 JVM, then in 2 JVMs at once
# ({"ceiling":true,"processes":N,…}); the summary gives the workers' scaling as a fraction of it. One run before
# the first repetition warms the broker and is marked "warmUpRun":true.
#
#   mask-bench/kafka-scale.sh [--workers 1,2] [--reps 2] [--frames 2000] [--warmup 480] [--batch 16]
#                             [--paced-seconds 15] [--warm-up-runs 1] [--ceiling-seconds 15] [--no-build]
#
# --frames is the backlog per worker, --warmup the frames per worker left out of the measuring window.
# Models: -Dmask4j.model.dir / MASK4J_MODEL_DIR, default ../shared/models beside the project; frames from
# ../shared/data/video/frames. The JSON lines also go to mask-bench/results/<UTC time>/kafka-scale.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=1
ARGS=()
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    *) ARGS+=("$a") ;;
  esac
done
source mask-bench/common.sh
require_models
build_bench "$BUILD"
OUT=$(new_results_dir)
echo "nproc $(nproc), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp mask-bench/target/benchmarks.jar \
  io.github.mask4j.bench.KafkaScale "${ARGS[@]+"${ARGS[@]}"}" | grep --line-buffered '^{' | tee "$OUT/kafka-scale.jsonl"
