"""The Streamlit app through streamlit.testing's AppTest: the chat, each view, the sidebar
filters, the first run, and uploads (a bad file and a good one). Real store (hash embedder),
real answerer, real knowledge base."""

from __future__ import annotations

import shutil
import time

import pytest
from streamlit.testing.v1 import AppTest

from assistant.render import md_escape
from assistant.service import status
from assistant.storage.catalog import Catalog
from assistant.storage.settings import Settings
from ingest.pipeline import ingest
from tests.conftest import CORPUS, ROOT, made_up_store

APP = str(ROOT / "app.py")
SESTO = "Ambito di Sesto San Giovanni"


def start(store, monkeypatch) -> AppTest:
    monkeypatch.setenv("PDZ_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app(corpus_store, monkeypatch) -> AppTest:
    return start(corpus_store, monkeypatch)


@pytest.fixture
def own_store(corpus_store, tmp_path):
    """A copy a test may change."""
    return shutil.copytree(corpus_store, tmp_path / "store")


def tab(at: AppTest, label: str):
    return next(t for t in at.tabs if t.label.endswith(label))


def said(block) -> str:
    return "\n".join(m.value for m in block.markdown)


def test_question_gets_the_fact_and_its_citation(app):
    app.chat_input[0].set_value("Chi coordina il Tavolo Tecnico?").run()
    assert not app.exception
    user, assistant = app.chat_message[0], app.chat_message[1]
    assert user.name == "user" and "Tavolo Tecnico" in said(user)
    text = said(assistant)
    # the answer first, in bold, named by its place and unit; its marker a link to its source
    lead = assistant.markdown[0].value
    assert lead.startswith("**Melzo · Art. 5 › Tavolo Tecnico — Coordinamento\\: responsabile Ufficio di Piano")
    assert "[\\[1\\]](#fonte-0-1)" in lead and '<div id="fonte-0-1">' in text
    first = assistant.expander[0]
    assert first.label == "\\[1\\] Melzo · Art. 5 › Tavolo Tecnico"  # short: place, unit (a Markdown file has no pages)
    assert "<mark>Coordinamento\\: responsabile Ufficio di Piano o suo delegato</mark>" in said(first)
    assert [b.label for b in first.button] == ["Apri nel documento"]
    # the history stays, the export is offered
    app.run()
    assert len(app.chat_message) == 2
    assert any("conversazione" in b.label for b in app.download_button)


def test_refusal_says_so_and_shows_the_closest_passages(app):
    app.chat_input[0].set_value("Qual è il budget del Piano di Zona di Bergamo?").run()
    assistant = app.chat_message[1]
    assert assistant.warning and assistant.warning[0].value.startswith("Nei documenti non ho trovato")
    assert "passaggi più vicini" not in assistant.warning[0].value  # the leads are shown below, once
    assert "Passaggi più vicini" in said(assistant)
    assert len(assistant.expander) >= 1


def test_quick_start_buttons_ask_their_question(app):
    buttons = [b for b in app.button if b.key and b.key.startswith("qs-")]
    assert len(buttons) >= 3
    assert all(len(b.label) <= 48 and (b.label == b.help or b.label.endswith("…")) for b in buttons)  # short labels
    long = next((b for b in buttons if b.label != b.help), buttons[0])
    question = long.help  # the whole question is asked, not its short label
    long.click().run()
    assert said(app.chat_message[0]) == md_escape(question)
    assert not app.chat_message[1].warning  # quick starts are questions the documents answer


def test_sidebar_narrows_the_chat_and_the_views(app):
    app.sidebar.multiselect[0].select(SESTO).run()
    assert "Cerco in 1 documento su 5" in " ".join(c.value for c in app.sidebar.caption)
    app.chat_input[0].set_value("Ogni quanto si incontrano le parti?").run()
    assistant = app.chat_message[1]
    assert "due volte l'anno" in said(assistant)
    sources = [e.label for e in assistant.expander if e.label.startswith("\\[")]  # not "Altri passaggi"
    assert sources and all("Sesto San Giovanni" in label for label in sources)
    commitments = tab(app, "Impegni").dataframe[0].value
    assert len(commitments) > 0 and all("Sesto" in ref for ref in commitments["Fonte"])


def test_store_status_in_the_sidebar(app, corpus_store):
    metrics = {m.label: m.value for m in app.sidebar.metric}
    assert metrics == {"Documenti": "5", "Passaggi": str(status(Settings.resolve(corpus_store)).passages)}
    assert "Ultima indicizzazione: " in " ".join(c.value for c in app.sidebar.caption)


def test_commitments_view_rows_carry_their_citation(app):
    view = tab(app, "Impegni")
    assert view.data_editor[0].proto.row_height >= 60  # three lines: a commitment wraps instead of being cut
    table = view.data_editor[0].value
    assert list(table.columns) == ["Apri", "Territorio", "Soggetto", "Impegno", "Entro"] + [
        "Stato",
        "Nota",
        "Chi ne risponde",
        "Fonte",
    ]
    assert len(table) >= 30 and table["Fonte"].str.contains(r"^\S.* · ").all()
    assert "Melzo · Art. 6" in set(table["Fonte"])  # short: the act's place and its unit
    acts = list(table["Territorio"])
    assert acts == sorted(acts, key=acts.index)  # one act's rows together, never interleaved
    view.multiselect[0].select("Comuni").run()
    table = tab(app, "Impegni").data_editor[0].value
    assert set(table["Soggetto"]) == {"Comuni"} and len(table) >= 3


def test_bodies_view(app):
    table = tab(app, "Organi").dataframe[0].value
    assert list(table.columns) == [
        "Territorio",
        "Organo",
        "Ruolo",
        "Composizione",
        "Coordinamento",
        "Frequenza",
        "Fonte",
    ]
    tavolo = table[table["Organo"] == "Tavolo Tecnico"].iloc[0]
    assert tavolo["Coordinamento"] == "responsabile Ufficio di Piano o suo delegato"
    assert "Art. 5" in tavolo["Fonte"]


def test_schedule_view_splits_past_and_coming_and_offers_the_calendar(app):
    view = tab(app, "Scadenze")
    headings = said(view)
    assert (
        "In arrivo (" in headings and "Passate (" in headings and "Incontri periodici (4)" in headings
    )  # 2 in the text, 2 in a table of bodies
    labels = [b.label for b in view.download_button]
    assert "Scarica il calendario (.ics)" in labels and "Scarica il promemoria (Markdown)" in labels
    # the intesa's twice-yearly meeting has no end: its next date is computed from the act's date
    assert any("prossimo:" in e.label and "(calcolato dalla data dell'atto)" in e.label for e in view.expander)
    # a validity that has passed (Melzo's accordo, 31/12/2023) is flagged: it may have been extended
    past = " ".join(" ".join(d.value["Tipo"]) for d in view.dataframe)
    assert "Validità — scaduta, verificare la proroga" in past
    assert all(set(d.value["Stato"].dropna()) <= {"da avviare"} for d in view.dataframe)  # the state of each (none yet)
    assert any("da avviare" in set(d.value["Stato"]) for d in view.dataframe)
    agenda = sum(len(d.value) for d in view.dataframe)
    view.toggle[0].set_value(True).run()
    everything = sum(len(d.value) for d in tab(app, "Scadenze").dataframe)
    assert everything > agenda  # acts and cited dates join when asked for


def test_axes_view(app):
    view = tab(app, "Assi strategici")
    names = [e.label for e in view.expander]
    assert "Politiche per la disabilità" in names and len(names) >= 10
    assert "Fonte" in said(view.expander[0])


def test_glossary_view_searches(app):
    view = tab(app, "Glossario")
    assert len(view.dataframe[0].value) >= 15
    assert list(view.dataframe[0].value.columns) == ["Sigla", "Significato", "Fonte"]  # the words on selection
    view.text_input[0].input("ATS").run()
    table = tab(app, "Glossario").dataframe[0].value
    assert "ATS" in set(table["Sigla"]) and len(table) < 10


def test_documents_view_lists_the_store(app, corpus_store):
    table = tab(app, "Documenti").dataframe[0].value
    assert len(table) == 5 and table["Passaggi"].sum() == status(Settings.resolve(corpus_store)).passages
    parties = dict(zip(table["File"], table["Parti"]))
    assert (
        "Organizzazioni sindacali CGIL CISL UIL SPI FNP UILP" in parties["sesto-san-giovanni-intesa-sindacati-2021.md"]
    )


def test_sidebar_keeps_the_documents_a_party_signed(app):
    (signed,) = [m for m in app.sidebar.multiselect if m.label == "Firmatario"]
    assert "Enti del Terzo Settore" in signed.options  # a group, not its thirty members
    signed.select("Organizzazioni sindacali CGIL CISL UIL SPI FNP UILP").run()
    assert "Cerco in 1 documento su 5" in " ".join(c.value for c in app.sidebar.caption)


def test_bad_upload_is_reported_in_italian_and_nothing_is_lost(own_store, monkeypatch):
    at = start(own_store, monkeypatch)
    before = status(Settings.resolve(own_store))
    at.file_uploader[0].set_value(
        [("rotto.pdf", b"%PDF-1.4 rotto", "application/pdf"), ("vuoto.md", b"", "text/markdown")]
    )
    next(b for b in at.button if b.label == "Indicizza").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("rotto.pdf non è stato aggiunto") and "PDF" in e for e in errors), errors
    assert any(e.startswith("vuoto.md non è stato aggiunto") and "file vuoto" in e for e in errors), errors
    after = status(Settings.resolve(own_store))
    assert (after.documents, after.passages) == (before.documents, before.passages)


