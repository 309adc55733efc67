"""`pdz bench`: speed and memory, measured and written as a Markdown table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.bench import run

    from .service import SHIPPED_CORPUS

    corpus = Path(args.corpus) if args.corpus else SHIPPED_CORPUS
    questions = Path(args.questions) if args.questions else None
    out = Path(args.out) if args.out else None
    text = run(corpus, args.scale, args.embedder, questions, out, progress=lambda m: print(m, file=sys.stderr))
    print(text)
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser(
        "bench",
        help="misura ingest, avvio, latenza e memoria (tabella Markdown)",
        description="Esempi: pdz bench --questions ../shared/eval/dev.jsonl --out BENCHMARKS.md; "
        "pdz bench --scale 1 10 100 --embedder hash (corpus sintetico generato dai documenti reali).",
    )
    p.add_argument("--corpus", metavar="DIR", help="documenti di partenza (predefinito: corpus/)")
    p.add_argument("--scale", type=int, nargs="+", default=[1], metavar="N", help="multipli del corpus (1 10 100)")
    p.add_argument("--embedder", default="e5", help="e5 (predefinito) oppure hash per le scale grandi")
    p.add_argument(
        "--questions", metavar="FILE.jsonl", help="domande da cronometrare (oltre a quelle tratte dai documenti)"
    )
    p.add_argument("--out", metavar="FILE.md", help="aggiunge la tabella in fondo a questo file")
    p.set_defaults(func=cmd_bench)
