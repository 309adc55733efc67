"""`ingest(paths, settings) -> IngestReport`: the one place with a broad `except` per file.

Order of writes, chosen so that a kill at any moment leaves a store that answers and a next run
that ends exactly where a clean run would:
1. vectors go to the cache (committed batch by batch) before anything else;
2. the file's passages are upserted (ids come from content, so repeating is harmless), then its
   stale passages are deleted, found by asking the vector store, not our own notes;
3. only then is the file recorded in files.json (atomic rename);
4. the lexical index is rebuilt from the vector store at the end, into a new generation, and the
   knowledge base (kb.jsonl, atomic rename) is extracted from the same passages; a 'dirty' mark
   set before step 2 makes the next run rebuild both if we never got here."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.core.errors import DamagedIndex, UnreadableFile
from assistant.core.statements import dense_text, embedded_statements
from assistant.core.types import IngestReport, Passage, Skipped
from assistant.storage.catalog import Catalog, VectorCache, file_hash
from assistant.storage.embed import VECTORS, Embedder, canonical_name, get_embedder
from assistant.storage.kb import KnowledgeBase
from assistant.storage.lexical import LexicalIndex
from assistant.storage.replica import stamp_new_generation, writing
from assistant.storage.settings import Settings
from assistant.storage.store import VectorStore

from .extract import knowledge_base, updated_knowledge_base
from .fingerprint import fingerprint
from .manifest import MANIFEST, manifest_entry, store_edits, with_edits
from .sandbox import Sandbox

log = logging.getLogger(__name__)

EMBED_BATCH = 32
# a file parsed by older code is parsed again (its unchanged passages keep their cached vectors);
# records extracted by older code are extracted again (kb.jsonl stores the fingerprint). Each
# fingerprint covers the stage's module and every project module it imports (fingerprint.py).
# The reading stage (parse.py, in the worker or in place), and the word statistics read from each
# file as it is read (its stems, its places: storage/wordstats.py, core/pointers.py).
PARSER = fingerprint("ingest.sandbox", "assistant.storage.wordstats")
EXTRACTOR = fingerprint("ingest.extract")


class Bar(Protocol):
    """What the ingest asks of a progress bar (tqdm's)."""

    def update(self, n: int = 1) -> object: ...

    def set_postfix_str(self, s: str = "") -> None: ...

    def close(self) -> None: ...


Progress = Callable[..., Bar]  # tqdm-compatible factory: progress(total=, desc=, unit=)


@dataclass
class _Inputs:
    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def display(path: Path) -> str:
    """A path as the user would write it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def collect(paths: list[Path]) -> _Inputs:
    found = _Inputs()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.folders.append(path.resolve())
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts):
                    if f.name != MANIFEST:
                        found.files.append(f)
        elif path.is_file():
            found.files.append(path)
        else:
            found.skipped.append(Skipped(str(path), "percorso inesistente"))
    return found


def build_indexes(passages: Iterable[Passage], root: Path) -> None:
    """The BM25 index and the knowledge base of all the store's passages, every one read, saved
    in `root` beside the vectors (after a killed ingest, or on a machine reading a shared server)."""
    passages = list(passages)
    LexicalIndex.build(passages).save(root)
    knowledge_base(passages).save(root, EXTRACTOR)


def update_indexes(
    root: Path, replaced: set[str], new: list[Passage], everything: Callable[[], list[Passage]] | None = None
) -> None:
    """The BM25 index and the knowledge base less the documents `replaced`, plus the `new`
    passages: only these are read, the other documents keep their words, statistics and records
    (the same result as `build_indexes` of everything, at the cost of the change). A saved index
    that cannot be read is made again from `everything` the store holds (the vectors' side), never
    from the new passages alone; without `everything`, DamagedIndex."""
    try:
        before = LexicalIndex.load(root)
    except DamagedIndex as exc:
        if everything is None:
            raise
        log.warning("indice delle parole ricostruito dai passaggi dell'archivio: %s", exc)
        before = LexicalIndex.build(everything())
    index = before.updated(replaced, new) if before is not None else LexicalIndex.build(new)
    index.save(root)
    previous = KnowledgeBase.load_if_present(root, EXTRACTOR)
    if previous is None:  # none yet, or extracted by other rules: every document read again
        knowledge_base(index.passages).save(root, EXTRACTOR)
    else:
        kept = {d.source for d in index.words.documents} - {p.source for p in new}
        updated_knowledge_base(previous, kept, new).save(root, EXTRACTOR)


class _Embedding:
    """Vectors for passages and for each of their statements (lines, sentences, list items, read
    with the heading path and the list's lead): the passages' go to the vector store, the
    statements' stay in the cache, where the answerer reads them to rank statements by their own
    meaning. From the cache when a text was seen before (a one-line passage is its own statement),
    else computed and cached batch by batch."""

    def __init__(self, embedder: Embedder, cache: VectorCache, progress: Progress | None, dense_chars: int) -> None:
        self.embedder, self.cache, self.progress = embedder, cache, progress
        self.dense_chars = dense_chars
        self.tokens = 0
        self.seconds = 0.0  # time spent computing vectors (cache hits cost nothing)

    def vectors(self, passages: list[Passage], label: str) -> np.ndarray:
        progress = self.progress

        def bar(total: int) -> Bar:
            assert progress is not None  # only passed on when there is one
            return progress(total=total, desc=f"  vettori di {label}", unit="frasi", leave=False)

        texts = [p.dense_text(self.dense_chars) for p in passages]
        texts += [dense_text(s) for own in embedded_statements(passages, self.dense_chars) for s in own]
        started = time.perf_counter()
        vectors, tokens = self.cache.embed(texts, self.embedder, EMBED_BATCH, bar if self.progress else None)
        self.seconds += time.perf_counter() - started
        self.tokens += tokens
        return vectors[: len(passages)]

    def statements_of_store(self, root: Path) -> None:
        """The statements' vectors of every passage the store holds (a store embedded before
        statements were): its passages' vectors stay as they are."""
        index = LexicalIndex.load(root)
        if index is None:
            return
        for document in index.words.documents:  # one document's passages in memory at a time
            self.vectors(index.passages.of_source(document.source), document.source)


@dataclass
class _Read:
    """A file read, waiting for its vectors."""

    path: Path
    shown: str
    digest: str
    described: dict
    found: list[Passage]


def _lexical_first(
    root: Path, fresh: list[_Read], gone: set[str], catalog: Catalog, everything: Callable[[], list[Passage]]
) -> None:
    """The BM25 index and the knowledge base of what the store will hold, saved before any vector
    is computed: what readers had, less the documents read again or gone, plus the new passages.
    `vectors_pending` tells them how many passages have no vector yet."""
    new = [p for r in fresh for p in r.found]
    catalog.update_meta(vectors_pending=len(new))  # first: a reader of the new words knows they lead
    update_indexes(root, {r.path.name for r in fresh} | gone, new, everything)


def _built_differently(meta: dict, embedder: str, dense_chars: int) -> bool:
    """The store exists and another embedder, or another reading of the passages, built it."""
    return bool(meta.get("embedder")) and (meta["embedder"], meta.get("dense_chars", 0)) != (embedder, dense_chars)


def _under(key: str, folders: list[Path]) -> bool:
    return any(key == str(f) or key.startswith(str(f) + os.sep) for f in folders)


def ingest(
    paths: list[Path],
    settings: Settings,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    on_wait: Callable[[str], object] | None = None,
) -> IngestReport:
    """Bring the store in line with `paths`: add new files, replace changed ones, drop files
    gone from ingested folders; skip unreadable files with an Italian reason. On a shared
    Chroma server, wait while another machine writes (`on_wait` hears why, once)."""
    started = time.perf_counter()
    catalog = Catalog(settings.store)
    inputs = collect(paths)
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    removed: list[str] = []
    skipped = list(inputs.skipped)

    with catalog.write_lock(), writing(settings, on_wait):
        interrupted = catalog.is_dirty()  # a run killed before: only the vectors are to be trusted
        state = catalog.files()
        meta = catalog.meta()
        # a store is re-embedded only when asked: a default does not replace the store's embedder
        wanted = settings.embedder if settings.embedder_chosen or not meta.get("embedder") else meta["embedder"]
        store: VectorStore | None = None
        emb: _Embedding | None = None

        def vector_store() -> VectorStore:
            nonlocal store
            if store is None:
                store = VectorStore(settings.store / "chroma", settings.chroma_url)
            return store

        def everything() -> list[Passage]:
            """Every passage the store holds, from the vectors' side."""
            return vector_store().all_passages()

        def embedding() -> _Embedding:
            nonlocal emb, state
            if emb is None:
                model = embedder or get_embedder(wanted)
                if _built_differently(meta, model.name, dense):
                    # another embedder (or another reading of the passages) built this store:
                    # start over rather than mix vectors
                    catalog.mark_dirty()
                    vector_store().reset()
                    state = {}
                    catalog.save_files(state)
                # a store made anew embeds statements; one kept says whether it has (below)
                same = meta.get("embedder") and not _built_differently(meta, model.name, dense)
                catalog.set_embedder(model.name, model.dim, dense, meta.get("vectors", "passages") if same else VECTORS)
                cache = VectorCache(settings.store / "vectors.sqlite", model.name)
                emb = _Embedding(model, cache, progress, dense)
            return emb

        dense = settings.dense_chars
        edits = store_edits(settings.store)
        wanted_name = embedder.name if embedder is not None else canonical_name(wanted)
        if _built_differently(meta, wanted_name, dense):
            # switch now, so that every file below is re-embedded, the files the store held
            # before included: changing the embedder never drops a document
            asked = {f.resolve() for f in inputs.files}
            inputs.files += [Path(k) for k in sorted(state) if Path(k).is_file() and Path(k) not in asked]
            embedding()

        elif meta.get("embedder") and meta.get("vectors") != VECTORS:
            # embedded before statements were: their vectors are added, the passages' are kept
            # (on a shared server too: the statements' vectors live in this machine's cache)
            embedding().statements_of_store(settings.store)
            catalog.update_meta(vectors=VECTORS)

        bar = progress(total=len(inputs.files), desc="Lettura", unit="file") if progress else None
        fresh: list[_Read] = []
        sandbox = Sandbox()  # binary formats are read in a worker, under limits of time and memory
        try:
            for path in inputs.files:
                shown = display(path)
                if bar is not None:
                    bar.set_postfix_str(path.name[:40])
                try:
                    digest = file_hash(path)
                    # an edit to the manifest, or in the app, re-reads the file (vectors cached)
                    edited = edits.get(path.name, {})
                    described = {**manifest_entry(path), **edited}
                    known = state.get(str(path.resolve()), {})
                    if (known.get("sha256"), known.get("parser"), known.get("manifest", {})) == (
                        digest,
                        PARSER,
                        described,
                    ):
                        unchanged.append(shown)
                        continue
                    found = [with_edits(p, edited) for p in sandbox.read(path, progress)]
                    fresh.append(_Read(path, shown, digest, described, found))
                except UnreadableFile as exc:
                    log.info("%s saltato: %s", shown, exc)
                    skipped.append(Skipped(shown, str(exc)))
                except Exception as exc:  # one bad file never stops the others; reported, and logged whole
                    log.exception("errore inatteso su %s", shown)
                    skipped.append(Skipped(shown, f"errore inatteso durante la lettura: {type(exc).__name__}: {exc}"))
                finally:
                    if bar is not None:
                        bar.update(1)
        finally:
            sandbox.close()
        if bar is not None:
            bar.close()

        present = {str(f.resolve()) for f in inputs.files}
        gone = [k for k in sorted(state) if _under(k, inputs.folders) and k not in present and not Path(k).exists()]
        pending = sum(len(r.found) for r in fresh)
        if fresh or gone:
            # the words first: readers answer from the new passages by BM25 at once, while their
            # vectors are computed below (the store stays dirty until they are all in)
            if fresh:
                embedding()  # the store's embedder is known to readers from now on
            catalog.mark_dirty()
            _lexical_first(
                settings.store,
                fresh,
                {str(state[k].get("source", "")) for k in gone},
                catalog,
                everything,
            )

        vectors_failed = False
        bar = progress(total=len(fresh), desc="Vettori", unit="file") if progress and fresh else None
        for read in fresh:
            key = str(read.path.resolve())
            if bar is not None:
                bar.set_postfix_str(read.path.name[:40])
            try:
                # a document is known by its file name: the same name from another folder
                # replaces the earlier copy instead of doubling it
                twins = [k for k, v in state.items() if k != key and v.get("source") == read.path.name]
                vectors = embedding().vectors(read.found, read.path.name)
                vs = vector_store()
                vs.upsert(read.found, vectors, key)
                stale = set().union(vs.ids_for(key), *(vs.ids_for(t) for t in twins))
                vs.delete(stale - {p.id for p in read.found})
                (updated if key in state or twins else added).append(read.shown)
                for twin in twins:
                    del state[twin]
                state[key] = {
                    "sha256": read.digest,
                    "parser": PARSER,
                    "manifest": read.described,
                    "source": read.path.name,
                    "title": read.found[0].title,
                    "passages": len(read.found),
                    "ingested": time.time(),
                }
                catalog.save_files(state)
                pending -= len(read.found)
                catalog.update_meta(vectors_pending=max(0, pending))
                log.info("%s: %d passaggi", read.shown, len(read.found))
            except Exception as exc:  # one bad file never stops the others; reported, and logged whole
                vectors_failed = True
                log.exception("errore inatteso su %s", read.shown)
                skipped.append(
                    Skipped(read.shown, f"errore inatteso durante l'elaborazione: {type(exc).__name__}: {exc}")
                )
            finally:
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()

        for key in gone:
            vs = vector_store()
            vs.delete(vs.ids_for(key))
            del state[key]
            catalog.save_files(state)
            removed.append(display(Path(key)))

        if catalog.is_dirty() or (state and not LexicalIndex.saved(settings.store)):
            # the words written first are the store's when every vector went in, on a store of
            # this machine's own that no killed run left behind; else they are read again from
            # the vectors' side (a shared server also holds other machines' documents)
            if not (fresh or gone) or interrupted or vectors_failed or settings.chroma_url:
                build_indexes(everything(), settings.store)
            stamp_new_generation(vector_store(), catalog)  # machines sharing a server rebuild theirs
            catalog.update_meta(vectors_pending=0)
            catalog.mark_clean()
        elif state and (
            KnowledgeBase.version(settings.store) != EXTRACTOR
            or not LexicalIndex.current(settings.store)
            or LexicalIndex.damaged(settings.store)
        ):
            # newer extraction rules, or words counted another way: the passages are the same,
            # the records or the statistics are not (readers would count them again at each
            # start); or an index on disk that cannot be read, made again from the vectors' side
            update_indexes(settings.store, set(), [], everything)

    return IngestReport(
        documents=len(state),
        passages=sum(int(v.get("passages", 0)) for v in state.values()),
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        skipped=tuple(skipped),
        seconds=time.perf_counter() - started,
        tokens_embedded=emb.tokens if emb else 0,
        embed_seconds=emb.seconds if emb else 0.0,
    )
