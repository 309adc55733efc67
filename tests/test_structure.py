import re

import pytest

from assistant.core.types import Block, Page
from ingest.chunk import MAX_CHARS, passages, split_text
from ingest.clean import clean
from ingest.manifest import document_info
from ingest.readers import read
from ingest.structure import sections

from .conftest import CORPUS, MELZO


def secs_of(name):
    path = CORPUS / name
    return sections(name, clean(read(path)))


def doc(text, name="prova.md"):
    return sections(name, clean([Page(name, None, text)]))


@pytest.fixture(scope="module")
def melzo():
    return secs_of(MELZO)


def test_melzo_articles_1_to_16_with_titles(melzo):
    articles = {}
    for s in melzo:
        m = re.match(r"Art\. (\d+)", s.path[0].label) if s.path else None
        if m:
            articles.setdefault(int(m.group(1)), s.path[0].title)
    assert sorted(articles) == list(range(1, 17))
    assert articles[5] == "Art. 5 – La governance per la realizzazione dell'Accordo di Programma"
    assert articles[16] == "Art. 16 – Collegio di Vigilanza"


def test_piano_di_zona_sections_1_to_8_inside_allegato_1(melzo):
    found = {h.label for s in melzo for h in s.path if h.label.startswith("Sezione")}
    assert found == {f"Sezione {n}" for n in range(1, 9)}
    sez6 = [s for s in melzo if any(h.label == "Sezione 6" for h in s.path)]
    assert all(s.path[0].label == "Allegato 1" for s in sez6)
    assert any(
        s.locator
        == "Allegato 1 › Sezione 6 › 3. L'ASSETTO DI GOVERNANCE NELLE MISURE A… › 3.1 LA MATRICE ORGANIZZATIVA"
        for s in sez6
    )


def test_table_of_contents_is_not_a_section(melzo):
    index = [s for s in melzo if s.locator == "Allegato 1 › Indice"]
    assert len(index) == 1 and "Sezione 2– Le macroaree" in index[0].text


def test_annexes_start_where_their_title_returns(melzo):
    starts = {}
    for s in melzo:
        if s.path and s.path[0].label.startswith("Allegato"):
            starts.setdefault(s.path[0].label, s.text.split("\n", 1)[0])
    assert starts["Allegato 1"].startswith("PIANO DI ZONA AMBITO TERRITORIALE MELZO")
    assert starts["Allegato 2"] == "INTEGRAZIONE SOCIO-SANITARIA"
    assert starts["Allegato 3"].startswith("La Valutazione d'impatto nella programmazione zonale")


def test_art5_bodies_are_units_of_their_own(melzo):
    units = [s.locator for s in melzo if s.locator.startswith("Art. 5 ›")]
    assert units == [
        "Art. 5 › Assemblea dei Sindaci di Ambito Territoriale (ASAT)",
        "Art. 5 › Tavolo Tecnico",
        "Art. 5 › Ufficio di Piano",
        "Art. 5 › Cabina di Regia unificata e territoriale ATS Milano e Città Metropolitana /ASST Melegnano…",
        "Art. 5 › Laboratori di governance (labGO)",
        "Art. 5 › Comitato promotore della comunità generativa Adda Martesana",
    ]
    tavolo = next(s for s in melzo if s.locator == "Art. 5 › Tavolo Tecnico")
    assert "Coordinamento: responsabile Ufficio di Piano o suo delegato" in tavolo.text


def test_headed_table_rows_are_units(melzo):
    locs = {s.locator for s in melzo}
    assert (
        "Allegato 1 › Sezione 2 › 2.1 interventi connessi alle politiche per il… › RISORSE ECONOMICHE PREVENTIVATE"
        in locs
    )
    assert any(loc.startswith("Allegato 1 › Sezione 2 › 2.4 interventi per la famiglia") for loc in locs)


def test_sesto_recitals_and_axes():
    locs = [s.locator for s in secs_of("sesto-san-giovanni-intesa-sindacati-2021.md")]
    assert "Allegato A › Premessa" in locs
    assert "Allegato A › Tutto ciò premesso" in locs
    assert "Allegato A › Tutto ciò premesso › Politiche per la disabilità" in locs


def test_bologna_points_and_notes():
    locs = [s.locator for s in secs_of("bologna-indirizzi-insieme-per-il-lavoro.md")]
    assert [loc.split(" ")[0] for loc in locs if re.match(r"\d\)", loc)] == ["1)", "2)", "3)"]
    assert "Nota 2" in locs


def test_recitals_and_articles_in_a_made_up_act():
    secs = doc(
        "Premesso che\n\nil Comune di Alfa intende collaborare;\n\nVisti\n\n- la legge 328/2000;\n\n"
        "TUTTO CIÒ PREMESSO si conviene quanto segue\n\nArticolo 1 - Oggetto\n\nIl presente protocollo regola.\n\n"
        "Articolo 2 – Impegni\n\nLe parti si impegnano a incontrarsi ogni 3 mesi.\n"
    )
    assert [s.locator for s in secs] == [
        "Premesso che",
        "Visti",
        "Tutto ciò premesso",
        "Art. 1 – Oggetto",
        "Art. 2 – Impegni",
    ]


