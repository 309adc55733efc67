"""`pdz monitoraggio` (the state of each commitment and deadline, and its history) and `pdz
verifica` (the review dossier as DOCX, Markdown or CSV)."""

from __future__ import annotations

import json
from pathlib import Path

from .cli_kb import STORE_HELP, _kb, _on, _table, _write
from .core.errors import SettingsError
from .monitor_db import MonitorDB
from .monitor_items import STATES
from .render import counted
from .storage.settings import Settings

FORMATS = (".docx", ".md", ".csv")


def _db(args) -> MonitorDB:
    return MonitorDB.for_store(Settings.resolve(store=args.store).store)


def cmd_monitoraggio(args) -> int:
    kb, db = _kb(args), _db(args)
    if args.azione == "aggiorna":
        if not args.codice or not args.stato:
            raise SettingsError('Indica il codice e lo stato: pdz monitoraggio aggiorna CODICE --stato "in corso".')
        row = db.update(
            args.codice, args.stato, note=args.nota or "", author=args.autore or "", responsible=args.responsabile or ""
        )
        print(
            json.dumps(row.to_json(), ensure_ascii=False, indent=1)
            if args.json
            else f"{row.id}: {row.state} — {row.what[:90]}"
        )
        return 0
    if args.azione == "storia":
        if not args.codice:
            raise SettingsError("Indica il codice: pdz monitoraggio storia CODICE.")
        history = db.history(args.codice)
        if args.json:
            print(json.dumps(history, ensure_ascii=False, indent=1))
        else:
            table = [
                [h["aggiornato"][:16].replace("T", " "), h["stato"], h["nota"], h["autore"], h["responsabile"]]
                for h in history
            ]
            print(
                _table(table, ["quando", "stato", "nota", "autore", "responsabile"])
                if table
                else "Nessun aggiornamento."
            )
        return 0
    if args.azione:
        raise SettingsError(f"Azione sconosciuta «{args.azione}»: usa «aggiorna» o «storia».")
    db.sync(kb)
    rows = db.rows(territory=args.territorio, state=args.stato)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("Nessun impegno o scadenza con questi filtri.")
        return 0
    table = [
        [
            r.id,
            r.kind,
            r.party or r.due,
            r.what if r.present else f"(non più nel documento) {r.what}",
            r.state,
            f"{r.note} ({r.author})" if r.author else r.note,
        ]
        for r in rows
    ]
    print(_table(table, ["codice", "tipo", "soggetto/data", "testo", "stato", "ultima nota"]))
    print(
        f"\n{counted(len(rows), 'voce', 'voci')}. Aggiorna: "
        'pdz monitoraggio aggiorna CODICE --stato "in corso" --nota … --autore …'
    )
    return 0


def cmd_verifica(args) -> int:
    from . import dossier

    suffix = Path(args.out).suffix.lower()
    if suffix not in FORMATS:
        raise SettingsError(f"Formato non supportato «{suffix or args.out}»: usa un file .docx, .md o .csv.")
    kb, db = _kb(args), _db(args)
    db.sync(kb)
    built = dossier.build(kb, db, args.territorio, _on(args.data))
    data = {
        ".docx": lambda: dossier.to_docx(built),
        ".md": lambda: dossier.to_markdown(built).encode("utf-8"),
        ".csv": lambda: dossier.to_csv(built).encode("utf-8"),
    }[suffix]()
    _write(args.out, data)
    entries = sum(len(s.entries) for s in built.sections)
    print(
        f"Verifica scritta in {args.out}: {counted(entries, 'voce', 'voci')}, "
        f"prossima verifica {built.next_review.strftime('%d/%m/%Y')}."
    )
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser(
        "monitoraggio",
        help="lo stato di ogni impegno e scadenza, con la sua storia",
        description="Lo stato di ogni impegno e scadenza. Esempi: pdz monitoraggio --territorio Sesto; "
        'pdz monitoraggio aggiorna CODICE --stato "in corso" --nota "avviato il tavolo" --autore "Anna Rossi"; '
        "pdz monitoraggio storia CODICE",
    )
    p.add_argument("azione", nargs="?", help="«aggiorna» o «storia» (senza: l'elenco)")
    p.add_argument("codice", nargs="?", help="il codice dell'impegno o della scadenza (colonna «codice»)")
    p.add_argument("--store", metavar="DIR", help=STORE_HELP)
    p.add_argument("--territorio", metavar="T", help="solo i documenti di questo territorio")
    p.add_argument("--stato", choices=STATES, help="solo in questo stato; con «aggiorna», il nuovo stato")
    p.add_argument("--nota", metavar="TESTO", help="con «aggiorna»: che cosa è stato fatto")
    p.add_argument("--autore", metavar="NOME", help="con «aggiorna»: chi scrive l'aggiornamento")
    p.add_argument("--responsabile", metavar="NOME", help="con «aggiorna»: chi ne risponde")
    p.add_argument("--json", action="store_true", help="un array JSON su stdout")
    p.set_defaults(func=cmd_monitoraggio)
    p = sub.add_parser(
        "verifica",
        help="il dossier della riunione di verifica (DOCX, Markdown o CSV)",
        description="Il dossier della verifica: impegni per soggetto con il loro stato, scadenze passate o vicine, "
        "impegni senza aggiornamenti da sei mesi, incontri periodici. Esempio: "
        "pdz verifica --territorio Sesto --data 2022-06-30 --out verifica.docx",
    )
    p.add_argument("--store", metavar="DIR", help=STORE_HELP)
    p.add_argument("--territorio", metavar="T", help="solo i documenti di questo territorio")
    p.add_argument("--data", metavar="AAAA-MM-GG", help="la data della verifica (predefinita: oggi)")
    p.add_argument("--out", metavar="FILE", required=True, help="verifica.docx, verifica.md o verifica.csv")
    p.set_defaults(func=cmd_verifica)
