// Summarises peers.jsonl (one line per engine and round, as run.sh writes it): per engine the median over rounds
// of each round's median latency, and its ratio to onnxruntime-node paired by round, with a 95 % bootstrap interval
// over rounds (rounds resampled). Prints a Markdown table, then one JSON line per engine.
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const baseline = "ort-node";
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
function bootstrap(ratios, n = 4000) {
  const medians = [];
  for (let i = 0; i < n; i++) medians.push(median(ratios.map(() => ratios[Math.floor(random() * ratios.length)])));
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(0.025 * n)], medians[Math.floor(0.975 * n)]];
}
const byEngine = new Map();
for (const r of rows) {
  if (!byEngine.has(r.engine)) byEngine.set(r.engine, new Map());
  byEngine.get(r.engine).set(r.round, r);
}
const base = byEngine.get(baseline);
const out = [];
for (const [engine, rounds] of byEngine) {
  const ms = [...rounds.values()].map((r) => r.medianMs);
  const ratios = base ? [...rounds.keys()].filter((k) => base.has(k))
    .map((k) => rounds.get(k).medianMs / base.get(k).medianMs) : [];
  const [ciLow, ciHigh] = ratios.length ? bootstrap(ratios) : [NaN, NaN];
  out.push({ engine, threads: [...rounds.values()][0].threads, rounds: ms.length, medianMs: median(ms),
    ratioToOrtNode: ratios.length ? median(ratios) : null, ciLow, ciHigh });
}
const f = (x, d = 2) => (x == null || Number.isNaN(x) ? "–" : x.toFixed(d));
console.log("| engine | threads | rounds | median ms per image | × onnxruntime-node | 95 % interval |");
console.log("|---|---|---|---|---|---|");
for (const o of out) {
  console.log(`| ${o.engine} | ${o.threads} | ${o.rounds} | ${f(o.medianMs)} | ${f(o.ratioToOrtNode)} | ` +
    `${f(o.ciLow)}–${f(o.ciHigh)} |`);
}
for (const o of out) console.log(JSON.stringify(o));
