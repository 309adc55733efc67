"""What a document is, read from its own text (no manifest): made-up documents for the
mechanism, the shipped corpus without its manifest for the real thing, and a manifest edit
followed by the next ingest."""

import json
import shutil
from pathlib import Path

import pytest

from assistant.core.types import Page
from ingest.clean import clean
from ingest.docfacts import read_date, read_territory, read_title
from ingest.manifest import MANIFEST, document_info
from ingest.pipeline import ingest
from ingest.readers import read

from .conftest import CORPUS
from .test_pipeline import CountingEmbedder


def blocks_of(text: str):
    return clean([Page("nuovo.md", None, text)])


LETTERHEAD_NOTICE = """Prot. n. 12345/2023

Città di
ALFAVILLE SUL TICINO

Provincia di Pavia

Distretto 7 ATS Pavia

Borgo Alto, Borgo Basso, Campagnola, Dosso Verde, Alfaville sul Ticino.

AVVISO PUBBLICO PER LA RACCOLTA DI MANIFESTAZIONI DI INTERESSE DEGLI ENTI DEL TERZO SETTORE PER IL PIANO DI ZONA 2024-2026, IN ATTUAZIONE DELLA DGR N. XII/999 DEL 12/02/2024

L'Assemblea dei Sindaci del Distretto 7 ha deliberato in data 03/03/2024 di avviare la co-programmazione con gli enti del Terzo Settore del Piano di Zona.

Le domande si presentano al Comune di Alfaville sul Ticino entro il 30 aprile 2024.
"""


def test_a_letterhead_and_a_registry_stamp_are_not_the_title():
    blocks = blocks_of(LETTERHEAD_NOTICE)
    title = read_title(blocks, "nuovo")
    assert title.startswith("Avviso pubblico per la raccolta di manifestazioni di interesse")
    assert "enti del Terzo Settore per il Piano di Zona…" in title  # written as the running text writes it
    assert "Prot" not in title and len(title) <= 121
    assert read_territory(blocks) == "Distretto 7 di Alfaville sul Ticino"
    # the DGR cited in the title is not the act's date; the deliberation "in data" is
    assert read_date(blocks) == "2024-03-03"
    assert document_info(Path("/altrove/nuovo.md"), blocks).doc_type == "avviso"


def test_the_subject_line_and_the_signature_give_title_territory_and_date():
    text = (
        "Fascicolo 7.1\\2022\\15\n\nOGGETTO: Integrazione al programma\n\n"
        "PROGRAMMA DI INTERVENTI PER LA DOMICILIARITÀ A CURA DELLA CITTÀ METROPOLITANA DI BETAPOLI\n\n"
        "Il programma della Città metropolitana di Betapoli coinvolge l'Ambito di Gammaville e l'Ambito di Deltaville.\n\n"
        "Milano, 20 luglio 2022 Per il Legale Rappresentante Dott. Mario Rossi\n"
    )
    blocks = blocks_of(text)
    assert read_title(blocks, "x") == (
        "Integrazione al programma – Programma di interventi per la domiciliarità a cura della Città metropolitana di Betapoli"
    )
    assert read_territory(blocks) == "Città metropolitana di Betapoli"  # the title's, not the Ambiti listed
    assert read_date(blocks) == "2022-07-20"


def test_an_intesa_titled_by_its_meeting():
    text = (
        "Allegato A)\n\n## Atto di intesa tra l'Assemblea dei Sindaci dell'Ambito di Zetaville e le "
        "organizzazioni sindacali CGIL CISL UIL del 12 marzo 2023\n\nPremessa\n\n- La legge 328/00 del 8 novembre 2000 …\n"
    )
    blocks = blocks_of(text)
    assert read_title(blocks, "x").startswith("Atto di intesa tra l'Assemblea dei Sindaci dell'Ambito di Zetaville")
    assert read_territory(blocks) == "Ambito di Zetaville"
    assert read_date(blocks) == "2023-03-12"


def test_an_unsigned_act_is_dated_by_the_note_of_its_approval():
    text = (
        "AMBITO TERRITORIALE DI ZETAVILLE\n\nAccordo di programma per il Piano di Zona 2024-2026\n\n"
        "Visto il decreto del 12 marzo 2023 e la DGR del 4 aprile 2023.\n\n"
        "Approvato dall'Assemblea dei Sindaci con delibera n. 4 del 15/01/2024\n\n"
        "Approvato dai Consigli Comunali:\n\n- Comune di Alfa, delibera n. 3 del 2 febbraio 2024\n"
    )
    assert read_date(blocks_of(text)) == "2024-01-15"  # the approval note, not a cited decree
    assert read_date(blocks_of(text.replace("Approvato", "Discusso"))) == ""


