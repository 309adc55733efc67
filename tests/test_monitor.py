"""The state of each commitment and deadline, with its history (assistant/monitor_db.py), the
review dossier (assistant/dossier.py) and their commands, on a real SQLite file and on a real
PostgreSQL started here (skipped, saying why, where it cannot start)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document

from assistant import dossier
from assistant.core.errors import StoreError
from assistant.monitor_db import MonitorDB
from assistant.storage.kb import KnowledgeBase
from ingest.extract import knowledge_base
from ingest.parse import parse

from .conftest import CORPUS
from .test_cli import pdz

ACT = """# Protocollo d'intesa del Distretto di Rhoville

Art. 1 - Impegni

Il Comune di Rhoville si impegna a pubblicare gli esiti degli incontri sul proprio sito.

Le organizzazioni sindacali si impegnano a raccogliere le segnalazioni dei cittadini anziani.

Art. 2 - Durata

Il presente protocollo ha validità fino al 31 dicembre 2026.

Rhoville, 22 maggio 2024
"""


def kb_of(folder: Path, text: str) -> KnowledgeBase:
    path = folder / "rhoville.md"
    path.write_text(text, encoding="utf-8")
    return knowledge_base(parse(path))


def sqlite_db(folder: Path) -> MonitorDB:
    return MonitorDB(f"sqlite:///{folder}/monitoraggio.sqlite")


def first(db: MonitorDB, words: str):
    return next(r for r in db.rows() if words in r.quote)


def check_states_history_and_identity(db: MonitorDB, folder: Path) -> None:
    report = db.sync(kb_of(folder, ACT))
    assert report["aggiunti"] == 3  # two commitments and the validity (the date it was signed is no deadline)
    town = first(db, "pubblicare")
    assert town.state == "da avviare" and town.updated is None
    db.update(town.id, "in corso", note="pagina creata", author="Anna Rossi", responsible="Ufficio stampa")
    db.update(town.id, "realizzato", note="esiti pubblicati", author="Bruno Verdi")
    now = first(db, "pubblicare")
    assert (now.state, now.note, now.author) == ("realizzato", "esiti pubblicati", "Bruno Verdi")
    assert [h["stato"] for h in db.history(town.id)] == ["in corso", "realizzato"]  # both kept, in order
    assert db.history(town.id)[0]["responsabile"] == "Ufficio stampa"
    with pytest.raises(StoreError, match="Stato sconosciuto «finito»"):
        db.update(town.id, "finito")
    with pytest.raises(StoreError, match="Nessun impegno o scadenza con codice «zzz»"):
        db.update("zzz", "in corso")
    # the document changes: spaces, a paragraph before, the article renumbered — the same commitment
    moved = ACT.replace("Art. 1 - Impegni\n\n", "Art. 3 - Impegni\n\nUn paragrafo aggiunto prima.\n\n").replace(
        "pubblicare gli esiti", "pubblicare   gli  esiti"
    )
    db.sync(kb_of(folder, moved))
    again = first(db, "pubblicare")
    assert again.id == town.id and again.present and again.state == "realizzato"
    assert again.locator.startswith("Art. 3")  # where it is now
    # a version without it: kept, with its history and last words, shown as gone
    gone = moved.replace(
        "Il Comune di Rhoville si impegna a pubblicare   gli  esiti degli incontri sul proprio sito.\n\n", ""
    )
    assert db.sync(kb_of(folder, gone))["non_più_nel_documento"] == 1
    kept = first(db, "pubblicare")
    assert not kept.present and kept.state == "realizzato" and len(db.history(kept.id)) == 2
    assert kept.to_json()["nel_documento"] is False
    # and back again
    db.sync(kb_of(folder, moved))
    assert first(db, "pubblicare").present


def test_states_history_and_identity_on_sqlite(tmp_path):
    check_states_history_and_identity(sqlite_db(tmp_path), tmp_path)


def _updating(url: str, item_id: str, author: str, times: int) -> subprocess.Popen:
    """Another process appending `times` states to one item (its own interpreter: nothing of this
    one's modules, as two people's sessions would be)."""
    code = (
        "import sys\nfrom assistant.monitor_db import MonitorDB\n"
        "db = MonitorDB(sys.argv[1])\n"
        "for n in range(int(sys.argv[4])):\n"
        "    db.update(sys.argv[2], 'in corso', note=f'passo {n}', author=sys.argv[3])\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, url, item_id, author, str(times)], stderr=subprocess.PIPE, text=True
    )


def _all_done(workers: list[subprocess.Popen]) -> None:
    for w in workers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err


def test_two_processes_updating_at_once_both_keep_their_changes(tmp_path):
    db = sqlite_db(tmp_path)
    db.sync(kb_of(tmp_path, ACT))
    town, unions = first(db, "pubblicare").id, first(db, "segnalazioni").id
    _all_done(
        [
            _updating(db.url, town, "Anna", 15),
            _updating(db.url, unions, "Bruno", 15),
            _updating(db.url, town, "Carla", 15),  # the same commitment twice
        ]
    )
    assert len(db.history(unions)) == 15
    authors = [h["autore"] for h in db.history(town)]
    assert authors.count("Anna") == 15 and authors.count("Carla") == 15


def test_a_schema_of_another_version_is_an_italian_error(tmp_path):
    db = sqlite_db(tmp_path)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="schema 99"):
        sqlite_db(tmp_path)


def test_an_unreachable_database_is_an_italian_error():
    with pytest.raises(StoreError, match="Non riesco ad aprire il database del monitoraggio"):
        MonitorDB("postgresql+psycopg://nessuno:segreto@127.0.0.1:9/pdz")


# ---------------------------------------------------------------- PostgreSQL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    """A real PostgreSQL on localhost, in a temporary folder (Debian's postgresql; as root, run as
    the postgres user)."""
    found = shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)
    if not found:
        pytest.skip("PostgreSQL non installato: initdb non trovato (apt-get install postgresql)")
    bindir = Path(os.path.realpath(found)).parent
    prefix: list[str] = []
    if os.geteuid() == 0:
        if (
            shutil.which("runuser") is None
            or subprocess.run(["id", "postgres"], capture_output=True, check=False).returncode
        ):
            pytest.skip("PostgreSQL non si avvia come root e manca l'utente postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="pdz-pg-", dir="/tmp"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    init = subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "pdz"],
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode:
        pytest.skip(f"initdb non riuscito: {init.stderr.strip()[:200]}")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1"
    start = subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
        capture_output=True,
        text=True,
        check=False,
    )
    if start.returncode:
        pytest.skip(f"PostgreSQL non partito: {start.stderr.strip()[:200]}")
    try:
        yield f"postgresql+psycopg://pdz@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def test_states_history_and_identity_on_postgresql(postgres_url, tmp_path):
    check_states_history_and_identity(MonitorDB(postgres_url), tmp_path)


def test_two_processes_on_postgresql(postgres_url, tmp_path):
    db = MonitorDB(postgres_url)
    db.sync(kb_of(tmp_path, ACT))
    unions = first(db, "segnalazioni").id
    _all_done([_updating(postgres_url, unions, who, 10) for who in ("Anna", "Bruno")])
    assert sorted({h["autore"] for h in db.history(unions)}) == ["Anna", "Bruno"]
    assert len(db.history(unions)) == 20


# ---------------------------------------------------------------- the dossier and the commands


def test_the_dossier_read_back_from_docx(corpus_store, tmp_path):
    kb = KnowledgeBase.load(corpus_store)
    db = sqlite_db(tmp_path)
    db.sync(kb)
    meet = first(db, "incontrarsi due volte")
    db.update(meet.id, "in corso", note="primo incontro il 12 aprile", author="Anna Rossi",
              now=datetime(2022, 4, 12, tzinfo=UTC))  # fmt: skip
    built = dossier.build(kb, db, "Sesto", date(2022, 6, 30))
    doc = Document(io_bytes(dossier.to_docx(built)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "Verifica — Sesto"
    assert any(h.startswith("Impegni per soggetto") for h in headings) and "Fonti" in headings
    assert "Impegni per asse strategico" in headings  # the intesa's three axes, with their objectives
    assert any(
        c.startswith("Obiettivi: La definizione di interventi")
        for c in [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "in corso" in cells and any("primo incontro il 12 aprile (Anna Rossi)" == c for c in cells)
    assert "25/10/2022 (calcolato)" in cells  # the next twice-yearly meeting after 30/06/2022
    sources = [p.text for p in doc.paragraphs if p.text.startswith("[")]
    assert any("Le parti si impegnano a incontrarsi due volte l'anno" in s for s in sources)  # the exact words
    # updated in April: not among the ones with no update in six months; the others are
    stale = next(t for t, s in zip(doc.tables, [s for s in built.sections if s.entries], strict=True)
                 if s.title.startswith("Impegni senza"))  # fmt: skip
    assert meet.id not in [row.cells[-2].text for row in stale.rows]
    csv_text = dossier.to_csv(built)
    assert csv_text.splitlines()[0] == "sezione,codice,asse,soggetto,testo,data,stato,nota,aggiornato,fonte,parole"
    assert "primo incontro il 12 aprile" in dossier.to_markdown(built)


def io_bytes(data: bytes):
    import io

    return io.BytesIO(data)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("mon") / "store"
    out = pdz(
        "ingest",
        str(CORPUS / "sesto-san-giovanni-intesa-sindacati-2021.md"),
        "--store",
        str(root),
        "--embedder",
        "hash",
    )
    assert out.returncode == 0, out.stderr
    return str(root)


def test_monitoraggio_json_contract_update_and_errors(store, tmp_path):
    out = pdz("monitoraggio", "--store", store, "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and set(rows[0]) >= {
        "id",
        "kind",
        "stato",
        "nota",
        "autore",
        "aggiornato",
        "testo",
        "source",
        "locator",
        "page",
    }
    assert {r["kind"] for r in rows} == {"impegno", "scadenza"}
    code = rows[0]["id"]
    done = pdz(
        "monitoraggio",
        "aggiorna",
        code,
        "--stato",
        "in corso",
        "--nota",
        "avviato",
        "--autore",
        "Anna",
        "--store",
        store,
        "--json",
    )
    assert done.returncode == 0 and json.loads(done.stdout)["stato"] == "in corso"
    listed = json.loads(pdz("monitoraggio", "--store", store, "--stato", "in corso", "--json").stdout)
    assert [r["id"] for r in listed] == [code]
    history = json.loads(pdz("monitoraggio", "storia", code, "--store", store, "--json").stdout)
    assert [h["nota"] for h in history] == ["avviato"]
    unknown = pdz("monitoraggio", "aggiorna", "zzz", "--stato", "in corso", "--store", store)
    assert unknown.returncode == 1 and "Nessun impegno o scadenza con codice «zzz»" in unknown.stderr
    bad = pdz("monitoraggio", "aggiorna", code, "--stato", "finito", "--store", store)
    assert bad.returncode == 2 and "scelta non valida" in bad.stderr
    assert pdz("monitoraggio", "boh", "--store", store).returncode == 1


def test_verifica_writes_each_format_and_refuses_what_it_cannot(store, tmp_path):
    for name in ("v.docx", "v.md", "v.csv"):
        out = pdz(
            "verifica", "--store", store, "--territorio", "Sesto", "--data", "2022-06-30", "--out", str(tmp_path / name)
        )
        assert out.returncode == 0, out.stderr
        assert (tmp_path / name).stat().st_size > 500 and "prossima verifica 25/10/2022" in out.stdout
    wrong = pdz("verifica", "--store", store, "--out", str(tmp_path / "v.pdf"))
    assert wrong.returncode == 1 and "Formato non supportato" in wrong.stderr
    nowhere = pdz("verifica", "--store", store, "--out", str(tmp_path / "manca" / "v.md"))
    assert nowhere.returncode == 1 and "la cartella non esiste" in nowhere.stderr and not (tmp_path / "manca").exists()


AXES = """# Protocollo d'intesa del Distretto di Rhoville

