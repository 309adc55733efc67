"""Answers over a small made-up corpus (hash embedder: BM25 carries the retrieval) and the
checks that hold for every answer: markers, citations, verbatim quotes."""

import json
import re
import subprocess
import sys

import pytest

from assistant.citations import Citation, check
from assistant.core.types import Passage
from assistant.ranked import RankedAnswerer
from assistant.retrieve import Filters, Retriever
from tests.conftest import made_up_store

ALFA = """# Protocollo d'intesa tra il Comune di Alfa e le organizzazioni sindacali

Premessa

- Il Comune di Alfa intende rafforzare la programmazione sociale.

Art. 1 Oggetto

Il presente protocollo regola il confronto tra il Comune di Alfa e le organizzazioni sindacali sulle politiche sociali.

Art. 2 Impegni delle parti

Le parti si impegnano a:

- costituire un tavolo permanente sulle politiche abitative;
- condividere i dati sulla povertà raccolti dai servizi sociali;
- promuovere la formazione congiunta degli operatori.

Art. 3 Governance

- **Cabina di Regia:** organismo di indirizzo che garantisce il monitoraggio del protocollo e la verifica degli interventi previsti dalle parti firmatarie.
  - Composizione: il Sindaco di Alfa, l'assessore ai servizi sociali e tre rappresentanti sindacali
  - Coordinamento: il responsabile dell'Ufficio di Piano

Art. 4 Verifiche

Le parti si impegnano a incontrarsi due volte l'anno per monitorare lo stato di attuazione del protocollo.

Art. 5 Durata

Il protocollo ha validità fino al 31 dicembre 2025.
"""

