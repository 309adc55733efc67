from assistant.core.types import Page
from ingest.clean import clean
from ingest.readers import read
from ingest.text import strip_markup

from .pdfs import make_pdf


def texts(blocks):
    return [b.text for b in blocks]


def test_pdf_running_header_and_footer_go_pages_stay(tmp_path):
    pages = [
        ["Art. 1 Oggetto", "Il presente accordo regola i rapporti tra i Comuni dell'Ambito."],
        ["Art. 2 Durata", "L'accordo dura tre anni dalla sottoscrizione."],
        ["Art. 3 Verifiche", "Le parti si incontrano due volte l'anno."],
    ]
    blocks = clean(read(make_pdf(tmp_path / "acc.pdf", pages)))
    joined = "\n".join(texts(blocks))
    assert "Comune di Prova" not in joined
    assert "Pagina" not in joined
    by_text = {b.text: b.page for b in blocks}
    assert by_text["Art. 2 Durata"] == 2
    assert by_text["Le parti si incontrano due volte l'anno."] == 3


def test_hyphenation_across_lines_is_rejoined():
    page1 = Page("x.pdf", 1, "Titolo ricorrente\nLa program-\nmazione sociale è condivisa.\n1")
    page2 = Page("x.pdf", 2, "Titolo ricorrente\nSeconda pagina di testo.\n2")
    joined = " ".join(texts(clean([page1, page2])))
    assert "programmazione sociale" in joined
    assert "Titolo ricorrente" not in joined


def test_markdown_emphasis_and_html_removed():
    assert (
        strip_markup('Il **Comune Capofila** e *d\'ora in poi "Accordo"*')
        == 'Il Comune Capofila e d\'ora in poi "Accordo"'
    )
    assert strip_markup("<p><i>Promuovere</i> la <u>rete</u></p>") == "Promuovere la rete"
    assert strip_markup("vedi <https://www.esempio.it>") == "vedi https://www.esempio.it"


def test_headed_table_rows_keep_their_labels():
    md = (
        "TITOLO OBIETTIVO\tSostegno del lavoro\n"
        "DESCRIZIONE OBIETTIVO\t<p>Primo paragrafo.</p> <p>Secondo paragrafo.</p>\n"
        "\t<p>continua dopo il salto pagina.</p>\n"
        "RISORSE ECONOMICHE PREVENTIVATE\t€ 203.000,00\n"
    )
    rows = clean([Page("t.md", None, md)])
    assert [b.label for b in rows] == ["TITOLO OBIETTIVO", "DESCRIZIONE OBIETTIVO", "RISORSE ECONOMICHE PREVENTIVATE"]
    assert rows[1].text == "DESCRIZIONE OBIETTIVO: Primo paragrafo.\nSecondo paragrafo.\ncontinua dopo il salto pagina."
    assert rows[2].text == "RISORSE ECONOMICHE PREVENTIVATE: € 203.000,00"


def test_table_with_header_row_repeats_column_names():
    md = "OBIETTIVO\tAZIONI\tESITO\n<i>Fare rete</i>\tLaboratori\tAttivati\n\tCorsi\tSvolti\n"
    rows = texts(clean([Page("t.md", None, md)]))
    assert rows == ["OBIETTIVO: Fare rete; AZIONI: Laboratori; ESITO: Attivati", "AZIONI: Corsi; ESITO: Svolti"]


def test_a_cell_of_paragraphs_goes_last_so_the_row_keeps_its_short_cells_on_its_first_line():
    """'Ogni 3 mesi' after a cell of three paragraphs was on a line of its own, apart from the
    body it is the frequency of: the row's first line now holds both."""
    md = (
        "Organo\tComponenti\tProcessi in capo\tTempi\n"
        "Direzione\tTavolo Tecnico\t<p>Garantire le risorse;</p> <p>Monitorare;</p> <p>Valutare.</p>\tOgni 3 mesi\n"
    )
    (row,) = texts(clean([Page("t.md", None, md)]))
    first, *rest = row.split("\n")
    assert (
        first
        == "Organo: Direzione; Componenti: Tavolo Tecnico; Tempi: Ogni 3 mesi; Processi in capo: Garantire le risorse;"
    )
    assert rest == ["Monitorare;", "Valutare."]


