"""`pdz impegni | organi | scadenze | assi | glossario | briefing` over a real store (hash
embedder: the knowledge base does not depend on vectors)."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from .conftest import CORPUS
from .test_cli import pdz

PROVENANCE = {"source", "title", "locator", "page", "quote", "passage_id", "territory"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("kb") / "store"
    out = pdz("ingest", str(CORPUS), "--store", str(root), "--embedder", "hash", "--json")
    assert out.returncode == 0, out.stderr
    return str(root)


def as_json(*args):
    out = pdz(*args, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_impegni_json_contract_and_party_filter(store):
    rows = as_json("impegni", "--store", store, "--party", "comuni")
    assert {r["party"] for r in rows} >= {"Comuni", "Parti firmatarie del presente Accordo di Programma"}
    # "le parti" that Comuni signed, or the mayors' assembly that speaks for them
    assert all(r["party"] == "Comuni" or r["signatories"] or "Sindaci" in r["party"] for r in rows)
    assert set(rows[0]) >= {"party", "commitment", "deadline", "signatories"} | PROVENANCE


@pytest.mark.parametrize("named", ["sindacati", "OO.SS.", "CGIL CISL UIL"])
def test_a_party_named_as_people_do(store, named):
    rows = as_json("impegni", "--store", store, "--party", named, "--territorio", "Sesto")
    said = " ".join(r["quote"] for r in rows)
    assert "incontrarsi due volte l'anno" in said  # "Le parti …": the unions are parties of the intesa
    assert "realizzare un confronto e una collaborazione stabile" in said
    text = pdz("impegni", "--store", store).stdout
    assert "soggetto" in text and "Art. 6" in text  # a readable table with the source of each line


def test_organi_json_contract(store):
    rows = {r["name"]: r for r in as_json("organi", "--store", store)}
    tavolo = rows["Tavolo Tecnico"]
    assert set(tavolo) >= {"name", "role", "composition", "coordinator", "frequency"} | PROVENANCE
    assert tavolo["coordinator"] == "responsabile Ufficio di Piano o suo delegato"
    assert tavolo["locator"] == "Art. 5 › Tavolo Tecnico"


def test_scadenze_json_and_ics_calendar(store, tmp_path):
    ics = tmp_path / "scadenze.ics"
    rows = as_json("scadenze", "--store", store, "--ics", str(ics))
    assert set(rows[0]) >= {"title", "kind", "date", "rrule", "party", "title_doc"} | PROVENANCE
    twice = [r for r in rows if r["rrule"] == "FREQ=MONTHLY;INTERVAL=6"]
    assert twice and twice[0]["source"].startswith("sesto")
    cal = Calendar.from_ical(ics.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(rows)
    recurring = [e for e in events if e.get("RRULE")]
    assert recurring and all("Fonte:" in str(e.get("DESCRIPTION")) for e in events)
    deadline = next(e for e in events if "29 luglio 2021" in str(e.get("SUMMARY")))
    assert deadline.decoded("DTSTART").isoformat() == "2021-07-29"
    only = as_json("scadenze", "--store", store, "--tipo", "scadenza")
    assert only and all(r["kind"] == "scadenza" for r in only)


def test_scadenze_lists_the_acts_own_dates_in_time_order_and_the_next_meeting(store):
    rows = as_json("scadenze", "--store", store, "--data", "2022-06-30")
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated) and "2021-07-29" in dated and "2023-12-31" in dated
    assert not any(r["date"] and r["date"] < "2015" for r in rows)  # the laws of 1990 and 2000 are cited
    assert not any(r["locator"].startswith("Richiamati") for r in rows)  # nor a cited resolution's deadline
    assert rows[-1]["kind"] == "ricorrente"
    (twice,) = [r for r in rows if r["rrule"] == "FREQ=MONTHLY;INTERVAL=6"]
    assert twice["next"] == "2022-10-25"  # from the intesa's 25/10/2021: April has passed
    everything = as_json("scadenze", "--store", store, "--tutte")
    assert len(everything) > len(rows) and any(r["date"] == "2000-11-08" for r in everything)
    cited = as_json("scadenze", "--store", store, "--tipo", "atto")
    assert any(r["date"] == "2000-11-08" for r in cited)


def test_assi_and_glossario(store):
    axes = [a["name"] for a in as_json("assi", "--store", store)]
    assert "Politiche per la disabilità" in axes
    terms = {t["acronym"]: t["expansion"] for t in as_json("glossario", "--store", store)}
    assert terms["ATS"] == "Agenzia di Tutela della Salute"


def test_briefing_groups_by_party_and_splits_past_and_coming(store, tmp_path):
    out = tmp_path / "brief.md"
    done = pdz("briefing", "--store", store, "--territory", "Melzo", "--date", "2022-06-30", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    coming = text.split("### Scadenze e date in arrivo")[1].split("### Scadenze e date passate")[0]
    past = text.split("### Scadenze e date passate")[1].split("### Incontri periodici")[0]
    assert "31/12/2023" in coming and "31/12/2021" in past
    assert "#### Comuni" in text and "Art. 6 – Impegni dei soggetti sottoscrittori" in text
    assert "mensilmente" in text.split("### Incontri periodici")[1]
    assert "Sesto" not in text  # another territory
    for command, flag in (("briefing", "--date"), ("scadenze", "--data")):
        bad = pdz(command, "--store", store, flag, "30/06/2022")
        assert bad.returncode == 1 and "Data non valida" in bad.stderr and "Traceback" not in bad.stderr


def test_briefing_keeps_each_act_apart_with_its_parties_and_next_meeting(store):
    text = pdz("briefing", "--store", store, "--date", "2022-06-30").stdout
    acts = {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}
    (sesto,) = [body for heading, body in acts.items() if "Sesto San Giovanni" in heading]
    (melzo,) = [body for heading, body in acts.items() if "Melzo" in heading]
    assert "Parti: Assemblea dei Sindaci dell'Ambito di Sesto San Giovanni; Organizzazioni sindacali" in sesto
    assert "incontrarsi due volte l'anno" in sesto and "incontrarsi due volte l'anno" not in melzo
    assert "#### Comuni" in melzo and "#### Comuni" not in sesto
    # twice a year from the intesa of 25/10/2021: April 2022 has passed, October 2022 is next
    assert "prossimo: **25/10/2022** (calcolato dalla data dell'atto, 25/10/2021)" in sesto


def test_missing_knowledge_base_is_an_italian_error(tmp_path):
    out = pdz("organi", "--store", str(tmp_path / "vuoto"))
    assert out.returncode == 1 and "pdz ingest" in out.stderr and "Traceback" not in out.stderr


def test_unwritable_output_is_an_italian_error(store, tmp_path):
    for args in (("scadenze", "--ics"), ("briefing", "--out")):
        out = pdz(*args, str(tmp_path / "manca" / "file"), "--store", store)
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert "Non riesco a scrivere" in out.stderr and "la cartella non esiste" in out.stderr


def test_a_calendar_without_the_manifest_recurs_until_the_act_ends(tmp_path):
    """Melzo's text is signed nowhere: its date is the note of its approval ("Approvato
    dall'Assemblea dei Sindaci … del 30/11/2021"); without that note either, the monthly Assemblea
    starts from the latest act the accordo records, not from the day its validity ends (which made
    one event on 31/12/2023)."""
    import shutil

    from dateutil.rrule import rrulestr

    from ingest.extract import knowledge_base
    from ingest.parse import parse

    bare = tmp_path / "melzo.md"
    shutil.copy(CORPUS / "melzo-accordo-di-programma-piano-di-zona-2021-2023.md", bare)
    assert knowledge_base(parse(bare)).act_date(bare.name) == "2021-11-30"
    text = bare.read_text(encoding="utf-8")
    bare.write_text(text.replace("Approvato dall'Assemblea", "Sottoposto all'Assemblea"), encoding="utf-8")
    kb = knowledge_base(parse(bare))
    assert kb.act_date(bare.name) is None
    cal = Calendar.from_ical(kb.to_ics(kb.dates(kind="ricorrente")))
    for event in cal.walk("VEVENT"):
        rule = rrulestr(event.get("RRULE").to_ical().decode(), dtstart=event.decoded("DTSTART"))
        assert len(list(rule)) > 4  # recurs until 31/12/2023, not once


def test_terminal_tables_wrap_without_cutting_words(monkeypatch):
    from assistant.cli_kb import _table

    monkeypatch.setenv("COLUMNS", "60")  # six columns of 12 characters
    cell = "le organizzazioni sindacali dei pensionati SPI-CGIL, FNP-CISL e UILP-UIL"
    text = _table([[cell, "a", "b", "c", "d", "e"]], ["soggetto", "1", "2", "3", "4", "5"])
    words = set(" ".join(line.split("|")[0] for line in text.splitlines()[2:]).split())
    assert {"organizzazioni", "SPI-CGIL,", "FNP-CISL", "UILP-UIL"} <= words  # none cut in two
