"""What the `pdz` commands share: an argument parser that speaks Italian, the ingest's progress
bars and its report as printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .storage.settings import Settings

# argparse writes its own words through gettext; these are the ones a user meets.
_ARGPARSE_IT = {
    "usage: ": "uso: ",
    "options": "opzioni",
    "positional arguments": "argomenti",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "%(prog)s: error: %(message)s\n": "%(prog)s: errore: %(message)s\n",
    "the following arguments are required: %s": "mancano questi argomenti: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "invalid %(type)s value: %(value)r": "valore non valido (%(type)s): %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "scelta non valida: %(value)r (possibili: %(choices)s)",
    "expected one argument": "serve un valore",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
}


@contextmanager
def _italian() -> Iterator[None]:
    """argparse's words in Italian while one of our parsers builds, parses or prints; the module's
    own gettext is given back afterwards, so other parsers in the process are left as they are."""
    saved = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: _ARGPARSE_IT.get(text, saved(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


class ItalianParser(argparse.ArgumentParser):
    """An ArgumentParser whose own messages (usage, errors, the -h line) are in Italian; its
    subcommands' parsers are of the same class."""

    def __init__(self, *args, **kwargs) -> None:
        with _italian():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _italian():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with _italian():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _italian():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _italian():
            return super().format_usage()

    def format_help(self) -> str:
        with _italian():
            return super().format_help()

    def error(self, message: str):
        with _italian():
            super().error(message)


def say(message: str) -> None:
    """A notice on stderr while a command works (stdout stays for its output, JSON included)."""
    print(message, file=sys.stderr, flush=True)


def progress_factory(enabled: bool):
    """tqdm bars on stderr for a long ingest, or None (JSON output, tests)."""
    if not enabled:
        return None
    from functools import partial

    from tqdm import tqdm

    return partial(tqdm, file=sys.stderr, dynamic_ncols=True)


def print_ingest(report, settings: Settings) -> None:
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
