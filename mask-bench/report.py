#!/usr/bin/env python3
"""Turns one run.sh results directory into Markdown tables: medians and ratios to raw ONNX Runtime, room
throughput, soak and the relay capacity curve (with a plot when matplotlib is installed).

Usage: python3 mask-bench/report.py mask-bench/results/<run>
Medians are over all measurement iterations of a benchmark (JMH's rawData), which resists the outliers a
shared machine produces better than JMH's mean.
"""
import json
import os
import statistics
import sys


def load(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def median(entry):
    values = [v for it in entry["primaryMetric"]["rawData"] for v in it]
    return statistics.median(values)


def cpu(entry):
    """Median process CPU ms per operation (the ProcessCpu aux counter), or None."""
    metric = entry.get("secondaryMetrics", {}).get("cpuMsPerOp")
    if not metric:
        return None
    values = [v for it in metric["rawData"] for v in it if v > 0]
    return statistics.median(values) if values else None


def fmt(value, digits=2):
    return "n/a" if value is None else f"{value:.{digits}f}"


def spread(entry):
    values = [v for it in entry["primaryMetric"]["rawData"] for v in it]
    return min(values), max(values)


def index(entries):
    out = {}
    for e in entries:
        name = e["benchmark"].rsplit(".", 2)
        key = (name[-2] + "." + name[-1], tuple(sorted(e.get("params", {}).items())))
        out[key] = e
    return out


def find(idx, bench, **params):
    want = {k: str(v) for k, v in params.items()}
    for (b, p), e in idx.items():
        if b == bench and all(dict(p).get(k) == v for k, v in want.items()):
            return e
    return None


def verdict(value, limit):
    return "pass" if value <= limit else "**MISS**"


def main(run):
    inference = index(load(os.path.join(run, "inference.json")))
    cpu_runs = index(load(os.path.join(run, "cpu.json")))
    models = ["mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v1_025"]
    lines = []
    if os.path.exists(os.path.join(run, "machine.txt")):
        with open(os.path.join(run, "machine.txt")) as f:
            lines.append("Machine: " + "; ".join(l.strip() for l in f if l.strip()))
            lines.append("")

    if inference:
        lines.append("### Embedding and end to end vs raw ONNX Runtime (same JMH run)")
        lines.append("")
        lines.append("Wall = median ms/op; CPU = median process CPU ms/op (all threads). Targets are judged on the wall "
                     "ratio; the CPU ratio is the steadier figure on a shared machine.")
        lines.append("")
        lines.append("| model | what | raw ORT wall | mask4j wall | wall ratio | target | result "
                     "| raw ORT CPU | mask4j CPU | CPU ratio |")
        lines.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|")
        for m in models:
            for batch in (1, 8):
                raw = find(inference, "InferenceBenchmark.rawOrt", model=m, batch=batch)
                ours = find(inference, "InferenceBenchmark.mask4jEmbed", model=m, batch=batch)
                if raw and ours:
                    r = median(ours) / median(raw)
                    c = cpu(ours) / cpu(raw) if cpu(ours) and cpu(raw) else None
                    lines.append(f"| {m} | embed, batch {batch} | {median(raw):.2f} | {median(ours):.2f} | {r:.3f} "
                                 f"| <= 1.10 | {verdict(r, 1.10)} | {fmt(cpu(raw))} | {fmt(cpu(ours))} | {fmt(c, 3)} |")
            raw = find(inference, "InferenceBenchmark.rawOrt", model=m, batch=1)
            for fmt_ in ("i420", "rgb"):
                e2e = find(inference, "EndToEndBenchmark.frameToLabel", model=m, format=fmt_)
                if raw and e2e:
                    r = median(e2e) / median(raw)
                    c = cpu(e2e) / cpu(raw) if cpu(e2e) and cpu(raw) else None
                    lines.append(f"| {m} | 640x480 {fmt_} frame -> label vs ORT inference alone | {median(raw):.2f} "
                                 f"| {median(e2e):.2f} | {r:.3f} | <= 1.25 | {verdict(r, 1.25)} "
                                 f"| {fmt(cpu(raw))} | {fmt(cpu(e2e))} | {fmt(c, 3)} |")
        lines.append("")

    face = index(load(os.path.join(run, "face.json")))
    if face:
        lines.append("### Face path vs raw ONNX Runtime on both models (same JMH run)")
        lines.append("")
        lines.append("Frame = packed RGB `RawFrame` (1 face: grace_hopper.jpg, 4 faces: face.jpg; `native` = the photo's "
                     "size, else stretched). Baseline = raw ORT detector on its input tensor (+ raw ORT backbone on a "
                     "batch of as many face crops as there are faces). Median ms/op; CPU = process CPU ms/op.")
        lines.append("")
        lines.append("| detector | classifier | faces | frame | raw ORT wall | mask4j wall | wall ratio "
                     "| raw ORT CPU | mask4j CPU | CPU ratio |")
        lines.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|")

        def both(entries):
            if any(e is None for e in entries):
                return None, None
            wall = sum(median(e) for e in entries)
            cpus = [cpu(e) for e in entries]
            return wall, (sum(cpus) if all(cpus) else None)

        def row(det, head, faces, size, baseline, ours):
            raw_wall, raw_cpu = both(baseline)
            if ours is None or raw_wall is None:
                return
            c = cpu(ours) / raw_cpu if cpu(ours) and raw_cpu else None
            lines.append(f"| {det} | {head} | {faces} | {size} | {raw_wall:.2f} | {median(ours):.2f} "
                         f"| {median(ours) / raw_wall:.3f} | {fmt(raw_cpu)} | {fmt(cpu(ours))} | {fmt(c, 3)} |")

        sizes = sorted({dict(p).get("size") for (b, p) in face if dict(p).get("size")})
        for det in ("ultraface_rfb_320", "yunet"):
            raw_det = find(face, "FaceBenchmark.rawDetector", detector=det)
            for faces in (1, 4):
                for size in sizes:
                    row(det, "(detect only)", faces, size, [raw_det],
                        find(face, "FaceBenchmark.detect", detector=det, faces=faces, size=size))
                    for head in ("mobilenet_v2", "mobilenet_v1_025"):
                        row(det, head, faces, size,
                            [raw_det, find(face, "FaceBenchmark.rawBackbone", classifier=head, batch=faces)],
                            find(face, "FaceBenchmark.maskDetect", detector=det, classifier=head, faces=faces,
                                 size=size))
        lines.append("")
        lines.append("| raw ORT alone | model | batch | wall | CPU |")
        lines.append("|---|---|---:|---:|---:|")
        for det in ("ultraface_rfb_320", "yunet"):
            e = find(face, "FaceBenchmark.rawDetector", detector=det)
            if e:
                lines.append(f"| detector | {det} | 1 | {median(e):.2f} | {fmt(cpu(e))} |")
        for head in ("mobilenet_v2", "mobilenet_v1_025"):
            for batch in (1, 4):
                e = find(face, "FaceBenchmark.rawBackbone", classifier=head, batch=batch)
                if e:
                    lines.append(f"| backbone | {head} | {batch} | {median(e):.2f} | {fmt(cpu(e))} |")
        lines.append("")

    rows = [(p, e) for (b, p), e in cpu_runs.items() if b == "PreprocessBenchmark.preprocess"]
    if rows:
        lines.append("### Preprocessing alone: image -> input tensor (median us/op)")
        lines.append("")
        lines.append("| model | source | size | us/op | min..max | CPU us/op |")
        lines.append("|---|---|---|---:|---|---:|")
        order = {"jpeg": 0, "buffered": 1, "rgb": 2, "i420": 3}
        for p, e in sorted(rows, key=lambda r: (dict(r[0])["model"], dict(r[0])["size"], order[dict(r[0])["source"]])):
            d = dict(p)
            lo, hi = spread(e)
            c = cpu(e)
            lines.append(f"| {d['model']} | {d['source']} | {d['size']} | {median(e):.0f} | {lo:.0f}..{hi:.0f} "
                         f"| {fmt(c * 1000 if c else None, 0)} |")
        lines.append("")

    rows = [(p, e) for (b, p), e in cpu_runs.items() if b == "HeadBenchmark.classifyEmbedding"]
    if rows:
        lines.append("### Head: classify one embedding (median us/op)")
        lines.append("")
        lines.append("| model | head | us/op | CPU us/op |")
        lines.append("|---|---|---:|---:|")
        for p, e in sorted(rows):
            d = dict(p)
            c = cpu(e)
            lines.append(f"| {d['model']} | {d['head']} | {median(e):.1f} | {fmt(c * 1000 if c else None, 1)} |")
        lines.append("")

    rows = [(p, e) for (b, p), e in cpu_runs.items() if b == "TrainingBenchmark.train20Epochs"]
    if rows:
        lines.append("### Training the MLP head, 20 epochs (median ms per training, SingleShotTime)")
        lines.append("")
        lines.append("| model | examples | ms | min..max | target | result | CPU ms |")
        lines.append("|---|---:|---:|---|---:|---|---:|")
        for p, e in sorted(rows, key=lambda r: (dict(r[0])["model"], int(dict(r[0])["examples"]))):
            d = dict(p)
            lo, hi = spread(e)
            target, result = ("<= 500", verdict(median(e), 500)) if d["examples"] == "1000" else ("", "")
            lines.append(f"| {d['model']} | {int(d['examples']):,} | {median(e):.0f} | {lo:.0f}..{hi:.0f} "
                         f"| {target} | {result} | {fmt(cpu(e), 0)} |")
        lines.append("")

    room = load(os.path.join(run, "room.json"))
    if room:
        lines.append("### Room throughput: N tracks of 640x480 I420 through Classifier.classify (mask-core path)")
        lines.append("")
        lines.append("| model | tracks | fps/track | offered fps | sustained fps | dropped | p50 ms | p99 ms |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in room:
            lines.append(f"| {r['model']} | {r['tracks']} | {r['fpsPerTrack']:g} | {r['offeredFps']:g} "
                         f"| {r['sustainedFps']:.1f} | {r['dropped']} | {r['p50Ms']:.1f} | {r['p99Ms']:.1f} |")
        lines.append("")

    soak_path = os.path.join(run, "soak.json")
    if os.path.exists(soak_path):
        with open(soak_path) as f:
            s = json.load(f)
        lines.append("### Soak: resident memory")
        lines.append("")
        lines.append("| model | frames (warm-up) | frames/s | RSS after warm-up | RSS at end | end-point growth | target | result "
                     "| trend (last vs first quarter) | max RSS | heap after GC, warm-up -> end |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|")
        lines.append(f"| {s['model']} | {s['frames']:,} ({s['warmupFrames']:,}) | {s['framesPerSecond']:.0f} "
                     f"| {s['rssAfterWarmupKb'] / 1024:.1f} MB | {s['rssEndKb'] / 1024:.1f} MB "
                     f"| {s['rssGrowthPercent']:+.2f} % | < 5 % (trend) | {verdict(s['rssTrendPercent'], 4.999)} "
                     f"| {s['rssTrendPercent']:+.2f} % | {s['rssMaxKb'] / 1024:.1f} MB "
                     f"| {s['heapAfterWarmupKb'] / 1024:.1f} -> {s['heapEndKb'] / 1024:.1f} MB |")
        lines.append("")
    lines.extend(paired(run))
    lines.extend(capacity(run))
    print("\n".join(lines))


# Issue targets for Paired (mask4j over raw ONNX Runtime in one JVM), judged on the upper end of the ratio's 95 %
# bootstrap interval: (what, model) -> the largest acceptable ciHigh.
PAIRED_TARGETS = {
    ("embed", "mobilenet_v2"): 1.05, ("embed", "mobilenet_v2_int8"): 1.05, ("embed", "mobilenet_v1_025"): 1.10,
    ("e2e", "mobilenet_v2"): 1.15, ("e2e", "mobilenet_v2_int8"): 1.25, ("e2e", "mobilenet_v1_025"): 1.50,
    ("face", "mobilenet_v2"): 1.25, ("face", "mobilenet_v1_025"): 1.25,
}


def paired(run):
    """The Paired ratios of paired.jsonl, each judged on ciHigh against its target."""
    path = os.path.join(run, "paired.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        rows = [json.loads(l) for l in f if l.strip().startswith("{")]
    if not rows:
        return []
    lines = ["### Paired: mask4j against raw ONNX Runtime in one JVM (Paired)", "",
             "Alternating blocks of calls after a shared warm-up, 30 pairs or more; medians of each side's ms per "
             "call and of the per-pair ratio, with the ratio's 95 % bootstrap interval. Judged on the interval's "
             "upper end. embed: packed RGB at the model's size vs raw inference on the ready tensor; e2e: a "
             "640x480 I420 frame to a label vs raw inference alone; face: MaskDetector.detect on a 640x480 frame "
             "vs the raw detector plus the raw backbone on the crops.", "",
             "| model | what | batch / faces | detector | mask4j ms | raw ms | ratio | 95 % interval | target "
             "| result | load avg |",
             "|---|---|---:|---|---:|---:|---:|---|---:|---|---:|"]
    for r in rows:
        target = PAIRED_TARGETS.get((r["what"], r["model"]))
        result = "" if target is None else ("pass" if r["ciHigh"] <= target else "**MISS**")
        lines.append(f"| {r['model']} | {r['what']} | {r['batch']} | {r.get('detector') or ''} "
                     f"| {r['mask4jMs']:.3f} | {r['rawMs']:.3f} | {r['ratio']:.3f} "
                     f"| {r['ciLow']:.3f}-{r['ciHigh']:.3f} | {'' if target is None else f'<= {target:.2f}'} "
                     f"| {result} | {r.get('loadAverage')} |")
    lines.append("")
    return lines


# A rung sustains its load when the relay answers at least this share of the frames sent and the 99th
# percentile of sent -> answer stays within P99_LIMIT_MS. A queue growing over the window would push latency
# past that limit too; the trend column shows it as well (a ratio alone is noisy at latencies of a few ms).
SUSTAINED_SHARE = 0.95
P99_LIMIT_MS = 200


def sustained(r):
    return r["sent"] > 0 and r["answered"] >= SUSTAINED_SHARE * r["sent"] and r["p99Ms"] <= P99_LIMIT_MS


def ladder(r):
    """One curve: the path and the frames' size."""
    return r["path"] + " " + r.get("frameSize", "640x480")


def capacity(run):
    """The capacity curve of capacity.jsonl (RelayLoad), one table row per path and track count, and a plot."""
    path = os.path.join(run, "capacity.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        rows = [json.loads(l) for l in f if l.strip()]
    if not rows:
        return []
    lines = ["### Room capacity through the real relay (RelayLoad)", "",
             "N relay sockets on 127.0.0.1, each one track of 640x480 JPEG frames of the sample clips at the given "
             "rate; latency from frame sent to the relay's answer for it; a dropped frame got no answer (the relay "
             "keeps each track's latest frame only). In flight = most frames sent and not yet answered or "
             "superseded. Trend = median latency of the window's last third over its first third (well above 1 "
             "with rising latency: a queue growing). CPU in cores over the window. Sustained: answered >= "
             f"{SUSTAINED_SHARE:.0%} of sent and p99 <= {P99_LIMIT_MS} ms.", "",
             "| path | tracks | offered fps | answered fps | dropped | p50 ms | p99 ms | max ms | trend | in flight "
             "| server CPU | load CPU | machine CPU | server heap MB | server threads | sustained |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for r in rows:
        what = (r["path"] + " " + r["model"] + (" + " + r["detector"] if r.get("detector") else "")
                + " " + r.get("frameSize", "640x480"))
        lines.append(f"| {what} | {r['tracks']} | {r['offeredFps']:g} | {r['resultFps']:.1f} "
                     f"| {r['dropped']} ({r['droppedPercent']:.1f} %) | {r['p50Ms']:.0f} | {r['p99Ms']:.0f} "
                     f"| {r['maxMs']:.0f} | {r['latencyTrend']:.2f} | {r['inFlightMax']} | {r['serverCpuCores']:.2f} "
                     f"| {r['loadCpuCores']:.2f} | {r.get('machineCpuCores', float('nan')):.2f} "
                     f"| {r['serverHeapMbBefore']:.0f} -> {r['serverHeapMbAfter']:.0f} "
                     f"| {r['serverThreadsBefore']} -> {r['serverThreadsAfter']} "
                     f"| {'yes' if sustained(r) else '**no**'} |")
    lines.append("")
    for p in sorted({ladder(r) for r in rows}):
        ok = [r["tracks"] for r in rows if ladder(r) == p and sustained(r)]
        tried = max(r["tracks"] for r in rows if ladder(r) == p)
        lines.append(f"Capacity, {p}: {max(ok) if ok else 0} tracks sustained (largest rung tried: {tried}).")
    whole40 = [r for r in rows if r["path"] == "whole" and r["tracks"] >= 40
               and r.get("frameSize", "640x480") == "640x480"]
    if whole40:
        lines.append(f"Target: >= 40 whole-frame tracks x 5 fps with p99 <= {P99_LIMIT_MS} ms: "
                     f"{'pass' if any(sustained(r) for r in whole40) else '**MISS**'}.")
    lines.append("")
    plot = plot_capacity(rows, os.path.join(run, "capacity.png"))
    if plot:
        lines.append(f"![capacity curve]({os.path.basename(plot)})")
        lines.append("")
    return lines


def plot_capacity(rows, out):
    """Answered fps and p99 latency against tracks, per path; None (no plot) without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report.py: matplotlib not installed, no capacity plot", file=sys.stderr)
        return None
    fig, (fps_ax, lat_ax) = plt.subplots(1, 2, figsize=(10, 4))
    for p in sorted({ladder(r) for r in rows}):
        rs = sorted((r for r in rows if ladder(r) == p), key=lambda r: r["tracks"])
        n = [r["tracks"] for r in rs]
        fps_ax.plot(n, [r["resultFps"] for r in rs], marker="o", label=p + " answered")
        fps_ax.plot(n, [r["offeredFps"] for r in rs], linestyle=":", label=p + " offered")
        lat_ax.plot(n, [r["p99Ms"] for r in rs], marker="o", label=p + " p99")
        lat_ax.plot(n, [r["p50Ms"] for r in rs], marker=".", linestyle="--", label=p + " p50")
    lat_ax.axhline(P99_LIMIT_MS, color="grey", linewidth=0.8)
    fps_ax.set(xlabel="tracks", ylabel="frames/s", title="throughput")
    lat_ax.set(xlabel="tracks", ylabel="ms, sent -> answer", title="latency", yscale="log")
    fps_ax.legend()
    lat_ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py <results dir>")
    main(sys.argv[1])