def test_a_record_agreed_in_numbered_points_leaves_its_premise():
    long = (
        "Il Comune si impegna a mantenere invariate per tutto l'anno le tariffe del servizio di assistenza domiciliare."
    )
    secs = doc(
        "Premessa\n\nLe parti richiamano il protocollo regionale del 7 luglio 2021.\n\n"
        "Le parti concordano quanto segue.\n\n1. Tariffe e ISEE\n\n" + long + "\n\n2. Verifica\n\n" + long + "\n\n"
        "Gli ambiti di lavoro sono:\n\n1. Casa\n\n2. Lavoro\n\n3. Salute\n"
    )
    assert [s.locator for s in secs] == [
        "Premessa",
        "Le parti concordano quanto segue › 1. Tariffe e ISEE",
        "Le parti concordano quanto segue › 2. Verifica",
    ]
    assert secs[-1].text.endswith("3. Salute")  # short numbered lines in a row are a list, not units


def test_numbered_headings_nest_and_points_stay_inside():
    secs = doc(
        "Sezione 3 – Governance\n\nIntroduzione.\n\n3.1 La matrice organizzativa\n\nTesto della matrice.\n\n"
        "3.2 POOL TERRITORIALE:\n\nTesto del pool.\n\n1) Primo punto del pool con un testo.\n\nAncora il primo punto.\n"
    )
    assert [s.locator for s in secs] == [
        "Sezione 3 – Governance",
        "Sezione 3 › 3.1 La matrice organizzativa",
        "Sezione 3 › 3.2 POOL TERRITORIALE",
        "Sezione 3 › 3.2 POOL TERRITORIALE › 1) Primo punto del pool con un testo.",
    ]
    assert secs[-1].text.endswith("Ancora il primo punto.")


def test_document_without_headings_gets_first_words_locators():
    text = "Il Comune di Beta pubblica questo avviso per raccogliere proposte dal territorio.\n\nSeconda parte."
    secs = doc(text)
    ps = passages(secs, document_info(CORPUS / "nuovo.md", clean([Page("nuovo.md", None, text)])))
    assert ps[0].locator == "«Il Comune di Beta pubblica questo avviso…»"


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.md")))
def test_no_text_is_lost(name):
    """Every cleaned block is in its section, and every section's text is covered by its
    passages, in order, without overlap."""
    blocks = clean(read(CORPUS / name))
    secs = sections(name, blocks)
    assert "\n".join(s.text for s in secs) == "\n".join(b.text for b in blocks)
    info = document_info(CORPUS / name, blocks)
    ps = passages(secs, info)

    def squash(t):
        return re.sub(r"\s+", "", t)

    assert squash("".join(p.text for p in ps)) == squash("".join(s.text for s in secs))
    assert all(len(p.text) <= MAX_CHARS for p in ps)
    assert len({p.id for p in ps}) == len(ps)


def test_split_text_pieces_are_verbatim_and_balanced():
    text = "\n".join(f"Riga numero {i} con qualche parola in più per riempire lo spazio." for i in range(40))
    pieces = split_text(text, 1000)
    assert all(p in text for p in pieces)
    assert max(len(p) for p in pieces) <= 1000
    assert min(len(p) for p in pieces) > 400


def test_passage_ids_are_stable():
    blocks = clean(read(CORPUS / MELZO))
    info = document_info(CORPUS / MELZO, blocks)
    a = [p.id for p in passages(sections(MELZO, blocks), info)]
    b = [p.id for p in passages(sections(MELZO, clean(read(CORPUS / MELZO))), info)]
    assert a == b


def test_manifest_gives_titles_and_unknown_files_get_one_from_text(tmp_path):
    info = document_info(CORPUS / MELZO, [])
    assert info.title.startswith("Accordo di programma") and info.doc_type == "accordo di programma"
    f = tmp_path / "nuovo.md"
    blocks = [Block("Protocollo d'intesa per la domiciliarità", None, "para"), Block("Testo.", None, "para")]
    other = document_info(f, blocks)
    assert other.title == "Protocollo d'intesa per la domiciliarità" and other.doc_type == "atto d'intesa"


def test_cernusco_notice_without_headings():
    secs = secs_of("cernusco-avviso-coprogrammazione-2021.md")
    text = "\n".join(s.text for s in secs)
    assert text.count("Provincia di Milano") == 1  # the letterhead repeated on page 2 is gone
    assert "- c. l'organizzazione delle proposte" in text
    blocks = clean(read(CORPUS / "cernusco-avviso-coprogrammazione-2021.md"))
    ps = passages(secs, document_info(CORPUS / "cernusco-avviso-coprogrammazione-2021.md", blocks))
    assert all(p.locator.startswith("«") for p in ps)


def test_metropolitan_programme_headings_and_leads():
    secs = secs_of("citta-metropolitana-milano-inclusione-attiva-2020.md")
    locs = [s.locator for s in secs]
    assert "ANALISI E MAPPATURA DEL CONTESTO TERRITORIALE DI RIFERIMENTO E SINERGIE ISTITUZIONALI" in locs
    assert "VALORIZZAZIONE DELLE ESPERIENZE, DELLE RETI E… › Garanzia giovani" in locs
    assert all(s.text.split("\n")[0] != "Pagina" for s in secs)  # page-number leftovers dropped
