"""`pdz bench`: cold ingest, re-ingest, one changed file re-ingested, embedding tokens/s, start-up,
query latency (retrieval alone and the full answer, p50/p95) and peak memory, at one or more
scales of the corpus; prints a Markdown table with the machine and the date, for BENCHMARKS.md.

Each phase runs in its own process, so that its peak memory (max RSS) and its start-up are its
own. Scales above 1 use the synthetic corpus of assistant/synth.py."""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from assistant.core.errors import PdzError

QUESTIONS_PER_RUN = 40
# the change of one file: a paragraph added at its end
CHANGE = "\n\nIl Tavolo di verifica si riunisce ogni tre mesi per esaminare lo stato di attuazione.\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------- phases (child processes)
def phase_ingest(corpus: Path, store: Path, embedder: str) -> dict:
    from assistant.storage.settings import Settings
    from ingest.pipeline import ingest

    t0 = time.perf_counter()
    report = ingest([corpus], Settings.resolve(store, embedder))
    return {
        "seconds": time.perf_counter() - t0,
        "documents": report.documents,
        "passages": report.passages,
        "tokens": report.tokens_embedded,
        "embed_seconds": report.embed_seconds,
        "skipped": len(report.skipped),
        "peak_mb": _peak_mb(),
    }


def phase_startup(store: Path) -> dict:
    """Open the store and answer one question (the parent measures from process start)."""
    from assistant.service import Service
    from assistant.storage.settings import Settings

    answer = Service(Settings.resolve(store)).answerer.answer("Chi coordina il Tavolo Tecnico?")
    return {"answered": bool(answer.text), "peak_mb": _peak_mb()}


def phase_queries(store: Path, questions_file: Path | None) -> dict:
    from assistant.quickstart import candidates
    from assistant.service import Service
    from assistant.storage.settings import Settings

    service = Service(Settings.resolve(store))
    questions = (
        [json.loads(line)["question"] for line in questions_file.read_text().splitlines() if line.strip()]
        if questions_file
        else []
    )
    generated = [q for qs in candidates(service.kb).values() for q in qs]
    questions = (questions + generated)[:QUESTIONS_PER_RUN] if questions else generated[:QUESTIONS_PER_RUN]
    service.answerer.answer(questions[0])  # warm: knowledge base read, caches filled
    retrieval, full = [], []
    for q in questions:
        t0 = time.perf_counter()
        service.retriever.search(q)
        retrieval.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        service.answerer.answer(q)
        full.append((time.perf_counter() - t0) * 1000)
    return {
        "questions": len(questions),
        "retrieval_p50": statistics.median(retrieval),
        "retrieval_p95": float(np.percentile(retrieval, 95)),
        "answer_p50": statistics.median(full),
        "answer_p95": float(np.percentile(full, 95)),
        "peak_mb": _peak_mb(),
    }


def _child(args: list[str]) -> tuple[dict, float]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "assistant.bench", *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise PdzError(f"la fase «{args[1]}» del benchmark non è riuscita:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1]), wall


# ---------------------------------------------------------------------- the run
def run_scale(corpus: Path, scale: int, embedder: str, questions: Path | None, work: Path) -> dict:
    source = work / f"corpus-{scale}x"  # a copy: one of its files is changed below
    if scale == 1:
        shutil.copytree(corpus, source)
    else:
        from assistant.synth import generate

        generate(corpus, source, scale)
    store = work / f"store-{scale}x"
    cold, _ = _child(["--phase", "ingest", str(source), str(store), embedder])
    again, _ = _child(["--phase", "ingest", str(source), str(store), embedder])
    files = sorted(f for f in source.iterdir() if f.suffix == ".md")
    changed = files[len(files) // 2]
    with changed.open("a", encoding="utf-8") as fh:
        fh.write(CHANGE)
    change, _ = _child(["--phase", "ingest", str(source), str(store), embedder])
    start, start_wall = _child(["--phase", "startup", str(store)])
    queries, _ = _child(["--phase", "queries", str(store), str(questions or "")])
    return {
        "scale": scale,
        "cold": cold,
        "again": again,
        "change": change,
        "startup_s": start_wall,
        "startup": start,
        "queries": queries,
    }


def table(rows: list[dict], embedder: str) -> str:
    lines = [
        f"### `pdz bench` — {date.today().isoformat()} — {machine()} — embedder `{embedder}`",
        "",
        "| scale | documents | passages | cold ingest s | re-ingest s | one file changed s | embedding tokens/s "
        "| start → first answer s | retrieval p50 / p95 ms | full answer p50 / p95 ms "
        "| peak MB (ingest / start / queries) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c, q = r["cold"], r["queries"]
        rate = c["tokens"] / c["embed_seconds"] if c["embed_seconds"] else 0
        lines.append(
            f"| {r['scale']}× | {c['documents']} | {c['passages']} | {c['seconds']:.1f} | {r['again']['seconds']:.2f} "
            f"| {r['change']['seconds']:.2f} | {rate:,.0f} | {r['startup_s']:.2f} "
            f"| {q['retrieval_p50']:.1f} / {q['retrieval_p95']:.1f} | {q['answer_p50']:.1f} / {q['answer_p95']:.1f} "
            f"| {c['peak_mb']:.0f} / {r['startup']['peak_mb']:.0f} / {q['peak_mb']:.0f} |"
        )
    lines.append("")
    lines.append(
        f"Latency over {rows[0]['queries']['questions']} questions per scale (the dev questions when given, "
        "then questions drawn from the knowledge base)."
    )
    return "\n".join(lines) + "\n"


def run(
    corpus: Path, scales: list[int], embedder: str, questions: Path | None, out: Path | None, progress=print
) -> str:
    rows = []
    with tempfile.TemporaryDirectory(prefix="pdz-bench-") as tmp:
        for scale in scales:
            progress(f"scala {scale}×: ingest, re-ingest, avvio, domande…")
            rows.append(run_scale(corpus, scale, embedder, questions, Path(tmp)))
    text = table(rows, embedder)
    if out:
        with out.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return text


def _phase_main(argv: list[str]) -> int:
    name = argv[1]
    if name == "ingest":
        result = phase_ingest(Path(argv[2]), Path(argv[3]), argv[4])
    elif name == "startup":
        result = phase_startup(Path(argv[2]))
    else:
        result = phase_queries(Path(argv[2]), Path(argv[3]) if len(argv) > 3 and argv[3] else None)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(_phase_main(sys.argv[1:]))
