"""`pdz impegni | organi | scadenze | assi | glossario | briefing`: the knowledge base from the
command line. With --json one JSON array; without, a readable table."""

from __future__ import annotations

import argparse
import errno
import json
import shutil
import textwrap
from datetime import date
from pathlib import Path

from .core.errors import SettingsError
from .render import counted
from .storage.kb import KnowledgeBase
from .storage.settings import Settings

STORE_HELP = "cartella dell'archivio (altrimenti $PDZ_STORE, poi .pdz/)"


def _kb(args) -> KnowledgeBase:
    return KnowledgeBase.load(Settings.resolve(store=args.store).store)


def _scope(args) -> dict:
    return {"territory": getattr(args, "territorio", None), "source": getattr(args, "documento", None)}


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        why = {
            errno.ENOENT: "la cartella non esiste",
            errno.EACCES: "permesso negato",
            errno.EISDIR: "è una cartella",
            errno.ENOSPC: "disco pieno",
        }.get(exc.errno or 0, "errore di scrittura")
        raise SettingsError(f"Non riesco a scrivere «{path}»: {why}.") from exc


def _table(rows: list[list[str]], headers: list[str]) -> str:
    """Columns that fit the terminal, long cells wrapped."""
    width = max(60, shutil.get_terminal_size((120, 20)).columns)
    share = max(12, (width - 3 * len(headers)) // len(headers))
    out = []
    for row in [headers, *rows]:
        cells = [_wrapped(c, share) for c in row]
        for i in range(max(len(c) for c in cells)):
            out.append(" | ".join((c[i] if i < len(c) else "").ljust(share) for c in cells).rstrip())
        if row is headers:
            out.append("-+-".join("-" * share for _ in headers))
    return "\n".join(out)


def _wrapped(cell, width: int) -> list[str]:
    """A cell's lines: words kept whole (a word longer than the column runs past it), at most 240
    characters."""
    text = textwrap.shorten(str(cell or "—"), 240, placeholder=" …")
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _emit(args, records: list, headers: list[str], row) -> int:
    if args.json:
        print(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=1))
        return 0
    if not records:
        print("Nessun risultato nei documenti caricati.")
        return 0
    print(_table([[*row(r), r.reference] for r in records], [*headers, "fonte"]))
    print(f"\n{counted(len(records), 'voce', 'voci')}.")
    return 0


def cmd_impegni(args) -> int:
    records = _kb(args).commitments(party=args.party, **_scope(args))
    return _emit(args, records, ["soggetto", "impegno", "entro"], lambda c: [c.party, c.commitment, c.deadline])


def cmd_organi(args) -> int:
    records = _kb(args).bodies(**_scope(args))
    return _emit(
        args,
        records,
        ["organo", "ruolo", "composizione", "coordinamento", "frequenza"],
        lambda b: [b.name, b.role, b.composition, b.coordinator, b.frequency],
    )


def cmd_scadenze(args) -> int:
    kb = _kb(args)
    on = _on(args.data)
    if args.tipo_data or args.tutte:
        records = sorted(kb.dates(kind=args.tipo_data, **_scope(args)), key=lambda d: (d.date is None, d.date or ""))
    else:
        records = kb.agenda(**_scope(args))  # the acts' own dates; cited laws behind --tipo atto
    if args.ics:
        _write(args.ics, kb.to_ics(records))
        if not args.json:
            print(f"Calendario scritto in {args.ics} ({sum(1 for r in records if r.date or r.rrule)} eventi).")

    def upcoming(d) -> str | None:
        """The next date of a recurring meeting from the act's date: computed, so said to be."""
        when = kb.next_meeting(d, on) if d.rrule else None
        return when.isoformat() if when else None

    if args.json:
        print(json.dumps([{**d.to_json(), "next": upcoming(d)} for d in records], ensure_ascii=False, indent=1))
        return 0

    def row(d) -> list:
        after = upcoming(d)
        rule = (
            f"{d.rrule}; prossimo (calcolato): {date.fromisoformat(after).strftime('%d/%m/%Y')}" if after else d.rrule
        )
        return [d.date, d.kind, d.what, rule]

    return _emit(args, records, ["data", "tipo", "voce", "ricorrenza"], row)