Tutto ciò premesso, le parti individuano i seguenti assi strategici.

## Asse 1 – Casa e abitare

Obiettivo: ridurre gli sfratti per morosità incolpevole.

Il Comune di Rhoville si impegna a istituire un fondo per la morosità incolpevole.

## Asse 2 – Lavoro

Obiettivo: inserire al lavoro le persone fragili.
"""


def test_the_dossier_by_axis_holds_what_the_act_writes_under_each(tmp_path):
    kb = kb_of(tmp_path, AXES)
    assert [(a.name, a.objectives) for a in kb.axes()] == [  # units headed "Asse N – …" are axes
        ("Casa e abitare", ("ridurre gli sfratti per morosità incolpevole.",)),
        ("Lavoro", ("inserire al lavoro le persone fragili.",)),
    ]
    db = sqlite_db(tmp_path)
    db.sync(kb)
    by_axis = next(
        s for s in dossier.build(kb, db, None, date(2025, 1, 1)).sections if s.title.endswith("per asse strategico")
    )
    assert [(e["asse"], e["testo"]) for e in by_axis.entries] == [
        ("Casa e abitare", "istituire un fondo per la morosità incolpevole"),  # the commitment under it, with its state
        ("Lavoro", "Obiettivi: inserire al lavoro le persone fragili."),  # none under it: its objectives
    ]
    assert by_axis.entries[0]["stato"] == "da avviare"