def test_good_upload_joins_the_answers(own_store, monkeypatch):
    at = start(own_store, monkeypatch)
    note = "# Protocollo di Valfiorita\n\n## Art. 1 - Comitato di rete\n\nIl Comitato di rete è coordinato dalla Biblioteca civica di Valfiorita.\n"
    at.file_uploader[0].set_value(("valfiorita.md", note.encode(), "text/markdown"))
    next(b for b in at.button if b.label == "Indicizza").click().run()
    assert any("valfiorita.md" in s.value for s in at.success), [e.value for e in at.error]
    assert not any(str(own_store) in s.value for s in at.success)  # the name, not the server's path
    assert at.sidebar.metric[0].value == "6"  # the page is drawn again: no stale count until the next click
    assert "valfiorita.md" in set(tab(at, "Documenti").dataframe[0].value["File"])
    at.chat_input[0].set_value("Chi coordina il Comitato di rete di Valfiorita?").run()
    assert "Biblioteca civica di Valfiorita" in said(at.chat_message[1])


def test_first_run_ingests_the_shipped_corpus_in_the_background(tmp_path, monkeypatch):
    """An empty store: the page shows the first run's progress at once, a second page does not
    start it again, and once it is done the chat opens on the shipped corpus."""
    from assistant.webapp import firstrun

    monkeypatch.setenv("PDZ_EMBEDDER", "hash")
    store = tmp_path / "nuovo"
    at = start(store, monkeypatch)
    assert any("Primo avvio" in i.value for i in at.info) and not at.chat_input
    job = firstrun._JOBS[str(store.resolve())]
    assert start(store, monkeypatch) and firstrun._JOBS[str(store.resolve())] is job  # one run for every page
    deadline = time.monotonic() + 180
    while not job.done and time.monotonic() < deadline:
        time.sleep(0.5)
    assert job.done and not job.failed
    at.run()
    assert not at.exception
    assert at.sidebar.metric[0].value == "5"
    assert any(b.key and b.key.startswith("qs-") for b in at.button)
    # every document removed: the next page starts over with the shipped corpus
    from assistant.service import remove_documents

    settings = Settings.resolve(store)
    remove_documents([v["source"] for v in Catalog(store).files().values()], settings)
    at.run()
    assert firstrun._JOBS[str(store.resolve())] is not job and any("Primo avvio" in i.value for i in at.info)
    again = firstrun._JOBS[str(store.resolve())]
    while not again.done and time.monotonic() < deadline + 180:
        time.sleep(0.5)