def cmd_assi(args) -> int:
    records = _kb(args).axes(**_scope(args))
    return _emit(args, records, ["asse", "obiettivi"], lambda a: [a.name, "; ".join(a.objectives)])


def cmd_glossario(args) -> int:
    records = sorted(_kb(args).glossary(**_scope(args)), key=lambda t: t.acronym.lower())
    return _emit(args, records, ["sigla", "significato"], lambda t: [t.acronym, t.expansion])


def _on(day: str | None) -> date:
    try:
        return date.fromisoformat(day) if day else date.today()
    except ValueError as exc:
        raise SettingsError(f"Data non valida: «{day}». Usa il formato AAAA-MM-GG, per esempio 2022-06-30.") from exc


def cmd_briefing(args) -> int:
    from .briefing import briefing

    text = briefing(_kb(args), territory=args.territory, on=_on(args.date))
    if args.out:
        _write(args.out, text.encode("utf-8"))
        print(f"Promemoria scritto in {args.out}.")
    else:
        print(text, end="")
    return 0


def add_commands(sub) -> None:
    def command(name: str, func, help: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=f"{help[:1].upper()}{help[1:]}. Esempio: {example}")
        p.add_argument("--store", metavar="DIR", help=STORE_HELP)
        p.set_defaults(func=func)
        return p

    def listing(name: str, func, help: str, example: str) -> argparse.ArgumentParser:
        p = command(name, func, help, example)
        p.add_argument("--json", action="store_true", help="un array JSON su stdout")
        p.add_argument("--territorio", metavar="T", help="solo i documenti di questo territorio")
        p.add_argument("--documento", metavar="FILE", help="solo questo documento (nome del file o titolo)")
        return p

    p = listing(
        "impegni", cmd_impegni, "chi si è impegnato a fare cosa, ed entro quando", 'pdz impegni --party "Comuni"'
    )
    p.add_argument("--party", "--soggetto", metavar="P", help="solo gli impegni di questo soggetto")
    listing("organi", cmd_organi, "gli organi di governo: ruolo, composizione, coordinamento, frequenza", "pdz organi")
    p = listing("scadenze", cmd_scadenze, "date, scadenze e incontri periodici", "pdz scadenze --ics scadenze.ics")
    p.add_argument("--ics", metavar="FILE", help="scrive anche un calendario .ics")
    p.add_argument(
        "--tipo",
        dest="tipo_data",
        choices=["scadenza", "validità", "atto", "incontro", "data", "ricorrente"],
        help="solo questo tipo di data (atto: anche le leggi e delibere citate; data: i dati di riferimento)",
    )
    p.add_argument("--tutte", action="store_true", help="tutte le date lette, anche quelle delle norme citate")
    p.add_argument(
        "--data", metavar="AAAA-MM-GG", help="da quando contare il prossimo incontro periodico (predefinita: oggi)"
    )
    listing("assi", cmd_assi, "gli assi strategici e i loro obiettivi", "pdz assi")
    listing("glossario", cmd_glossario, "le sigle e il loro significato", "pdz glossario")
    p = command(
        "briefing",
        cmd_briefing,
        "un promemoria per la riunione di verifica: impegni, scadenze, incontri",
        "pdz briefing --territory Melzo --date 2022-06-30 --out promemoria.md",
    )
    p.add_argument("--territory", "--territorio", metavar="T", help="solo i documenti di questo territorio")
    p.add_argument("--date", "--data", metavar="AAAA-MM-GG", help="la data della riunione (predefinita: oggi)")
    p.add_argument("--out", metavar="FILE.md", help="scrive il promemoria in questo file")