BETA = """# Avviso pubblico del Distretto di Beta

Il Distretto di Beta invita gli enti del terzo settore a partecipare alla co-programmazione del piano sociale.

L'Ufficio di Piano del Distretto di Beta conta 4 operatori dedicati alla co-programmazione.

Le domande vanno inviate entro il 15 settembre 2024 all'Ufficio di Piano.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory):
    settings = made_up_store(tmp_path_factory.mktemp("mini"), {"alfa.md": ALFA, "beta.md": BETA})
    return RankedAnswerer(Retriever.open(settings))


def assert_grounded(ans):
    """Every [n] has a citation, every citation is used, every quote is verbatim."""
    used = {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)}
    assert used == {c.n for c in ans.citations}
    for c in ans.citations:
        assert c.quote and c.quote in c.passage.text


def test_who_coordinates(answerer):
    ans = answerer.answer("Chi coordina la Cabina di Regia?")
    assert not ans.refused
    assert "il responsabile dell'Ufficio di Piano" in ans.text
    assert ans.citations[0].passage.locator == "Art. 3 › Cabina di Regia"  # the bold lead is a unit
    assert_grounded(ans)


def test_two_part_question_gets_both_parts(answerer):
    ans = answerer.answer("Da chi è composta la Cabina di Regia e chi la coordina?")
    assert "tre rappresentanti sindacali" in ans.text and "responsabile dell'Ufficio di Piano" in ans.text
    assert_grounded(ans)


def test_list_items_come_with_their_lead(answerer):
    ans = answerer.answer("A cosa si impegnano le parti sui dati della povertà?")
    assert "condividere i dati sulla povertà raccolti dai servizi sociali" in ans.text
    assert_grounded(ans)


def test_how_often(answerer):
    ans = answerer.answer("Ogni quanto si incontrano le parti per il monitoraggio?")
    assert "due volte l'anno" in ans.text and not ans.refused
    assert_grounded(ans)


def test_named_unit_is_looked_up(answerer):
    ans = answerer.answer("Cosa dice l'art. 5 del protocollo di Alfa?")
    assert "31 dicembre 2025" in ans.text
    assert ans.citations[0].passage.locator.startswith("Art. 5")


def test_deadline_found_in_the_right_document(answerer):
    ans = answerer.answer("Entro quando vanno inviate le domande all'avviso di Beta?")
    assert "15 settembre 2024" in ans.text and ans.citations[0].passage.source == "beta.md"


def test_count_answered_when_stated(answerer):
    ans = answerer.answer("Quanti operatori ha l'Ufficio di Piano di Beta?")
    assert not ans.refused and "4 operatori" in ans.text


@pytest.mark.parametrize(
    "question, says",
    [
        ("Quanto costa l'iscrizione al tavolo permanente sulle politiche abitative?", "l'importo"),
        ("Quando è stata firmata la convenzione con la Cabina di Regia?", "la data"),
        ("Quanti operatori lavorano nella Cabina di Regia di Alfa?", "il numero"),
        ("Cosa prevede il piano di zona di Bergamo?", "Bergamo"),
        # the place is Bergamo, not the body whose name it follows ("nella Consulta di …")
        ("Quanti operatori lavorano nella Consulta di Bergamo?", "riguardi «Bergamo» e"),
        ("Qual è la ricetta della torta di mele?", "passaggio"),
    ],
)
def test_refusals_say_what_is_missing_and_offer_leads(answerer, question, says):
    ans = answerer.answer(question)
    assert ans.refused, ans.text
    assert ans.text.startswith("Nei documenti non ho trovato") and says in ans.text
    assert ans.citations == []


def test_filters_restrict_documents(answerer):
    ans = answerer.answer("Chi coordina la Cabina di Regia?", Filters(source=("beta.md",)))
    assert all(c.passage.source == "beta.md" for c in ans.citations)


def test_json_shape(answerer):
    data = answerer.answer("Chi coordina la Cabina di Regia?").to_json()
    assert {"question", "answer", "refused", "citations"} <= set(data)
    assert set(data["citations"][0]) == {"n", "source", "title", "locator", "page", "quote", "text"}


def test_check_drops_bad_markers_unused_and_non_verbatim_citations():
    p = Passage("id1", "a.md", "A", "Art. 1", None, "Le parti si incontrano due volte l'anno.")
    q = Passage("id2", "a.md", "A", "Art. 2", None, "Testo diverso.")
    text = "Si incontrano due volte l'anno [2]. Frase inventata [3]. Altra [1]."
    cites = [Citation(1, q, "non presente nel testo"), Citation(2, p, "due volte l'anno"), Citation(4, p, "Le parti")]
    new_text, kept = check(text, cites)
    assert new_text == "Si incontrano due volte l'anno [1]. Frase inventata. Altra."
    assert [(c.n, c.passage.id) for c in kept] == [(1, "id1")]


def test_langchain_retriever(answerer):
    from langchain_core.retrievers import BaseRetriever

    lc = answerer.retriever.as_langchain(k=3)
    assert isinstance(lc, BaseRetriever)
    docs = lc.invoke("Cabina di Regia coordinamento")
    assert docs and docs[0].metadata["locator"] and "title" in docs[0].metadata


def test_ask_cli_reads_stdin_and_prints_json_lines(answerer, tmp_path):
    store = answerer.retriever.store_path
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--store", str(store), "--json"],
        input="Chi coordina la Cabina di Regia?\n\nQuanto costa l'iscrizione al tavolo?\n",
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["refused"] for line in lines] == [False, True]
    human = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "Chi coordina la Cabina di Regia?", "--store", str(store)],
        capture_output=True,
        text=True,
    )
    assert "Fonti:" in human.stdout and "[1]" in human.stdout


def test_ask_on_missing_store_is_an_italian_error(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "Chi?", "--store", str(tmp_path / "nessuno")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1 and "pdz ingest" in out.stderr and "Traceback" not in out.stderr


def test_eval_on_a_tiny_file(answerer, tmp_path):
    items = [
        {
            "id": "t1",
            "question": "Chi coordina la Cabina di Regia?",
            "gold_quote": "Coordinamento: il responsabile dell'Ufficio di Piano",
            "key_facts": ["responsabile dell'ufficio di piano"],
            "answerable": True,
            "locator": "Art. 3",
        },
        {
            "id": "t2",
            "question": "Quanto costa l'iscrizione al tavolo?",
            "gold_quote": "",
            "key_facts": [],
            "answerable": False,
        },
    ]
    f = tmp_path / "mini.jsonl"
    f.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "eval",
            str(f),
            "--store",
            str(answerer.retriever.store_path),
            "--no-recipe",
            "--json",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["citation_hit_rate"] == 1.0 and report["key_fact_recall"] == 1.0
    assert report["out_of_corpus_refused"] == "1/1" and report["false_refusals"] == 0


def test_ask_cli_filters_by_document(answerer):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ask",
            "Chi coordina la Cabina di Regia?",
            "--json",
            "--store",
            str(answerer.retriever.store_path),
            "--documento",
            "beta.md",
        ],
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout)
    assert all(c["source"] == "beta.md" for c in data["citations"])


def test_a_plain_line_after_a_colon_inherits_it_as_lead():
    from assistant.core.statements import statements_of
    from assistant.core.types import Passage

    text = "Il percorso da remoto ha previsto 3 incontri:\n11 Novembre e 29 Novembre dalle ore 9.\nAltro paragrafo."
    p = Passage(id="x", source="a.md", title="A", locator="Allegato 3", heading="Allegato 3", page=None, text=text)
    leads = [s.lead for s in statements_of(p, 0)]
    assert leads[1].startswith("Il percorso da remoto ha previsto 3 incontri:")
    assert leads[2] == ""


def test_an_abbreviation_does_not_end_a_sentence():
    """'Coop. Dialogica', 'Dott. Rossi', 'n. 7': the sentence goes on, with the period it holds."""
    from assistant.core.statements import statements

    line = (
        "Il servizio è gestito da un raggruppamento composto da Cooperativa Alfa, Coop. Beta, Coop. Gamma "
        "e dal Dott. Rossi, per il triennio 2019/2022. Il servizio permette di mettere a sistema le reti "
        "del territorio con la delibera n. 7 del 2021. Fine della riga, che è lunga abbastanza da essere tagliata."
    )
    spans = [line[a:b] for a, b in statements(line)]
    assert spans[0].endswith("per il triennio 2019/2022.") and "Coop. Gamma" in spans[0]
    assert "n. 7 del 2021." in spans[1]
    assert len(spans) == 3


def test_a_list_too_long_to_show_whole_shows_its_items_opening_words():
    from assistant.answer import ITEM_CHARS, MAX_ANSWER_CHARS, compose
    from assistant.core.statements import statements_of

    items = "\n".join(
        f"- Asse {n}: " + "parole dell'asse che descrivono gli obiettivi condivisi. " * 5 for n in range(6)
    )
    text = f"Sono individuati i seguenti assi:\n{items}"
    p = Passage(id="l", source="l.md", title="L", locator="Art. 1", heading="Art. 1", page=None, text=text)
    chosen = statements_of(p, 0)
    assert sum(len(s.text) for s in chosen) > MAX_ANSWER_CHARS
    ans = compose("Quali sono gli assi?", chosen, [])
    lines = ans.text.splitlines()
    assert len(lines) == 6 and all(line.endswith("… [1]") for line in lines[1:])
    assert all(len(line) <= ITEM_CHARS + 10 for line in lines[1:])
    short = compose("Quali sono gli assi?", chosen[:3], [])  # what fits is shown whole
    assert "…" not in short.text


def test_a_supporting_statement_too_long_for_what_is_left_lets_a_shorter_one_in():
    from assistant.answer import MAX_ANSWER_CHARS, compose
    from assistant.core.statements import statements_of

    best = "Le adesioni raccolte dopo l'avvio dei lavori avranno ruolo consultivo."
    long = (
        "Il presente avviso intende permettere la massima partecipazione"
        + " della rete locale e dei soggetti" * 40
        + "."
    )
    short = "Le adesioni vanno inviate entro il 29 luglio 2021."
    p = Passage(
        id="a", source="a.md", title="A", locator="Art. 2", heading="Art. 2", page=None, text=f"{best}\n{long}\n{short}"
    )
    chosen = statements_of(p, 0)
    assert len(chosen) == 3 and len(long) > MAX_ANSWER_CHARS - len(best)
    text = compose("Che ruolo ha chi aderisce dopo?", chosen, []).text
    assert best in text and short in text and "massima partecipazione" not in text


def test_a_quote_leaves_out_bullets_and_the_dashes_of_a_tables_rule():
    from assistant.core.statements import quote

    assert quote("- a. una prima fase") == "a. una prima fase"
    assert quote("--- -- Se la Cabina di regia") == "Se la Cabina di regia"
    assert quote("- – il consolidamento dell'Albo") == "il consolidamento dell'Albo"
    assert quote("Il costo - se previsto - è annuo") == "Il costo - se previsto - è annuo"