def test_the_first_run_answers_from_the_words_while_the_vectors_are_computed(tmp_path, monkeypatch):
    """The chat opens as soon as the first run has indexed the words: a question asked while the
    vectors are still being computed is answered, cited, and says it is partial."""
    from assistant.webapp import firstrun
    from tests.test_pipeline import HeldEmbedder

    held = HeldEmbedder()
    monkeypatch.setattr(
        firstrun, "ensure_corpus", lambda settings, corpus, progress=None: ingest([corpus], settings, embedder=held)
    )
    monkeypatch.setenv("PDZ_EMBEDDER", "hash")
    store = tmp_path / "nuovo"
    at = start(store, monkeypatch)
    job = firstrun._JOBS[str(store.resolve())]
    try:
        assert held.asked.wait(120)  # the words are in, no vector yet
        at.run()
        assert not job.done and at.chat_input
        assert any("intanto rispondo con la ricerca per parole" in c.value for c in at.sidebar.caption)
        # the archive counts what the answers can already read, not the files whose vectors are in
        metrics = {m.label: m.value for m in at.sidebar.metric}
        assert metrics["Documenti"] == "5" and int(metrics["Passaggi"]) > 400
        assert any(c.value == "Ultima indicizzazione: in corso" for c in at.sidebar.caption)
        at.chat_input[0].set_value("Chi coordina il Tavolo Tecnico dell'Ambito di Melzo?").run()
        reply = at.chat_message[1]
        assert "Ufficio di Piano" in said(reply)
        assert any("Indicizzazione in corso" in c.value for c in reply.caption)
    finally:
        held.go.set()
        deadline = time.monotonic() + 180
        while not job.done and time.monotonic() < deadline:
            time.sleep(0.5)
    assert job.done and not job.failed