def test_numeric_table_with_row_names():
    md = "\t2020\t2021\nCassano\t18.762\t18.834\nInzago\t11.258\t11.232\n"
    assert texts(clean([Page("t.md", None, md)])) == [
        "Cassano — 2020: 18.762; 2021: 18.834",
        "Inzago — 2020: 11.258; 2021: 11.232",
    ]


def test_repeated_letterhead_in_markdown_is_dropped_once_seen():
    md = (
        "Città di\n**ESEMPIO**\n\nProvincia di Milano\n\nDistretto 9 dei Comuni di Alfa, Beta e Gamma\n\n"
        "Primo paragrafo lungo del documento che spiega l'avviso pubblico e le sue finalità per i soggetti.\n\n"
        "==== Città di ====\n\n**ESEMPIO**\n\nProvincia di Milano\n\nDistretto 9 dei Comuni di Alfa, Beta e Gama\n\n"
        "- c. terza fase del percorso\n"
    )
    out = texts(clean([Page("a.md", None, md)]))
    assert out.count("Provincia di Milano") == 1
    assert out[-1] == "- c. terza fase del percorso"


def test_paragraph_split_by_a_page_break_is_rejoined():
    md = "- all'art 1 afferma che il sistema è costituito dall'insieme di funzioni e prestazioni\n\nche garantiscono l'offerta sanitaria;\n"
    assert texts(clean([Page("a.md", None, md)])) == [
        "- all'art 1 afferma che il sistema è costituito dall'insieme di funzioni e prestazioni che garantiscono l'offerta sanitaria;"
    ]


def test_pdf_paragraphs_end_where_a_sentence_stops_short_of_the_margin():
    full = "Le parti si impegnano a condividere i dati raccolti dai servizi sociali del territorio e a garantire"  # 100
    last = "la formazione congiunta degli operatori dei Comuni e delle cooperative sociali."  # 80: < 90% of a line
    lines = [full, last, "Il Tavolo si riunisce ogni tre mesi.", full, full[:-1] + "."]
    pages = [Page("x.pdf", 1, "\n".join(lines)), Page("x.pdf", 2, "Seconda pagina del documento.")]
    out = texts(clean(pages))
    assert out[0] == full + " " + last
    assert out[1] == "Il Tavolo si riunisce ogni tre mesi."
    # a sentence that fills the line may go on, across the page break too
    assert out[2] == full + " " + full[:-1] + ". Seconda pagina del documento."


def test_pdf_letterhead_repeated_mid_page_does_not_glue_to_a_list_item():
    head = ["Città di", "ESEMPIO", "Provincia di Milano", "Distretto 9 dei Comuni di Alfa, Beta e Gamma."]
    body = "Il Distretto avvia la co-programmazione del Piano con gli enti del Terzo Settore e le parti sociali"
    page1 = head + [body] * 6 + ["Il percorso si articolerà in:", "- a. una prima fase di ascolto,"]
    page1 += ["- b. una seconda fase di ideazione,"]
    page1 += ["Città di", "ESEMPIO", "Provincia di Milano", "Distretto 9 dei Comuni di Alfa, Beta e Gama."]
    page2 = ["- c. una terza fase di organizzazione delle proposte."]
    out = texts(clean([Page("x.pdf", 1, "\n".join(page1)), Page("x.pdf", 2, "\n".join(page2))]))
    assert "- b. una seconda fase di ideazione," in out  # not "…, Città di"
    assert sum("Provincia di Milano" in t for t in out) == 1
    assert out[-1] == "- c. una terza fase di organizzazione delle proposte."


