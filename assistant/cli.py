"""`pdz`: the command line. Each subcommand is a thin wrapper; library errors become Italian
messages on stderr, never tracebacks."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import PdzError
from .settings import Settings

DEFAULT_CORPUS = "corpus"


def _progress_factory(enabled: bool):
    if not enabled:
        return None
    from functools import partial

    from tqdm import tqdm

    return partial(tqdm, file=sys.stderr, dynamic_ncols=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest

    settings = Settings.resolve(args.store, args.embedder)
    paths = [Path(p) for p in (args.paths or [DEFAULT_CORPUS])]
    report = ingest(paths, settings, progress=_progress_factory(not args.json))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _print_ingest(report, settings)
    return 0 if report.ok else 1


def _print_ingest(report, settings: Settings) -> None:
    lines = [
        f"Archivio: {settings.store}",
        f"Documenti: {report.documents} · passaggi: {report.passages} · tempo: {report.seconds:.1f} s",
    ]
    for label, items in (
        ("Aggiunti", report.added),
        ("Aggiornati", report.updated),
        ("Invariati", report.unchanged),
        ("Rimossi", report.removed),
    ):
        if items:
            lines.append(f"{label} ({len(items)}): " + ", ".join(items))
    for s in report.skipped:
        lines.append(f"Saltato: {s.path} — {s.reason}")
    if not report.ok:
        lines.append("Nessun file è stato indicizzato.")
    print("\n".join(lines))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pdz",
        description="PDZ Assistant: risposte con citazioni sui documenti dei Piani di Zona.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    p = sub.add_parser(
        "ingest",
        help="indicizza documenti (PDF, Markdown, testo, DOCX)",
        description="Indicizza file o cartelle nell'archivio. Esempio: pdz ingest corpus/ --store .pdz",
    )
    p.add_argument("paths", nargs="*", metavar="PERCORSO", help=f"file o cartelle (predefinito: {DEFAULT_CORPUS}/)")
    p.add_argument("--store", metavar="DIR", help="cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)")
    p.add_argument("--embedder", metavar="NOME", help="e5 (predefinito), hash, st:<modello o cartella>")
    p.add_argument("--json", action="store_true", help="un solo oggetto JSON su stdout, senza barre di avanzamento")
    p.set_defaults(func=cmd_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except PdzError as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrotto. L'archivio resta utilizzabile; rilanciare il comando per completare.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
