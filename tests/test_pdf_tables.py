"""Tables in PDFs become rows, found from the cells and rules the page draws (ingest/pdftables.py)."""

from __future__ import annotations

from pypdf import PdfReader

from ingest.clean import clean
from ingest.pdftables import page_text
from ingest.readers import read

from .pdfs import make_pdf, make_ruled_table_pdf, make_table_pdf

HEADER = ["OBIETTIVO", "AZIONI", "ESITO"]


def _rows(path):
    return [b.text for b in clean(read(path)) if b.kind == "row"]


def test_a_boxed_table_reads_row_by_row_with_its_column_names(tmp_path):
    rows = [
        HEADER,
        ["Rafforzare la rete dei servizi per le persone anziane del territorio", "Tavolo mensile", "Avviato"],
        ["Sostenere le famiglie", "Sportello unico aperto due giorni alla settimana presso il Comune", "In corso"],
    ]
    path = make_table_pdf(
        tmp_path / "t.pdf", rows, before="Il Tavolo tecnico ha verificato gli esiti.", after="Le parti firmano."
    )
    found = _rows(path)
    assert found == [
        (
            "OBIETTIVO: Rafforzare la rete dei servizi per le persone anziane del territorio; AZIONI: Tavolo mensile; "
            "ESITO: Avviato"
        ),
        (
            "OBIETTIVO: Sostenere le famiglie; AZIONI: Sportello unico aperto due giorni alla settimana presso il "
            "Comune; ESITO: In corso"
        ),
    ]
    texts = [b.text for b in clean(read(path))]
    assert texts[0].endswith("Il Tavolo tecnico ha verificato gli esiti.") and "Le parti firmano." in texts


def test_a_table_over_a_page_break_keeps_its_header_for_the_rows_of_the_next_page(tmp_path):
    topics = [
        "anziani",
        "minori",
        "disabilità",
        "casa",
        "lavoro",
        "povertà",
        "famiglie",
        "giovani",
        "migranti",
        "salute",
    ]
    verbs = ["avviare", "rafforzare", "sostenere", "verificare"]
    body = [
        [
            f"{v.capitalize()} gli interventi per {t}",
            f"Incontri con i servizi su {t}, con un testo che va a capo nella cella",
            ["Avviato", "In corso", "Concluso"][(i + j) % 3],
        ]
        for i, v in enumerate(verbs)
        for j, t in enumerate(topics)
    ]
    path = make_table_pdf(tmp_path / "lungo.pdf", [HEADER] + body)
    assert len(PdfReader(str(path)).pages) >= 2
    found = _rows(path)
    assert found == [f"OBIETTIVO: {a}; AZIONI: {b}; ESITO: {c}" for a, b, c in body]
    assert not any("Pagina" in r or "Comune di Prova" in r for r in found)  # header and footer stay out


def test_a_table_drawn_with_rules_reads_row_by_row(tmp_path):
    rows = [
        ["ENTE", "RUOLO"],
        ["Comune di Rhoville", "capofila\ndell'accordo"],
        ["ATS Città Metropolitana", "firmatario"],
    ]
    path = make_ruled_table_pdf(tmp_path / "righe.pdf", rows)
    assert _rows(path) == [
        "ENTE: Comune di Rhoville; RUOLO: capofila dell'accordo",
        "ENTE: ATS Città Metropolitana; RUOLO: firmatario",
    ]


def test_a_page_without_a_grid_reads_as_pypdf_reads_it(tmp_path):
    path = make_pdf(tmp_path / "testo.pdf", [["Art. 1 Oggetto", "Il presente accordo regola i rapporti tra le parti."]])
    page = PdfReader(str(path)).pages[0]
    assert page_text(page) == page.extract_text()


def test_a_page_of_many_shapes_is_read_as_text_without_looking_for_tables(tmp_path, monkeypatch):
    """Finding tables among n shapes costs n² (5,000 bars: 8 s); a chart or a map is not a table."""
    from fpdf import FPDF

    from ingest import pdftables

    def searched(boxes):
        raise AssertionError(f"{len(boxes)} shapes searched for tables")

    monkeypatch.setattr(pdftables, "_grids", searched)

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 20, "Grafico della spesa sociale")
    for i in range(3000):  # a chart drawn as thousands of small bars
        pdf.rect(20 + (i % 100) * 1.7, 40 + (i // 100) * 3, 1.2, 2)
    pdf.output(str(tmp_path / "grafico.pdf"))
    page = PdfReader(str(tmp_path / "grafico.pdf")).pages[0]
    assert page_text(page) == page.extract_text()
