#!/usr/bin/env python3
"""Turns a JMH JSON result (-rf json) into the ratio table of docs/performance.md.

Every figure is a ratio of two benchmarks of the same run. The estimator is the median of all measurement
iterations (all forks): the machine is shared, and a load spike in one iteration moves the mean, not the
median. A paired figure (initiate, normalize) is the median of per-iteration ratios of two
sums measured in the same invocations (see InitiateBenchmark). Usage: python3 voice-benchmarks/ratios.py target/jmh.json [second-run.json]
(with a second run: both runs' ratios side by side)
"""
import json
import statistics
import sys

VAPI_BODY = 10536   # bytes of webhook-end-of-call-report-completed.json
BLAND_BODY = 3975   # bytes of webhook-completed-human.json


def load(path):
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        key = name[-2] + "." + name[-1]
        params = r.get("params") or {}
        if params:
            key += "[" + ",".join(f"{v}" for v in params.values()) + "]"
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        secondary = r.get("secondaryMetrics") or {}
        alloc = secondary.get("gc.alloc.rate.norm")
        out[key] = {
            "median": statistics.median(raw),
            "mean": r["primaryMetric"]["score"],
            "error": r["primaryMetric"]["scoreError"],
            "unit": r["primaryMetric"]["scoreUnit"],
            "n": len(raw),
            "alloc": alloc["score"] if alloc else None,
            # Per-iteration sums of @AuxCounters(EVENTS) fields, in the same order for every counter.
            "counters": {name: [x for fork in m["rawData"] for x in fork] for name, m in secondary.items()
                         if not name.startswith("gc.")},
        }
    return out


