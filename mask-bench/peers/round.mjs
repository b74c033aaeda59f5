// One measured round of one JavaScript engine: batch-1 MobileNetV2 inference on a ready 224x224 tensor.
// Prints one JSON line: {"engine", "threads", "calls", "medianMs", "p10Ms", "p90Ms"}.
//
//   node round.mjs --engine ort-node|tfjs-wasm-graph|tfjs-wasm-layers [--model FILE.onnx] [--threads N]
//                  [--warmup-seconds S] [--seconds S]
//
// ort-node runs the ONNX file mask4j uses; the TensorFlow.js engines run the MobileNetV2 that the nsfwjs package
// ships (the same architecture at 224x224, other weights), as a graph model and as a layers model (ml5's path).
import { createRequire } from "node:module";
import os from "node:os";

const require = createRequire(import.meta.url);
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const engine = args.engine;
const threads = Number(args.threads ?? os.availableParallelism());
const warmupMs = 1000 * Number(args["warmup-seconds"] ?? 3);
const measureMs = 1000 * Number(args.seconds ?? 8);

/** Runs `call` for the warm-up, then for the measured time; returns per-call milliseconds. */
async function measure(call) {
  const start = performance.now();
  while (performance.now() - start < warmupMs) await call();
  const times = [];
  const begin = performance.now();
  while (performance.now() - begin < measureMs) {
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

async function ortNode() {
  const ort = require("onnxruntime-node");
  if (!args.model) throw new Error("--model FILE.onnx is required for ort-node");
  const session = await ort.InferenceSession.create(args.model, {
    intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: "all", executionMode: "sequential",
  });
  const input = session.inputNames[0];
  const data = new Float32Array(3 * 224 * 224).map((_, i) => ((i * 2654435761) % 255) / 255 - 0.5);
  const feeds = { [input]: new ort.Tensor("float32", data, [1, 3, 224, 224]) };
  return () => session.run(feeds);
}

async function tfjs(type) {
  const tf = require("@tensorflow/tfjs");
  const wasm = require("@tensorflow/tfjs-backend-wasm");
  wasm.setThreadsCount(threads);
  await tf.setBackend("wasm");
  await tf.ready();
  const nsfw = require("nsfwjs");
  const model = await nsfw.load(type === "graph" ? "MobileNetV2Mid" : "MobileNetV2",
    { size: 224, type: type === "graph" ? "graph" : "layers" });
  const input = tf.randomUniform([1, 224, 224, 3], 0, 1, "float32", 7);
  return async () => {
    const out = model.model.predict(input);
    await out.data();
    out.dispose();
  };
}

const calls = {
  "ort-node": ortNode,
  "tfjs-wasm-graph": () => tfjs("graph"),
  "tfjs-wasm-layers": () => tfjs("layers"),
};
if (!calls[engine]) {
  console.error(`unknown --engine ${engine}; use one of ${Object.keys(calls).join(", ")}`);
  process.exit(2);
}
const times = await measure(await calls[engine]());
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
let usedThreads = threads;
if (engine.startsWith("tfjs")) usedThreads = require("@tensorflow/tfjs-backend-wasm").getThreadsCount();
console.log(JSON.stringify({ engine, threads: usedThreads, calls: times.length, medianMs: q(0.5), p10Ms: q(0.1),
  p90Ms: q(0.9) }));