def test_a_first_run_that_fails_says_why(tmp_path, monkeypatch):
    from assistant.webapp import firstrun

    empty = tmp_path / "vuota"
    empty.mkdir()
    monkeypatch.setenv("PDZ_FIRST_CORPUS", str(empty))
    store = tmp_path / "nuovo"
    at = start(store, monkeypatch)
    job = firstrun._JOBS[str(store.resolve())]
    deadline = time.monotonic() + 60
    while not job.done and time.monotonic() < deadline:
        time.sleep(0.2)
    at.run()
    assert any("Non sono riuscito a indicizzare i documenti forniti" in e.value for e in at.error), at.error


def test_follow_up_shows_what_it_was_understood_as(app):
    app.chat_input[0].set_value("Cos'è la cabina di regia?").run()
    app.chat_input[0].set_value("E chi la coordina?").run()
    assert len(app.chat_message) == 4
    follow_up = app.chat_message[3]
    assert "Ho inteso: «Chi coordina la cabina di regia?»" in [c.value for c in follow_up.caption]
    assert "Coordinamento\\: ATS" in said(follow_up)


def test_the_timeline_keeps_each_kinds_colour_and_draws_today_on_its_axis(corpus_store):
    """The colour of a kind does not change when the switch shows more kinds, and the rule for
    today uses the points' own time field, so it is drawn on their axis."""
    from datetime import date

    from assistant.storage.kb import KIND_LABELS, KnowledgeBase
    from assistant.webapp.schedule import timeline_chart

    kb = KnowledgeBase.load(corpus_store)
    spec = timeline_chart([d for d in kb.dates() if d.date], date(2022, 6, 30), {}).to_dict()
    points, today = spec["layer"]
    assert points["encoding"]["color"]["scale"]["domain"] == list(KIND_LABELS.values())
    assert today["mark"]["type"] == "rule" and today["encoding"]["x"]["field"] == points["encoding"]["x"]["field"]


INTESA = "sesto-san-giovanni-intesa-sindacati-2021.md"


def one_act(tmp_path, monkeypatch, name: str = INTESA) -> AppTest:
    """The app over a store of one shipped act (a copy a test may change)."""
    settings = made_up_store(tmp_path, {name: (CORPUS / name).read_text(encoding="utf-8")})
    return start(settings.store, monkeypatch)


