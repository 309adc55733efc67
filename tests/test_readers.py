import random

import pytest

from assistant.core.errors import UnreadableFile
from ingest.readers import read

from .pdfs import make_encrypted_pdf, make_image_only_pdf, make_pdf


def test_markdown_is_one_page_without_number(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("# Titolo\n\nArt. 1 Oggetto\n\nTesto dell'articolo.", encoding="utf-8")
    pages = read(f)
    assert len(pages) == 1 and pages[0].page is None
    assert "Testo dell'articolo." in pages[0].text


def test_legacy_encoding_falls_back(tmp_path):
    f = tmp_path / "vecchio.txt"
    f.write_bytes("Attività e società: l’Ufficio di Piano".encode("cp1252"))
    assert "Attività e società: l’Ufficio di Piano" in read(f)[0].text


def test_form_feed_marks_pages_in_text(tmp_path):
    f = tmp_path / "export.txt"
    f.write_text("prima pagina\fseconda pagina", encoding="utf-8")
    assert [(p.page, p.text) for p in read(f)] == [(1, "prima pagina"), (2, "seconda pagina")]


def test_pdf_pages_count_from_one(tmp_path):
    f = make_pdf(tmp_path / "doc.pdf", [["Art. 1 Oggetto", "Primo testo."], ["Art. 2 Durata", "Secondo testo."]])
    pages = read(f)
    assert [p.page for p in pages] == [1, 2]
    assert "Primo testo." in pages[0].text and "Secondo testo." in pages[1].text


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("vuoto.md", lambda p: p.write_bytes(b""), "file vuoto"),
        ("spazi.txt", lambda p: p.write_text("   \n\n  "), "file vuoto"),
        ("binario.md", lambda p: p.write_bytes(bytes(range(256)) * 20), "binario"),
        # random bytes with no NUL and no control character: Latin-1 would read them as letters
        (
            "casuale.md",
            lambda p: p.write_bytes(bytes(random.Random(0).randrange(128, 256) for _ in range(5000))),
            "binario",
        ),
        (
            "stampabile.txt",
            lambda p: p.write_bytes(bytes(random.Random(1).randrange(33, 127) for _ in range(5000))),
            "binario",
        ),
        ("foglio.xlsx", lambda p: p.write_bytes(b"PK\x03\x04"), "formato non supportato"),
        ("finto.pdf", lambda p: p.write_text("non sono un pdf"), "non è un PDF valido"),
    ],
)
def test_unreadable_files_say_why_in_italian(tmp_path, name, make, reason):
    f = tmp_path / name
    make(f)
    with pytest.raises(UnreadableFile) as err:
        read(f)
    assert reason in str(err.value)


def test_truncated_pdf(tmp_path):
    full = make_pdf(tmp_path / "intero.pdf", [["Art. 1 Oggetto", "Testo."] * 20] * 3)
    cut = tmp_path / "troncato.pdf"
    cut.write_bytes(full.read_bytes()[: len(full.read_bytes()) // 3])
    with pytest.raises(UnreadableFile) as err:
        read(cut)
    assert "PDF" in str(err.value)


def test_encrypted_pdf(tmp_path):
    with pytest.raises(UnreadableFile) as err:
        read(make_encrypted_pdf(tmp_path / "protetto.pdf"))
    assert "password" in str(err.value)


def test_image_only_pdf_needs_ocr(tmp_path):
    with pytest.raises(UnreadableFile) as err:
        read(make_image_only_pdf(tmp_path / "scansione.pdf"))
    assert "OCR" in str(err.value)


def test_docx(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Art. 1 Oggetto", level=1)
    d.add_paragraph("Il presente accordo disciplina la collaborazione.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "TITOLO OBIETTIVO", "Inclusione"
    table.cell(1, 0).text, table.cell(1, 1).text = "TARGET", "Giovani"
    f = tmp_path / "accordo.docx"
    d.save(str(f))
    text = read(f)[0].text
    assert "Il presente accordo disciplina la collaborazione." in text
    assert "TITOLO OBIETTIVO\tInclusione" in text
