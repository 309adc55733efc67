import shutil
import threading
from pathlib import Path

import pytest

from assistant.core.errors import EmbedderError
from assistant.retrieve import Retriever
from assistant.storage.catalog import Catalog
from assistant.storage.embed import HashEmbedder
from assistant.storage.lexical import LexicalIndex
from assistant.storage.settings import Settings
from assistant.storage.store import VectorStore
from ingest.pipeline import ingest

from .pdfs import make_encrypted_pdf, make_image_only_pdf, make_pdf


class CountingEmbedder(HashEmbedder):
    """The real hash embedder, counting the texts it is asked to embed."""

    def __init__(self):
        super().__init__()
        self.embedded = 0

    def embed_passages(self, texts):
        self.embedded += len(texts)
        return super().embed_passages(texts)


def embedded_texts(store: Path) -> set[str]:
    """What an ingest embeds for the passages a store holds: each passage and its statements."""
    from assistant.core.statements import dense_text, embedded_statements

    passages = list(LexicalIndex.load(store).passages)
    texts = {p.dense_text() for p in passages}
    for source in {p.source for p in passages}:
        own = [p for p in passages if p.source == source]
        texts |= {dense_text(s) for statements in embedded_statements(own) for s in statements}
    return texts


def store_ids(settings):
    vs = VectorStore(settings.store / "chroma")
    return sorted(p.id for p in vs.all_passages())


def test_corpus_ingest_then_idempotent_reingest(corpus_copy, hash_settings):
    first = ingest([corpus_copy], hash_settings)
    assert first.documents == 5 and len(first.added) == 5 and not first.skipped
    ids = store_ids(hash_settings)
    assert len(ids) == first.passages
    emb = CountingEmbedder()
    again = ingest([corpus_copy], hash_settings, embedder=emb)
    assert len(again.unchanged) == 5 and not (again.added or again.updated or again.removed)
    assert emb.embedded == 0 and store_ids(hash_settings) == ids
    assert len(LexicalIndex.load(hash_settings.store)) == first.passages