def commitment_row(at: AppTest, words: str) -> tuple[int, object]:
    """The position in Impegni of the commitment with these words, and the table."""
    table = tab(at, "Impegni").data_editor[0].value
    return int(table.index[table["Impegno"].str.contains(words)][0]), table


def review_item(at: AppTest, words: str):
    view = tab(at, "Verifica")
    box = next(s for s in view.selectbox if s.label == "Impegno o scadenza")
    return view, box, next(o for o in box.options if words in o)


def test_verifica_keeps_a_state_across_reruns_sessions_and_a_changed_document(tmp_path, monkeypatch):
    name = "sesto-san-giovanni-intesa-sindacati-2021.md"
    text = (CORPUS / name).read_text(encoding="utf-8")
    settings = made_up_store(tmp_path, {name: text})
    at = start(settings.store, monkeypatch)
    view, box, option = review_item(at, "incontrarsi due volte")
    box.select(option).run()
    view = tab(at, "Verifica")
    next(s for s in view.selectbox if s.label == "Stato").select("in corso")
    next(t for t in view.text_area if t.label == "Nota").input("primo incontro fissato ad aprile")
    next(t for t in view.text_input if t.label == "Il tuo nome").input("Anna Rossi")
    next(b for b in view.button if b.label == "Salva l'aggiornamento").click().run()
    assert not at.exception and any(s.value.startswith("Salvato: «in corso»") for s in at.success)
    at.run()
    _, _, option = review_item(at, "incontrarsi due volte")
    assert " · in corso · " in option
    history = tab(at, "Verifica").dataframe[0].value
    assert list(history["Nota"]) == ["primo incontro fissato ad aprile"] and list(history["Autore"]) == ["Anna Rossi"]
    table = tab(at, "Impegni").dataframe[0].value  # the state in the commitments' table too
    assert set(table[table["Impegno"].str.contains("incontrarsi due volte")]["Stato"]) == {"in corso"}
    # the intesa changes on disk (a paragraph added, its spaces changed) and is ingested again
    changed = text.replace("Tutto ciò premesso", "Le parti hanno discusso a lungo.\n\nTutto ciò premesso", 1)
    changed = changed.replace("incontrarsi due volte l'anno", "incontrarsi  due volte  l'anno")
    assert changed != text
    (tmp_path / "docs" / name).write_text(changed, encoding="utf-8")
    report = ingest([tmp_path / "docs"], settings)
    assert report.ok and report.updated
    again = start(settings.store, monkeypatch)  # another session
    options = [o for o in review_item(again, "incontrarsi")[1].options if "incontrarsi" in o]
    assert len(options) == 1 and " · in corso · " in options[0] and "non più nel documento" not in options[0]
    assert any(b.label == "Scarica DOCX" for b in tab(again, "Verifica").get("download_button"))


def test_verifica_refuses_an_update_without_a_name(tmp_path, monkeypatch):
    at = one_act(tmp_path, monkeypatch)
    view = tab(at, "Verifica")
    next(s for s in view.selectbox if s.label == "Stato").select("realizzato")
    next(b for b in view.button if b.label == "Salva l'aggiornamento").click().run()
    assert any(e.value.startswith("Scrivi il tuo nome") for e in at.error)
    _, _, option = review_item(at, "")
    assert " · da avviare · " in option  # nothing saved
    assert tab(at, "Verifica").expander[0].label == "Storia (0 aggiornamenti)"


