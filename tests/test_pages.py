"""A citation gives the page where the quoted words are, also when its passage, or the sentence
itself, runs over a page break."""

from assistant.citations import Citation
from assistant.retrieve import Retriever
from ingest.parse import parse
from ingest.pipeline import ingest

from .pdfs import make_pdf

FIRST = [
    "Art. 1 - Incontri",
    "Le parti firmatarie del presente accordo, riunite in sede di Ambito, si impegnano a",
]
SECOND = [
    "incontrarsi due volte l'anno per verificare lo stato di attuazione dell'accordo.",
    "Il Tavolo tecnico si riunisce ogni mese presso la sede del Comune capofila.",
]


def test_a_statement_that_opens_the_next_page_is_cited_with_that_page(tmp_path):
    passages = parse(make_pdf(tmp_path / "accordo.pdf", [FIRST, SECOND]))
    (p,) = [p for p in passages if "ogni mese" in p.text]
    assert "si impegnano a incontrarsi due volte l'anno" in p.text  # one sentence across the break
    assert p.page == 1
    assert p.page_of("Il Tavolo tecnico si riunisce ogni mese") == 2
    assert p.page_of("Le parti firmatarie del presente accordo") == 1  # where the sentence starts
    assert Citation(1, p, "Il Tavolo tecnico si riunisce ogni mese presso la sede del Comune capofila.").page == 2


def test_pages_survive_the_store(tmp_path, hash_settings):
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "accordo.pdf", [FIRST, SECOND])
    ingest([docs], hash_settings)
    retriever = Retriever.open(hash_settings)
    (p,) = [p for p in retriever.lexical.passages if "ogni mese" in p.text]
    assert p.page_of("Il Tavolo tecnico si riunisce") == 2
    vector_side = retriever.vectors.query(retriever.embedder.embed_query("Tavolo tecnico"), 3)
    assert any(q.id == p.id and q.page_marks == p.page_marks for q, _ in vector_side)
