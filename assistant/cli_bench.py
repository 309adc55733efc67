"""`pdz bench`: speed and memory, measured and written as a Markdown table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.errors import SettingsError


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.bench import run

    from .service import SHIPPED_CORPUS

    corpus = Path(args.corpus) if args.corpus else SHIPPED_CORPUS
    if not corpus.is_dir():
        raise SettingsError(f"La cartella dei documenti «{corpus}» non esiste.")
    from ingest.pipeline import collect

    if not collect([corpus]).files:
        raise SettingsError(f"Nella cartella «{corpus}» non ci sono documenti da misurare.")
    if any(n > 1 for n in args.scale) and not (corpus / "manifest.json").is_file():
        raise SettingsError(f"Per le scale oltre 1× serve il manifest.json dei documenti in «{corpus}».")
    questions = Path(args.questions) if args.questions else None
    if questions is not None and not questions.is_file():
        raise SettingsError(f"Il file di domande «{questions}» non esiste.")
    out = Path(args.out) if args.out else None
    text = run(corpus, args.scale, args.embedder, questions, out, progress=lambda m: print(m, file=sys.stderr))
    print(text)
    return 0


def _scale(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"la scala deve essere un intero da 1 in su, non «{text}»")
    return int(text)


def add_commands(sub) -> None:
    p = sub.add_parser(
        "bench",
        help="misura ingest, avvio, latenza e memoria (tabella Markdown)",
        description="Esempi: pdz bench --questions ../shared/eval/dev.jsonl --out BENCHMARKS.md; "
        "pdz bench --scale 1 10 100 --embedder hash (corpus sintetico generato dai documenti reali).",
    )
    p.add_argument("--corpus", metavar="DIR", help="documenti di partenza (predefinito: corpus/)")
    p.add_argument("--scale", type=_scale, nargs="+", default=[1], metavar="N", help="multipli del corpus (1 10 100)")
    p.add_argument("--embedder", default="e5", help="e5 (predefinito) oppure hash per le scale grandi")
    p.add_argument(
        "--questions", metavar="FILE.jsonl", help="domande da cronometrare (oltre a quelle tratte dai documenti)"
    )
    p.add_argument("--out", metavar="FILE.md", help="aggiunge la tabella in fondo a questo file")
    p.set_defaults(func=cmd_bench)