def edit(at: AppTest, view: str, rows: dict[int, dict]) -> object:
    """Cells changed as a user changes them in the browser: the editor's edit state, then a rerun."""
    editor = tab(at, view).data_editor[0]
    at.session_state[editor.key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()
    return tab(at, view)


def save(view) -> None:
    next(b for b in view.button if b.label.startswith("Salva ")).click().run()


def test_state_note_and_responsible_are_edited_in_the_cells_of_impegni_and_scadenze(tmp_path, monkeypatch):
    at = one_act(tmp_path, monkeypatch)
    row, table = commitment_row(at, "incontrarsi due volte")
    view = edit(at, "Impegni", {row: {"Stato": "in corso", "Nota": "fissato ad aprile", "Chi ne risponde": "UdP"}})
    assert [b.label for b in view.button if b.label.startswith("Salva ")] == ["Salva 1 modifica"]
    save(view)  # no name: refused, nothing saved, the change still in the table
    assert any(e.value.startswith("Scrivi il tuo nome") for e in at.error)
    assert all(" · da avviare · " in o for o in tab(at, "Verifica").selectbox[0].options)
    view = tab(at, "Impegni")
    assert [b.label for b in view.button if b.label.startswith("Salva ")] == ["Salva 1 modifica"]
    next(t for t in view.text_input if t.label == "Il tuo nome").input("Anna Rossi")
    save(view)
    assert not at.exception and [s.value for s in at.success] == ["1 modifica salvata a nome di Anna Rossi."]
    table = tab(at, "Impegni").data_editor[0].value  # the table opens clean, with the saved values
    assert list(table.loc[row, ["Stato", "Nota", "Chi ne risponde"]]) == ["in corso", "fissato ad aprile", "UdP"]
    assert [b.label for b in tab(at, "Impegni").button] == ["Nessuna modifica da salvare"]
    # «Apri» shows the row's passage and its history under the table
    view = edit(at, "Impegni", {row: {"Apri": True}})
    assert any("incontrarsi due volte" in m.value for m in view.markdown)
    history = next(e for e in view.expander if e.label.startswith("Storia"))
    assert history.label == "Storia (1 aggiornamento)"
    assert list(history.dataframe[0].value["Autore"]) == ["Anna Rossi"]
    # a deadline in Scadenze: the same, under the name given once in this session
    view = tab(at, "Scadenze")
    table = view.data_editor[0].value
    assert list(table.columns)[-4:] == ["Stato", "Nota", "Chi ne risponde", "Fonte"]
    view = edit(at, "Scadenze", {0: {"Stato": "realizzato"}})
    assert next(t for t in view.text_input if t.label == "Il tuo nome").value == "Anna Rossi"
    save(view)
    assert not at.exception and any(s.value.startswith("1 modifica salvata") for s in at.success)
    assert tab(at, "Scadenze").data_editor[0].value["Stato"].iloc[0] == "realizzato"
    done = [o for o in tab(at, "Verifica").selectbox[0].options if " · realizzato · " in o]
    assert len(done) == 1 and table["Che cosa"].iloc[0][:40] in done[0]


def test_a_cited_date_is_not_followed_and_its_state_is_not_saved(tmp_path, monkeypatch):
    at = one_act(tmp_path, monkeypatch, "melzo-accordo-di-programma-piano-di-zona-2021-2023.md")
    tab(at, "Scadenze").toggle[0].set_value(True).run()  # the cited laws' dates join the tables
    table = tab(at, "Scadenze").data_editor[-1].value
    cited = int(table.index[table["Stato"].isna()][0])
    editor = tab(at, "Scadenze").data_editor[-1]
    at.session_state[editor.key] = {
        "edited_rows": {cited: {"Stato": "realizzato"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    view = tab(at, "Scadenze")
    names = [t for t in view.text_input if t.label == "Il tuo nome"]
    names[-1].input("Luca Bianchi")
    next(b for b in reversed(view.button) if b.label.startswith("Salva ")).click().run()
    assert any("non è seguita nel monitoraggio" in e.value for e in at.error)
    assert all(" · da avviare · " in o for o in tab(at, "Verifica").selectbox[0].options)


def test_a_source_opens_its_document_at_its_unit(app):
    app.chat_input[0].set_value("Chi coordina il Tavolo Tecnico?").run()
    source = app.chat_message[1].expander[0]
    source.button[0].click().run()
    assert not app.exception
    unit = next(s for s in app.selectbox if s.label == "Parte del documento")
    assert unit.value == "Art. 5"  # opened where the source is
    shown = "\n".join(m.value for m in app.markdown)
    assert "### Accordo di programma – Piano di Zona 2021" in shown
    assert "<mark>" in shown and "Coordinamento\\: responsabile Ufficio di Piano" in shown
    articles = [int(o.split()[1].rstrip(".–")) for o in unit.options if o.startswith("Art. ")]
    assert articles == sorted(articles) and len(articles) >= 15  # the outline: the act's units in order


def test_a_document_is_removed_after_a_confirmation_and_leaves_the_answers(own_store, monkeypatch):
    at = start(own_store, monkeypatch)
    view = tab(at, "Documenti")
    which = next(s for s in view.selectbox if s.label == "Quale documento")
    which.select("sesto-san-giovanni-intesa-sindacati-2021.md").run()
    next(b for b in tab(at, "Documenti").button if b.label == "Sì, rimuovi").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Rimosso dall'archivio: sesto-san-giovanni-intesa-sindacati-2021.md."]
    assert at.sidebar.metric[0].value == "4"
    assert "sesto-san-giovanni-intesa-sindacati-2021.md" not in set(tab(at, "Documenti").dataframe[0].value["File"])
    assert (CORPUS / "sesto-san-giovanni-intesa-sindacati-2021.md").is_file()  # the original file stays
    at.chat_input[0].set_value("Ogni quanto si incontrano l'Assemblea dei Sindaci di Sesto e i sindacati?").run()
    assert "Sesto San Giovanni" not in " ".join(e.label for e in at.chat_message[1].expander)


def test_a_documents_title_and_territory_are_corrected_in_the_app(own_store, monkeypatch):
    at = start(own_store, monkeypatch)
    view = tab(at, "Documenti")
    next(s for s in view.selectbox if s.label == "Quale documento").select(
        "sesto-san-giovanni-intesa-sindacati-2021.md"
    ).run()
    view = tab(at, "Documenti")
    next(t for t in view.text_input if t.label == "Titolo").input("Intesa di Sesto con i sindacati (2021)")
    next(t for t in view.text_input if t.label == "Territorio").input("Ambito di Sesto San Giovanni e Cologno Monzese")
    next(b for b in view.button if b.label == "Salva").click().run()
    assert not at.exception and [s.value for s in at.success] == ["Corretto: «Intesa di Sesto con i sindacati (2021)»."]
    table = tab(at, "Documenti").dataframe[0].value
    row = table[table["File"] == "sesto-san-giovanni-intesa-sindacati-2021.md"].iloc[0]
    assert (row["Titolo"], row["Territorio"]) == (
        "Intesa di Sesto con i sindacati (2021)",
        "Ambito di Sesto San Giovanni e Cologno Monzese",
    )
    assert (
        "Ambito di Sesto San Giovanni e Cologno Monzese"
        in next(m for m in at.sidebar.multiselect if m.label == "Territorio").options
    )
    next(t for t in tab(at, "Documenti").text_input if t.label == "Titolo").input("")
    next(b for b in tab(at, "Documenti").button if b.label == "Salva").click().run()
    assert any("Il titolo non può essere vuoto" in e.value for e in at.error)


def test_a_change_not_yet_saved_survives_a_filter_that_hides_its_row(tmp_path, monkeypatch):
    at = one_act(tmp_path, monkeypatch)
    row, table = commitment_row(at, "incontrarsi due volte")
    soggetto = table.loc[row, "Soggetto"]
    edit(at, "Impegni", {row: {"Stato": "sospeso"}})
    other = next(p for p in tab(at, "Impegni").multiselect[0].options if p != soggetto)
    tab(at, "Impegni").multiselect[0].select(other).run()  # the edited row is hidden now
    view = tab(at, "Impegni")
    assert "incontrarsi due volte" not in " ".join(view.data_editor[0].value["Impegno"])
    assert [b.label for b in view.button if b.label.startswith("Salva ")] == ["Salva 1 modifica"]
    next(t for t in view.text_input if t.label == "Il tuo nome").input("Anna Rossi")
    save(view)
    assert [s.value for s in at.success] == ["1 modifica salvata a nome di Anna Rossi."]
    assert any(" · sospeso · " in o and "incontrarsi due volte" in o for o in tab(at, "Verifica").selectbox[0].options)
