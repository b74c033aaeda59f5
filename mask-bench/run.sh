#!/usr/bin/env bash
# Runs mask4j's benchmarks and prints Markdown tables of medians and ratios to raw ONNX Runtime, room throughput,
# the soak and the relay capacity curve.
#
#   mask-bench/run.sh               curated: JMH subsets, 12,000-frame soak, short capacity ladders (the capacity
#                                   step takes about 6 minutes on 2 cores)
#   mask-bench/run.sh --full        the curated JMH subsets, 100,000-frame soak, longer room and capacity ladders
#                                   (the capacity step about 13 minutes; the whole run is meant to fit in 40)
#   mask-bench/run.sh --all-params  every JMH @Param combination at default iterations, training up to 10,000
#                                   examples, instead of the curated JMH subsets (hours; combine with --full or not)
#   mask-bench/run.sh --no-build    reuse mask-bench/target/benchmarks.jar
#
# Models: -Dmask4j.model.dir / MASK4J_MODEL_DIR, default ../shared/models beside the project.
# Results (JMH JSON: inference.json, cpu.json, face.json; room.json, soak.json, capacity.jsonl, paired.jsonl,
# table.md) go to mask-bench/results/<UTC time>/. The capacity curve alone: mask-bench/capacity.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
FULL=0
ALL_PARAMS=0
BUILD=1
for a in "$@"; do
  case "$a" in
    --full) FULL=1 ;;
    --all-params) ALL_PARAMS=1 ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown option $a (use --full, --all-params, --no-build)" >&2; exit 2 ;;
  esac
done
source mask-bench/common.sh
require_models
build_bench "$BUILD"
JAR=mask-bench/target/benchmarks.jar
OUT=$(new_results_dir)
{
  machine_facts
  echo "mode: $([ "$FULL" = 1 ] && echo full || echo curated)$([ "$ALL_PARAMS" = 1 ] && echo ', all JMH params')"
} > "$OUT/machine.txt"
JMH="java -jar $JAR -rf json -foe true"

if [ "$ALL_PARAMS" = 1 ]; then
  # Run 1: everything with an ONNX Runtime baseline, every model, default iterations.
  $JMH -rff "$OUT/inference.json" 'InferenceBenchmark|EndToEndBenchmark'
  # Run 2: CPU-only parts, every model, training up to 10,000 examples.
  $JMH -rff "$OUT/cpu.json" 'PreprocessBenchmark|HeadBenchmark|TrainingBenchmark'
  # Run 3: the face path and raw ORT on the detector and the backbone, both frame sizes.
  $JMH -rff "$OUT/face.json" 'FaceBenchmark'
else
  # Run 1: mask4j and its raw-ORT baseline side by side in one JMH run, all three models.
  $JMH -rff "$OUT/inference.json" -wi 2 -w 1 -i 4 -r 2 -p format=i420 'InferenceBenchmark|EndToEndBenchmark'
  # Run 2: preprocessing, head and training on the default model; training up to 1,000 examples.
  $JMH -rff "$OUT/cpu.json" -wi 2 -w 1 -i 3 -r 1 -p model=mobilenet_v2 -p examples=100,1000 \
    'PreprocessBenchmark|HeadBenchmark|TrainingBenchmark'
  # Run 3: the face path on a 640x480 frame with 1 and 4 faces, both detectors and both heads, and its raw-ORT
  # baselines (18 forks, about 2.5 minutes).
  $JMH -rff "$OUT/face.json" -wi 1 -w 1 -i 3 -r 1 -p size=640x480 'FaceBenchmark'
fi
if [ "$FULL" = 1 ]; then
  java -cp $JAR io.github.mask4j.bench.RoomThroughput --model mobilenet_v2 --tracks 1,4,16 --fps 2 \
    --seconds 30 --warmup 5 --out "$OUT/room.json"
  java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp $JAR io.github.mask4j.bench.Soak --model mobilenet_v1_025 \
    --frames 100000 --warmup 10000 --samples 30 --out "$OUT/soak.json"
  # Room capacity through the real relay: whole-frame and face-path ladders, 30 s measured per rung.
  mask-bench/capacity.sh --no-build --full --out "$OUT"
else
  java -cp $JAR io.github.mask4j.bench.RoomThroughput --model mobilenet_v2 --tracks 1,4,16 --fps 2 \
    --seconds 10 --warmup 3 --out "$OUT/room.json"
  java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp $JAR io.github.mask4j.bench.Soak --model mobilenet_v1_025 \
    --frames 12000 --warmup 2000 --samples 20 --out "$OUT/soak.json"
  # Room capacity through the real relay: whole-frame and face-path ladders, 15 s measured per rung.
  mask-bench/capacity.sh --no-build --out "$OUT"
fi
# Paired ratios (mask4j and raw ORT alternating in one JVM): the targets of docs/performance.md, judged on ciHigh.
PAIRED="java -Xmx1g -cp $JAR io.github.mask4j.bench.Paired --pairs 30"
{
  for m in mobilenet_v2 mobilenet_v2_int8 mobilenet_v1_025; do
    for b in 1 8; do $PAIRED --model $m --what embed --batch $b; done
    $PAIRED --model $m --what e2e
  done
  for m in mobilenet_v2 mobilenet_v1_025; do
    for d in ultraface yunet; do
      for f in 1 4; do $PAIRED --model $m --what face --detector $d --faces $f; done
    done
  done
} 2>>"$OUT/paired.log" | tee "$OUT/paired.jsonl"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 mask-bench/report.py "$OUT" | tee "$OUT/table.md"
