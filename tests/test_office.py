"""LibreOffice text (.odt) and saved web pages (.html), made in the test, read into the same
headings, items, rows and paragraphs as the other formats, and on through ingest; zip bombs refused."""

import zipfile

import pytest

from assistant.core.errors import UnreadableFile
from assistant.retrieve import Retriever
from ingest import office
from ingest.pipeline import ingest
from ingest.readers import read

CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
 <office:body><office:text>
  <text:p>AMBITO DI OMEGAVILLE</text:p>
  <text:h text:outline-level="1">Art. 1 – Oggetto</text:h>
  <text:p>Il presente accordo regola il <text:span>Tavolo</text:span> dei<text:s text:c="2"/>servizi.<text:note><text:note-body><text:p>nota</text:p></text:note-body></text:note></text:p>
  <text:list><text:list-item><text:p>primo impegno dei Comuni;</text:p></text:list-item>
   <text:list-item><text:p>secondo impegno dell'ATS.</text:p></text:list-item></text:list>
  <text:h text:outline-level="1">Art. 2 – Risorse</text:h>
  <table:table><table:table-row><table:table-cell><text:p>Servizio</text:p></table:table-cell>
   <table:table-cell><text:p>Importo</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>Trasporto</text:p></table:table-cell>
   <table:table-cell><text:p>€ 12.000,00</text:p></table:table-cell></table:table-row></table:table>
 </office:text></office:body></office:document-content>"""


def make_odt(path, content=CONTENT, padding: int = 0):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        if padding:
            z.writestr("Pictures/vuoto.bin", b"\0" * padding)
    return path


PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Avviso pubblico - Comune di Sigmaville</title>
<script>var x = "non leggere";</script><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/bandi">Bandi</a></nav>
<header>Portale istituzionale</header>
<main><h1>Avviso pubblico per la co-programmazione</h1>
<p>Il Comune di Sigmaville invita gli enti del <b>Terzo Settore</b> a presentare proposte<br>entro il 30 giugno 2024.</p>
<div>Testo in un div <span>con una parte in linea</span>.<ul><li>prima fase: ricognizione;</li><li>seconda fase: <i>tavoli</i> tematici.</li></ul></div>
<table><tr><th>Fase</th><th>Data</th></tr><tr><td>Avvio</td><td>1 luglio 2024</td></tr></table>
</main><footer>Cookie policy</footer></body></html>"""


def test_odt_headings_items_rows_and_spaces(tmp_path):
    text = read(make_odt(tmp_path / "accordo.odt"))[0].text
    assert "# Art. 1 – Oggetto" in text and "# Art. 2 – Risorse" in text
    assert "Il presente accordo regola il Tavolo dei  servizi." in text and "nota" not in text
    assert "- primo impegno dei Comuni;" in text and "- secondo impegno dell'ATS." in text
    assert "Trasporto\t€ 12.000,00" in text


def test_html_page_without_menus_scripts_or_footer(tmp_path):
    f = tmp_path / "avviso.html"
    f.write_bytes(PAGE)
    text = read(f)[0].text
    assert "# Avviso pubblico per la co-programmazione" in text
    assert (
        "Il Comune di Sigmaville invita gli enti del Terzo Settore a presentare proposte entro il 30 giugno 2024."
        in text
    )
    assert "Testo in un div con una parte in linea." in text
    assert "- prima fase: ricognizione;" in text and "- seconda fase: tavoli tematici." in text
    assert "Avvio\t1 luglio 2024" in text
    for noise in ("non leggere", "color", "Home", "Portale istituzionale", "Cookie"):
        assert noise not in text


def test_html_in_latin1_with_its_charset(tmp_path):
    f = tmp_path / "vecchia.htm"
    f.write_bytes(
        '<html><head><meta charset="iso-8859-1"></head><body><p>Città e attività</p></body></html>'.encode("latin-1")
    )
    assert "Città e attività" in read(f)[0].text


def test_odt_and_html_are_ingested_and_answer(tmp_path, hash_settings):
    docs = tmp_path / "docs"
    docs.mkdir()
    make_odt(docs / "accordo.odt")
    (docs / "avviso.html").write_bytes(PAGE)
    report = ingest([docs], hash_settings)
    assert report.ok and report.documents == 2, report.skipped
    r = Retriever.open(hash_settings)
    titles = {d.source: d.title for d in r.documents}
    assert titles["avviso.html"].startswith("Avviso pubblico")
    hits = r.search("importo del trasporto", k=3)
    assert any("12.000,00" in h.passage.text and "Art. 2" in h.passage.locator for h in hits)


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("rotto.odt", lambda p: p.write_bytes(b"PK\x03\x04 non proprio"), "ODT danneggiato"),
        (
            "foglio.odt",
            lambda p: make_odt(p, CONTENT.replace("office:text>", "office:spreadsheet>")),
            "foglio di calcolo",
        ),
        ("xml.odt", lambda p: make_odt(p, CONTENT[:400]), "ODT danneggiato"),
        (
            "vuota.html",
            lambda p: p.write_bytes(b"<html><body><script>x()</script></body></html>"),
            "non contiene testo",
        ),
    ],
)
def test_bad_odt_and_html_say_why(tmp_path, name, make, reason):
    f = tmp_path / name
    make(f)
    with pytest.raises(UnreadableFile) as err:
        read(f)
    assert reason in str(err.value)


def test_a_zip_that_would_expand_past_the_limit_is_refused_unopened(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "ZIP_LIMIT", 1_000_000)
    f = make_odt(tmp_path / "bomba.odt", padding=5_000_000)  # 5 MB of zeros, a few KB compressed
    assert f.stat().st_size < 100_000
    with pytest.raises(UnreadableFile) as err:
        read(f)
    assert "sospetto" in str(err.value)
    docx = tmp_path / "bomba.docx"
    docx.write_bytes(f.read_bytes())
    with pytest.raises(UnreadableFile) as err:
        read(docx)
    assert "sospetto" in str(err.value)