def test_knowledge_base_follows_the_store_and_newer_rules(corpus_copy, hash_settings):
    from assistant.storage.kb import KB_FILE, KnowledgeBase
    from ingest.pipeline import EXTRACTOR

    ingest([corpus_copy], hash_settings)
    kb = KnowledgeBase.load(hash_settings.store)
    assert KnowledgeBase.version(hash_settings.store) == EXTRACTOR
    assert any(c.source.startswith("sesto") for c in kb.commitments())
    (corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md").unlink()
    ingest([corpus_copy], hash_settings)  # a document gone takes its records with it
    assert not any(c.source.startswith("sesto") for c in KnowledgeBase.load(hash_settings.store).commitments())
    # records written by older rules are extracted again, though no file changed
    path = hash_settings.store / KB_FILE
    path.write_text('{"version": "old", "impegni": []}', encoding="utf-8")
    emb = CountingEmbedder()
    rep = ingest([corpus_copy], hash_settings, embedder=emb)
    assert len(rep.unchanged) == 4 and emb.embedded == 0
    assert KnowledgeBase.version(hash_settings.store) == EXTRACTOR
    assert KnowledgeBase.load(hash_settings.store).commitments()


def test_changed_file_replaces_only_what_changed(corpus_copy, hash_settings):
    ingest([corpus_copy], hash_settings)
    f = corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md"
    f.write_text(
        f.read_text(encoding="utf-8") + "\n\nLe parti si incontrano anche a dicembre 2022.\n", encoding="utf-8"
    )
    emb = CountingEmbedder()
    rep = ingest([corpus_copy], hash_settings, embedder=emb)
    assert [Path(p).name for p in rep.updated] == [f.name]
    assert emb.embedded <= 2  # unchanged passages come from the cache
    texts = [p.text for p in VectorStore(hash_settings.store / "chroma").all_passages()]
    assert any("anche a dicembre 2022" in t for t in texts)
    assert sum("Gli incontri rappresenteranno inoltre" in t for t in texts) == 1  # old version gone


def test_file_gone_from_folder_is_removed(corpus_copy, hash_settings):
    first = ingest([corpus_copy], hash_settings)
    (corpus_copy / "cernusco-avviso-coprogrammazione-2021.md").unlink()
    rep = ingest([corpus_copy], hash_settings)
    assert len(rep.removed) == 1 and rep.documents == 4
    assert all(
        p.source != "cernusco-avviso-coprogrammazione-2021.md"
        for p in VectorStore(hash_settings.store / "chroma").all_passages()
    )
    assert rep.passages == len(store_ids(hash_settings)) < first.passages


def test_bad_files_are_skipped_with_reasons_and_the_rest_is_ingested(tmp_path, hash_settings):
    folder = tmp_path / "misti"
    folder.mkdir()
    make_pdf(folder / "buono.pdf", [["Art. 1 Oggetto", "Il Comune di Alfa e il Comune di Beta collaborano."]])
    (folder / "buono.md").write_text("# Protocollo\n\nLe parti si incontrano due volte l'anno.\n", encoding="utf-8")
    (folder / "vuoto.md").write_bytes(b"")
    full = make_pdf(tmp_path / "lungo.pdf", [["Testo di prova ripetuto."] * 30] * 3)
    (folder / "troncato.pdf").write_bytes(full.read_bytes()[:900])
    make_encrypted_pdf(folder / "protetto.pdf")
    make_image_only_pdf(folder / "scansione.pdf")
    (folder / "dati.bin.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "tabella.xlsx").write_bytes(b"PK\x03\x04 non supportato")
    rep = ingest([folder], hash_settings)
    assert sorted(Path(p).name for p in rep.added) == ["buono.md", "buono.pdf"]
    reasons = {Path(s.path).name: s.reason for s in rep.skipped}
    assert set(reasons) == {"vuoto.md", "troncato.pdf", "protetto.pdf", "scansione.pdf", "dati.bin.txt", "tabella.xlsx"}
    assert "vuoto" in reasons["vuoto.md"]
    assert "password" in reasons["protetto.pdf"]
    assert "OCR" in reasons["scansione.pdf"]
    assert "binario" in reasons["dati.bin.txt"]
    assert "non supportato" in reasons["tabella.xlsx"]
    assert "PDF" in reasons["troncato.pdf"]
    assert rep.ok and rep.documents == 2


def test_pdf_passages_carry_pages_and_lose_header_and_footer(tmp_path, hash_settings):
    pdf = make_pdf(
        tmp_path / "accordo.pdf",
        [
            ["Art. 1 Oggetto", "Il presente accordo regola la collaborazione tra i Comuni."],
            ["Art. 2 Governance", "La Cabina di Regia e' coordinata da ATS."],
            ["Art. 3 Verifiche", "Le parti si incontrano due volte l'anno per la verifica."],
        ],
    )
    ingest([pdf], hash_settings)
    ps = {p.locator: p for p in VectorStore(hash_settings.store / "chroma").all_passages()}
    assert ps["Art. 2 – Governance"].page == 2 and ps["Art. 3 – Verifiche"].page == 3
    assert all("Comune di Prova" not in p.text and "Pagina" not in p.text for p in ps.values())


def test_another_embedder_reembeds_everything(corpus_copy, tmp_path):
    store = tmp_path / "store"
    ingest([corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md"], Settings.resolve(store, "hash"))

    class OtherEmbedder(CountingEmbedder):
        name = "hash:other"

    other = OtherEmbedder()
    rep = ingest([corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md"], Settings.resolve(store), embedder=other)
    assert rep.added and other.embedded == len(embedded_texts(store))
    assert Catalog(store).meta()["embedder"] == "hash:other"
    assert VectorStore(store / "chroma").count() == rep.passages


def test_an_embedder_not_chosen_keeps_the_stores(corpus_copy, tmp_path, monkeypatch):
    """`pdz ingest` without --embedder or PDZ_EMBEDDER adds to a store in the store's own embedder
    (re-embedding a large store because the default differs would cost hours); chosen, it switches."""
    store = tmp_path / "store"
    sesto = corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md"
    cernusco = corpus_copy / "cernusco-avviso-coprogrammazione-2021.md"
    ingest([sesto], Settings.resolve(store, "hash"))
    assert not Settings.resolve(store).embedder_chosen
    rep = ingest([sesto, cernusco], Settings.resolve(store))
    assert len(rep.added) == 1 and len(rep.unchanged) == 1 and rep.tokens_embedded < 20000
    assert Catalog(store).meta()["embedder"] == "hash:v1"
    monkeypatch.setenv("PDZ_EMBEDDER", "hash:other-chosen")
    assert Settings.resolve(store).embedder_chosen
    with pytest.raises(EmbedderError):  # chosen, even by the environment: the store would switch to it
        ingest([sesto, cernusco], Settings.resolve(store))


def test_another_embedder_keeps_the_documents_it_was_not_given(corpus_copy, tmp_path):
    store = tmp_path / "store"
    sesto = corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md"
    cernusco = corpus_copy / "cernusco-avviso-coprogrammazione-2021.md"
    first = ingest([sesto, cernusco], Settings.resolve(store, "hash"))

    class OtherEmbedder(CountingEmbedder):
        name = "hash:other"

    other = OtherEmbedder()
    rep = ingest([sesto], Settings.resolve(store), embedder=other)
    assert rep.documents == 2 and rep.passages == first.passages
    assert other.embedded == len(embedded_texts(store))  # both re-embedded with the new model
    assert {p.source for p in VectorStore(store / "chroma").all_passages()} == {sesto.name, cernusco.name}


def test_hybrid_search_finds_the_article(corpus_copy, hash_settings):
    ingest([corpus_copy], hash_settings)
    hits = Retriever.open(hash_settings).search("Collegio di Vigilanza composizione", k=5)
    assert any("Art. 16" in h.passage.locator for h in hits)


def test_dense_search_reads_its_passages_from_the_lexical_side_or_from_chroma_when_newer(corpus_copy, hash_settings):
    ingest([corpus_copy], hash_settings)
    r = Retriever.open(hash_settings)
    vector = r.embedder.embed_query("Collegio di Vigilanza composizione")
    found = r.vectors_query(vector, 5)
    assert len(found) == 5 and all(r.passage(p.id) == p for p, _ in found)  # ids only from Chroma
    # a reader opened before another process added passages: Chroma knows ids the lexical side
    # does not, so the passages come from Chroma's own records
    r.lexical = LexicalIndex.build([p for p in r.lexical.passages if p.id != found[0][0].id])
    again = r.vectors_query(vector, 5)
    assert [p.id for p, _ in again] == [p.id for p, _ in found] and again[0][0].text == found[0][0].text


def test_same_document_from_another_folder_replaces_it(corpus_copy, tmp_path, hash_settings):
    first = ingest([corpus_copy], hash_settings)
    elsewhere = tmp_path / "altrove"
    shutil.copytree(corpus_copy, elsewhere)
    rep = ingest([elsewhere], hash_settings)
    assert rep.documents == 5 and rep.passages == first.passages == len(store_ids(hash_settings))
    assert len(rep.updated) == 5 and not rep.added


def test_dense_reading_of_passages_is_recorded_and_a_change_reembeds(corpus_copy, tmp_path, monkeypatch):
    sesto = corpus_copy / "sesto-san-giovanni-intesa-sindacati-2021.md"
    store = tmp_path / "store"
    ingest([sesto], Settings.resolve(store, "hash"))
    monkeypatch.setenv("PDZ_DENSE_CHARS", "200")
    emb = CountingEmbedder()
    rep = ingest([sesto], Settings.resolve(store), embedder=emb)
    assert Catalog(store).meta()["dense_chars"] == 200
    assert rep.added and emb.embedded > 0


def test_dense_text_keeps_heading_and_cuts_at_a_word():
    from assistant.core.types import Passage

    p = Passage(
        "x", "a.md", "A", "Art. 1", None, "Le parti si impegnano a incontrarsi due volte l'anno.", heading="Art. 1"
    )
    assert p.dense_text() == "Art. 1\nLe parti si impegnano a incontrarsi due volte l'anno."
    assert p.dense_text(21) == "Art. 1\nLe parti si impegnano"
    assert p.dense_text(20) == "Art. 1\nLe parti si"
    assert p.indexed_text.startswith("Art. 1\n")


def test_bad_dense_setting_is_an_italian_error(monkeypatch, tmp_path):
    import pytest

    from assistant.core.errors import SettingsError

    monkeypatch.setenv("PDZ_DENSE_CHARS", "molti")
    with pytest.raises(SettingsError, match="PDZ_DENSE_CHARS"):
        Settings.resolve(tmp_path)


def test_new_parsing_rules_reparse_unchanged_files(corpus_copy, hash_settings, monkeypatch):
    import ingest.pipeline as pipeline

    ingest([corpus_copy], hash_settings)
    monkeypatch.setattr(pipeline, "PARSER", "rules-of-tomorrow")
    emb = CountingEmbedder()
    rep = ingest([corpus_copy], hash_settings, embedder=emb)
    assert len(rep.updated) == 5 and emb.embedded == 0  # parsed again, vectors from the cache


def test_the_fingerprints_cover_every_module_a_stage_imports_shared_helpers_included(tmp_path):
    """No list by hand: editing a helper anywhere under a stage's imports (assistant/core/query.py's
    fold for the extractors, assistant/core/lexicon.py for the parser) changes its fingerprint."""
    from ingest.fingerprint import ROOT, dependencies, fingerprint

    extract = {str(p.relative_to(ROOT)) for p in dependencies("ingest.extract")}
    parse = {str(p.relative_to(ROOT)) for p in dependencies("ingest.sandbox")}
    assert {
        "assistant/core/query.py",
        "assistant/core/lexicon.py",
        "ingest/commitments.py",
        "ingest/text.py",
    } <= extract
    assert {"assistant/core/lexicon.py", "ingest/readers.py", "ingest/ocr.py", "ingest/sandbox.py"} <= parse
    assert "assistant/ranked.py" not in extract | parse  # the answering side is not the stages' code
    # the word statistics read with each file (its stems, its places) are re-read when their code changes
    words = {str(p.relative_to(ROOT)) for p in dependencies("assistant.storage.wordstats")}
    assert {"assistant/core/query.py", "assistant/core/pointers.py"} <= words
    import ingest.pipeline as pipeline

    assert pipeline.PARSER == fingerprint("ingest.sandbox", "assistant.storage.wordstats")
    # a made-up tree: a stage, a module it imports lazily, and a helper two steps away
    for pkg in ("ingest", "assistant"):
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "ingest" / "stage.py").write_text("def run():\n    from .middle import go\n    return go()\n")
    (tmp_path / "ingest" / "middle.py").write_text(
        "from assistant.helper import fold\ndef go():\n    return fold('A')\n"
    )
    (tmp_path / "assistant" / "helper.py").write_text("def fold(t):\n    return t.lower()\n")
    before = fingerprint("ingest.stage", root=tmp_path)
    (tmp_path / "assistant" / "helper.py").write_text("def fold(t):\n    return t.casefold()\n")
    assert fingerprint("ingest.stage", root=tmp_path) != before


class HeldEmbedder(HashEmbedder):
    """The hash embedder, holding its first batch of passages until the test lets it go."""

    def __init__(self):
        super().__init__()
        self.asked, self.go = threading.Event(), threading.Event()

    def embed_passages(self, texts):
        self.asked.set()
        assert self.go.wait(120), "il test non ha lasciato proseguire"
        return super().embed_passages(texts)


def test_questions_are_answered_by_their_words_before_any_vector_is_in(corpus_copy, hash_settings):
    """A fresh ingest writes the passages' words, BM25 index and knowledge base before the
    vectors: a question asked while the first vectors are computed is answered, with its
    citation, and says it is partial; once the ingest is over it no longer does."""
    from assistant.service import Service

    embedder = HeldEmbedder()
    done: list = []
    writer = threading.Thread(target=lambda: done.append(ingest([corpus_copy], hash_settings, embedder=embedder)))
    writer.start()
    try:
        assert embedder.asked.wait(120)
        early = Service(hash_settings, HashEmbedder()).answerer.answer(
            "Chi coordina il Tavolo Tecnico dell'Ambito di Melzo?"
        )
        data = early.to_json()
        assert not early.refused and "Ufficio di Piano" in early.text
        assert data["partial"] is True and data["embedded"] == 0.0 and "Indicizzazione in corso" in early.note
        assert early.citations[0].passage.source.startswith("melzo")
        assert not store_ids(hash_settings)  # not one vector yet
    finally:
        embedder.go.set()
        writer.join(300)
    assert done and done[0].documents == 5
    later = Service(hash_settings, HashEmbedder()).answerer.answer(
        "Chi coordina il Tavolo Tecnico dell'Ambito di Melzo?"
    )
    assert later.to_json()["partial"] is False and not later.note


def test_a_changed_document_is_read_again_by_its_words_first(corpus_copy, hash_settings):
    """Re-ingesting a changed file: while its vectors are computed, readers find the new text
    (not the old one) and the other documents as before."""
    from assistant.retrieve import Retriever

    ingest([corpus_copy], hash_settings)
    melzo = corpus_copy / "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"
    melzo.write_text(
        melzo.read_text(encoding="utf-8")
        + "\n\nArt. 17 Norma nuova\n\nLa Consulta dei Quartieri si riunisce ogni mese.\n",
        encoding="utf-8",
    )
    embedder = HeldEmbedder()
    writer = threading.Thread(target=lambda: ingest([corpus_copy], hash_settings, embedder=embedder))
    writer.start()
    try:
        assert embedder.asked.wait(120)
        reader = Retriever.open(hash_settings, HashEmbedder())
        assert reader.vectors_pending > 0 and 0 < reader.embedded < 1
        texts = [h.passage.text for h in reader.search("Consulta dei Quartieri", 5)]
        assert any("Consulta dei Quartieri" in t for t in texts)
        assert {p.source for p in reader.lexical.passages} == {f.name for f in corpus_copy.glob("*.md")}
        assert len({p.id for p in reader.lexical.passages}) == len(reader.lexical.passages)  # no document twice
    finally:
        embedder.go.set()
        writer.join(300)


def lexical_ids(settings):
    return sorted(p.id for p in LexicalIndex.load(settings.store).passages)


class FailingOn(HashEmbedder):
    """The hash embedder, failing on any batch holding `words`."""

    def __init__(self, words):
        super().__init__()
        self.words = words

    def embed_passages(self, texts):
        if any(self.words in t for t in texts):
            raise RuntimeError("vettori non calcolabili")
        return super().embed_passages(texts)


def test_the_words_written_first_end_as_the_vectors_do(corpus_copy, hash_settings):
    """After an ingest the BM25 index holds exactly the passages the vector store holds: kept
    from the words-first step when every vector went in, read again from the vectors when one
    file's vectors failed (that file keeps its earlier version on both sides)."""
    ingest([corpus_copy], hash_settings)
    assert lexical_ids(hash_settings) == store_ids(hash_settings)
    melzo = corpus_copy / "melzo-accordo-di-programma-piano-di-zona-2021-2023.md"
    before = store_ids(hash_settings)
    melzo.write_text(
        melzo.read_text(encoding="utf-8") + "\n\nArt. 17 Norma nuova\n\nLa Consulta dei Quartieri.\n", encoding="utf-8"
    )
    report = ingest([corpus_copy], hash_settings, embedder=FailingOn("Consulta dei Quartieri"))
    assert len(report.skipped) == 1 and "vettori non calcolabili" in report.skipped[0].reason
    assert store_ids(hash_settings) == before and lexical_ids(hash_settings) == before
    assert not Catalog(hash_settings.store).is_dirty()
    ingest([corpus_copy], hash_settings)  # the file again, its vectors now computable
    assert lexical_ids(hash_settings) == store_ids(hash_settings) != before


def test_records_read_back_share_their_repeated_strings(corpus_store):
    """A large knowledge base holds tens of thousands of records naming a few documents and units:
    read back, they share one string per value instead of one per record."""
    from assistant.storage.kb import KnowledgeBase

    records = KnowledgeBase.load(corpus_store).commitments()
    by_source: dict[str, list] = {}
    for c in records:
        by_source.setdefault(c.source, []).append(c)
    several = [rs for rs in by_source.values() if len(rs) > 1]
    assert several
    for rs in several:
        assert all(r.source is rs[0].source and r.title is rs[0].title for r in rs)