def ratio_rows(b):
    """(measure, medians, ratio, target, verdict) for every target whose two benchmarks are in b."""
    rows = []

    def judged(r, limit, strict):
        """(target, verdict) of ratio r against limit (None: no target, the row is information)."""
        if limit is None:
            return "-", "info"
        return (("< " if strict else "<= ") + f"{limit:g}x",
                "pass" if (r < limit if strict else r <= limit) else "MISS")

    def ratio(label, num, den, limit, strict=False):
        if num not in b or den not in b:
            return
        r = b[num]["median"] / b[den]["median"]
        rows.append((label, f"{b[num]['median']:.2f} / {b[den]['median']:.2f} {b[num]['unit']}",
                     f"{r:.2f}x", *judged(r, limit, strict)))

    def paired(label, bench, num, den, count, limit, strict=False):
        """Median over iterations of num/den, two sums measured side by side in the same iterations."""
        if bench not in b or num not in b[bench]["counters"]:
            return
        c = b[bench]["counters"]
        per_iteration = [n / d for n, d in zip(c[num], c[den]) if d > 0]
        r = statistics.median(per_iteration)
        pairs = sum(c[count])
        rows.append((label, f"{sum(c[num]) / pairs / 1000:.2f} / {sum(c[den]) / pairs / 1000:.2f} us/op "
                            f"({len(per_iteration)} iterations, min {min(per_iteration):.2f}x, "
                            f"max {max(per_iteration):.2f}x)",
                     f"{r:.2f}x", *judged(r, limit, strict)))

    def alloc(label, bench, body):
        if bench not in b or b[bench]["alloc"] is None:
            return
        r = b[bench]["alloc"] / body
        rows.append((label, f"{b[bench]['alloc']:.0f} B / {body} B body", f"{r:.2f}x", "<= 3x",
                     "pass" if r <= 3 else "MISS"))

    for provider, prefix, body in (("VAPI", "vapi", VAPI_BODY), ("Bland", "bland", BLAND_BODY)):
        bench = f"NormalizeBenchmark.{prefix}"
        ratio(f"{provider} normalize / floor (token walk + HMAC)", bench + "Normalize", bench + "Floor", 1.5)
        ratio(f"{provider} normalize / readTree + HMAC", bench + "Normalize", bench + "ReadTree", 1.0, strict=True)
        paired(f"{provider} normalize / floor, paired in one invocation", bench + "Paired",
               "normalizeNanos", "floorNanos", "rounds", 1.5)
        paired(f"{provider} normalize / readTree + HMAC, paired in one invocation", bench + "Paired",
               "normalizeNanos", "readTreeNanos", "rounds", 1.0, strict=True)
        alloc(f"{provider} bytes allocated per normalize / body", bench + "Normalize", body)
    for threads, suffix in (("1 thread", ""), ("2 threads", "2")):
        for n in ("1000", "100000", "1000000"):
            ratio(f"Webhook path, applied / normalize-only, {threads}, {int(n):,} calls stored",
                  f"WebhookPathBenchmark.applied{suffix}[{n}]", f"WebhookPathBenchmark.normalizeOnly{suffix}[{n}]",
                  1.5)
        ratio(f"Webhook path flat: applied at 1,000,000 / at 1,000 calls stored, {threads}",
              f"WebhookPathBenchmark.applied{suffix}[1000000]", f"WebhookPathBenchmark.applied{suffix}[1000]", 1.25)
    for n in ("1000", "100000", "1000000"):
        ratio(f"Webhook path, duplicate (no-op) / normalize-only, 1 thread, {int(n):,} calls stored",
              f"WebhookPathBenchmark.duplicate[{n}]", f"WebhookPathBenchmark.normalizeOnly[{n}]", 1.5)
    for n in ("1000", "100000", "1000000"):
        paired(f"Webhook path with MicrometerVoiceObserver / no-op observer, paired, {int(n):,} calls stored",
               f"WebhookPathBenchmark.observerPaired[{n}]", "meteredNanos", "noopNanos", "rounds", 1.1)
    for n in ("1000", "1000000"):
        ratio(f"Breakdown: handle alone / normalize-only, 1 thread, {int(n):,} calls stored",
              f"WebhookPathBenchmark.handleOnly[{n}]", f"WebhookPathBenchmark.normalizeOnly[{n}]", None)
    ratio("Initiate (VAPI, stub) / raw java.net.http POST", "InitiateBenchmark.sdkInitiate",
          "InitiateBenchmark.rawPost", 1.05)
    paired("Initiate (VAPI, stub) / raw java.net.http POST, paired in one invocation",
           "InitiateBenchmark.paired", "sdkNanos", "rawNanos", "pairs", 1.05)
    paired("Breakdown: initiate / raw POST, CPU time of the calling thread, paired",
           "InitiateBenchmark.paired", "sdkCpuNanos", "rawCpuNanos", "pairs", None)
    ratio("Breakdown: initiate / raw POST, no network (client answers at once): the SDK's own work",
          "InitiateBenchmark.sdkInitiateNoNetwork", "InitiateBenchmark.rawPostNoNetwork", None)
    for threads, suffix in (("1 thread", ""), ("8 threads", "8")):
        ratio(f"JDBC handle / hand-written SELECT + UPDATE, {threads}, 100,000 calls stored",
              f"JdbcRepositoryBenchmark.handle{suffix}", f"JdbcRepositoryBenchmark.handleFloor{suffix}", 1.3)
        paired(f"JDBC handle / hand-written SELECT + UPDATE, paired, {threads}, 100,000 calls stored",
               f"JdbcRepositoryBenchmark.handlePaired{suffix}", "sdkNanos", "floorNanos", "pairs", 1.3)
    ratio("JDBC repository share of initiate / hand-written INSERT + UPDATE",
          "JdbcRepositoryBenchmark.initiateStore", "JdbcRepositoryBenchmark.initiateStoreFloor", 1.3)
    paired("JDBC repository share of initiate / hand-written INSERT + UPDATE, paired",
           "JdbcRepositoryBenchmark.initiateStorePaired", "sdkNanos", "floorNanos", "pairs", 1.3)
    ratio("endedReason: ended status-update / live status-update, per value (595 values)",
          "EndedReasonsBenchmark.endedStatus", "EndedReasonsBenchmark.liveStatus", None)

    return rows


def main(path, other=None):
    b = load(path)
    rows = ratio_rows(b)
    if other:
        # Two runs side by side: the medians are run 1's, each run has its own ratio and verdict.
        second = {r[0]: r for r in ratio_rows(load(other))}
        print("| measure | medians (run 1) | run 1 | run 2 | target | verdict (run 1 / run 2) |")
        print("|---|---|---|---|---|---|")
        for row in rows:
            o = second.get(row[0], (None, None, "-", None, "-"))
            print(f"| {row[0]} | {row[1]} | {row[2]} | {o[2]} | {row[3]} | {row[4]} / {o[4]} |")
        return
    print("| measure | medians | ratio | target | verdict |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("| benchmark | median | mean ± 99.9% error | unit | iterations | B/op |")
    print("|---|---|---|---|---|---|")
    for k in sorted(b):
        v = b[k]
        a = "" if v["alloc"] is None else f"{v['alloc']:.0f}"
        err = v["error"] if isinstance(v["error"], (int, float)) else float("nan")
        print(f"| {k} | {v['median']:.3f} | {v['mean']:.3f} ± {err:.3f} | {v['unit']} | {v['n']} | {a} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/jmh.json", sys.argv[2] if len(sys.argv) > 2 else None)