def test_pdf_title_repeated_mid_page_and_wrapped_stands_alone():
    title = [
        "La Valutazione d'impatto nella programmazione zonale 2021/23 nel territorio dell'ATS Città Metropolitana",
        "di Milano",
    ]
    body = [
        "La DGR ribadisce la necessità di attivare modalità di valutazione che accompagnino il processo.",
        "Il percorso ha previsto tre incontri da remoto con gli operatori degli ambiti del territorio.",
        "Ottima è stata l'adesione al percorso formativo che ha coinvolto molte persone degli ambiti.",
    ]
    filler = [f"Paragrafo {n} del documento di piano, che parla d'altro." for n in range(4)]
    pages = [Page("x.pdf", n + 1, "\n".join(filler + [*title, sentence] + filler)) for n, sentence in enumerate(body)]
    out = texts(clean(pages))
    assert out.count(" ".join(title)) == 1  # the first copy, alone, where the annex starts
    for sentence in body:
        assert any(t.startswith(sentence) for t in out)  # not glued after the title


def test_a_short_list_item_line_in_a_pdf_ends_the_item():
    """PDF text has no blank lines: a list item that stops well short of the margin is over, and
    the line after it starts a paragraph of its own."""
    full = "le parti firmatarie del presente accordo si impegnano a realizzare le azioni del Piano di Zona nel"
    text = "\n".join(
        [
            full,
            "rispetto dei criteri e delle modalità definite nel Piano stesso e delle sue linee d'indirizzo:",
            "- a partecipare alla messa in rete dei propri servizi e dei propri operatori sul territorio di",
            "ambito, secondo quanto previsto dai regolamenti comuni",
            "- ad effettuare la valutazione d'impatto",
            "In particolare, i Comuni:",
            "- garantiscono i livelli essenziali delle prestazioni sociali a tutti i cittadini del territorio",
        ]
    )
    blocks = texts(clean([Page("a.pdf", 1, text), Page("a.pdf", 2, "Seconda pagina.")]))
    assert "- ad effettuare la valutazione d'impatto" in blocks
    assert "In particolare, i Comuni:" in blocks
    # a long item still runs on to its next line
    assert any(b.startswith("- a partecipare") and b.endswith("regolamenti comuni") for b in blocks)


def test_a_pdf_list_item_short_of_the_margin_before_a_capital_ends_and_a_colon_mid_item_does_not():
    """An item's wrapped line fills the line; one that stops short of the margin (here 77%) with a
    capital after it is the item's last. A name ending in a colon whose sentence goes on in lower
    case on the next line is one item, not a lead."""
    full = (
        "le parti firmatarie del presente accordo si impegnano a realizzare tutte le azioni del Piano di Zona triennale"
    )
    text = "\n".join(
        [
            full,
            full,
            "- Ad effettuare la valutazione d'impatto delle policy individuate riportate all'art 8",  # 0.77 of full
            "In particolare, i Comuni:",
            "- Cabina di Regia unificata e territoriale dell'ATS e dell'ASST Melegnano Martesana:",
            "garantisce la programmazione e la verifica degli interventi sociosanitari erogati.",
        ]
    )
    blocks = texts(clean([Page("a.pdf", 1, text), Page("a.pdf", 2, "Seconda pagina.")]))
    assert "In particolare, i Comuni:" in blocks
    assert any(b.startswith("- Cabina di Regia") and b.endswith("sociosanitari erogati.") for b in blocks)


def test_a_short_numbered_title_in_a_pdf_stands_alone():
    full = (
        "le parti firmatarie del presente accordo si impegnano a realizzare tutte le azioni del Piano di Zona triennale"
    )
    text = "\n".join(
        [full, full + ".", "1. Tariffe e ISEE", "Il Comune si impegna a mantenere invariate le tariffe del servizio."]
    )
    blocks = texts(clean([Page("a.pdf", 1, text), Page("a.pdf", 2, "Seconda pagina.")]))
    assert "1. Tariffe e ISEE" in blocks