def test_a_title_in_capitals_is_not_joined_to_the_premises_and_a_short_one_takes_its_parties():
    text = (
        "AMBITO TERRITORIALE SOCIALE DI RHOVILLE\n\nACCORDO DI PROGRAMMA PER L'ADOZIONE DEL PIANO SOCIALE DI ZONA 2025-2027"
        "\n\nVISTI\n\n- la legge 8 novembre 2000, n. 328;\n\nIl Distretto Socio-Sanitario n. 1 concorre al Piano.\n"
    )
    blocks = blocks_of(text)
    assert read_title(blocks, "x") == "Accordo di programma per l'adozione del Piano sociale di zona 2025-2027"
    assert read_territory(blocks) == "Ambito territoriale sociale di Rhoville"  # the letterhead's, both qualifiers
    short = "PROTOCOLLO D'INTESA\n\ntra la Conferenza dei Sindaci di Betapoli e le organizzazioni sindacali\n\nPremesse\n\nTesto.\n"
    assert (
        read_title(blocks_of(short), "x")
        == "Protocollo d'intesa tra la Conferenza dei Sindaci di Betapoli e le organizzazioni sindacali"
    )


def test_a_record_is_dated_by_the_day_it_records():
    text = "Verbale di intesa tra il Comune di Alfa e SPI-CGIL\n\nIl giorno 11 febbraio 2025, presso la sede municipale, si sono incontrati:\n"
    assert read_date(blocks_of(text)) == "2025-02-11"


def test_a_text_that_says_nothing_keeps_the_file_name():
    blocks = blocks_of("ok\n\nsì")
    info = document_info(Path("/altrove/verbale-riunione.md"), blocks)
    assert (info.title, info.territory, info.date) == ("verbale-riunione", "", "")


@pytest.mark.parametrize(
    "name, subject, territory",
    [
        (
            "melzo-accordo-di-programma-piano-di-zona-2021-2023.md",
            "Accordo di programma",
            "Ambito territoriale 5 di Melzo",
        ),
        ("sesto-san-giovanni-intesa-sindacati-2021.md", "Atto di intesa", "Ambito di Sesto San Giovanni"),
        ("cernusco-avviso-coprogrammazione-2021.md", "Avviso pubblico", "Distretto 4 di Cernusco sul Naviglio"),
        (
            "citta-metropolitana-milano-inclusione-attiva-2020.md",
            "Integrazione Allegato",
            "Città metropolitana di Milano",
        ),
        ("bologna-indirizzi-insieme-per-il-lavoro.md", "Indirizzi per la collaborazione", "Comune di Bologna"),
    ],
)
def test_the_corpus_without_its_manifest_names_its_documents(tmp_path, name, subject, territory):
    path = tmp_path / name
    shutil.copy(CORPUS / name, path)  # no manifest beside it
    info = document_info(path, clean(read(path)))
    assert info.title.startswith(subject) and territory == info.territory
    assert not info.title.startswith(("Fascicolo", "Allegato A)", "AMBITO", "Città di"))


def test_a_manifest_edit_is_followed_by_the_next_ingest_without_reembedding(corpus_copy, hash_settings):
    embedder = CountingEmbedder()
    ingest([corpus_copy], hash_settings, embedder=embedder)
    manifest = corpus_copy / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    melzo = "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"
    data["documents"][melzo]["title"] = "Accordo di Melzo (titolo corretto)"
    data["documents"][melzo]["territory"] = "Ambito di Melzo"
    data["documents"][melzo]["parties"] = ["Comuni dell'Ambito di Melzo", "ATS Città Metropolitana di Milano"]
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    embedder.embedded = 0
    report = ingest([corpus_copy], hash_settings, embedder=embedder)
    assert len(report.updated) == 1 and melzo in report.updated[0] and len(report.unchanged) == 4
    assert embedder.embedded == 0  # the vectors come from the cache
    from assistant.retrieve import Retriever

    docs = {d.source: d for d in Retriever.open(hash_settings).documents}
    assert docs[melzo].title == "Accordo di Melzo (titolo corretto)" and docs[melzo].territory == "Ambito di Melzo"
    assert docs[melzo].parties == ("Comuni dell'Ambito di Melzo", "ATS Città Metropolitana di Milano")
    # where the manifest is silent, the parties come from the text, through the store
    sesto = docs["sesto-san-giovanni-intesa-sindacati-2021.md"]
    assert sesto.parties == (
        "Assemblea dei Sindaci dell'Ambito di Sesto San Giovanni",
        "Organizzazioni sindacali CGIL CISL UIL SPI FNP UILP",
    )
    assert ingest([corpus_copy], hash_settings, embedder=embedder).unchanged  # and then it is unchanged
