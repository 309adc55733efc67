"""What the two faces (app and `pdz chat`) share beyond one question: the opened store with its
answerer and knowledge base, the store's status, the first-run ingest of the shipped corpus, and
adding uploaded files without ever losing what is already there."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path

from ingest.readers import SUPPORTED

from .core.errors import StoreError, UnreadableFile
from .core.types import DocumentInfo, IngestReport, Skipped
from .storage.catalog import Catalog, atomic_write_json
from .storage.embed import Embedder
from .storage.kb import KnowledgeBase
from .storage.settings import Settings

log = logging.getLogger(__name__)

UPLOADS = "documenti"  # inside the store: files added from the app
UPLOAD_MB = int(os.environ.get("PDZ_UPLOAD_MB", "50"))  # larger uploads are refused, saying so
ACCEPTED = tuple(sorted(s.lstrip(".") for s in SUPPORTED))  # what the uploader offers: what ingest reads
SHIPPED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_ENV = "PDZ_FIRST_CORPUS"  # the folder `pdz chat --corpus` hands to the app for its first run


@dataclass(frozen=True)
class StoreStatus:
    documents: int
    passages: int
    last_ingest: datetime | None

    @property
    def empty(self) -> bool:
        return self.documents == 0


def status(settings: Settings) -> StoreStatus:
    catalog = Catalog(settings.store)
    files = catalog.files()
    stamp = catalog.last_ingest()
    if not files and settings.chroma_url:
        # a machine that reads a shared server and has not ingested itself: what the server holds
        from ingest.sync import sync

        sync(settings)
        meta = catalog.meta()
        return StoreStatus(int(meta.get("documents", 0)), int(meta.get("passages", 0)), _when(meta.get("ingested")))
    return StoreStatus(
        documents=len(files),
        passages=sum(int(v.get("passages", 0)) for v in files.values()),
        last_ingest=_when(stamp),
    )


def _when(stamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(stamp) if stamp else None


def version(settings: Settings) -> str:
    """Changes whenever an ingest changes the store: the key under which the app caches it."""
    from .storage.replica import remote_generation

    catalog = Catalog(settings.store)
    return f"{catalog.last_ingest() or 0}:{len(catalog.files())}:{remote_generation(settings) or ''}"


class Service:
    """The store opened for reading: retriever, answerer and knowledge base."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        from .ranked import RankedAnswerer
        from .retrieve import Retriever

        self.settings = settings
        self.retriever = Retriever.open(settings, embedder)
        self.answerer = RankedAnswerer(self.retriever)
        self.kb = self.answerer.kb or KnowledgeBase()  # read once, shared with the answers

    @property
    def documents(self) -> list[DocumentInfo]:
        return self.retriever.documents

    @cached_property
    def titles(self) -> dict[str, str]:
        """File name -> the document's title, as every view shows it."""
        return {d.source: d.title for d in self.documents}

    @cached_property
    def _passage_counts(self) -> Counter[str]:
        return self.retriever.lexical.passages.counts()

    def passages_of(self, source: str) -> int:
        return self._passage_counts[source]

    def original(self, source: str) -> Path | None:
        """The file a document was read from, when it is still where it was ingested."""
        for path, info in Catalog(self.settings.store).files().items():
            if info.get("source") == source and Path(path).is_file():
                return Path(path)
        return None


def ensure_corpus(settings: Settings, corpus: Path = SHIPPED_CORPUS, progress=None) -> IngestReport | None:
    """First run: an empty store gets the shipped corpus. Returns the report, or None when the
    store already holds documents."""
    from ingest.pipeline import ingest

    if not status(settings).empty:
        return None
    return ingest([corpus], settings, progress=progress)


def safe_name(name: str) -> str:
    """The file name an upload is kept under: no folders, no hidden files."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    return base or "documento"


def add_files(
    files: list[tuple[str, bytes]],
    settings: Settings,
    progress=None,
    embedder: Embedder | None = None,
    on_wait: Callable[[str], object] | None = None,
) -> IngestReport:
    """Add uploaded files to the store. Each is read first in a scratch folder: a file that
    cannot be read is reported with its Italian reason and nothing is written, so a bad upload
    never replaces a good document of the same name. The good ones are kept in the store's
    `documenti/` folder and ingested."""
    from ingest.pipeline import ingest
    from ingest.sandbox import Sandbox

    # the embedder that built the store, whatever the environment says: an upload adds a
    # document, it does not re-embed the others
    built_by = Catalog(settings.store).meta().get("embedder")
    settings = replace(settings, embedder=built_by) if built_by else settings
    started = time.perf_counter()
    kept_dir = settings.store / UPLOADS
    rejected: list[Skipped] = []
    accepted: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch, Sandbox() as sandbox:
        for name, data in files:
            name = safe_name(name)
            if len(data) > UPLOAD_MB * 1024 * 1024:
                rejected.append(
                    Skipped(
                        name,
                        f"file troppo grande: {len(data) / 1024 / 1024:.0f} MB (limite {UPLOAD_MB} MB, PDZ_UPLOAD_MB)",
                    )
                )
                continue
            trial = Path(scratch) / name
            trial.write_bytes(data)
            try:
                # an unsupported format, an empty, broken or hostile file: UnreadableFile
                sandbox.read(trial)
            except UnreadableFile as exc:
                rejected.append(Skipped(name, str(exc)))
                continue
            except Exception as exc:  # a reader bug on a strange file: reported, never raised; logged whole
                log.exception("errore inatteso nella lettura di %s", name)
                rejected.append(Skipped(name, f"errore inatteso nella lettura: {type(exc).__name__}: {exc}"))
                continue
            kept_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(trial, kept_dir / name)
            accepted.append(kept_dir / name)
    if not accepted:
        before = status(settings)
        return IngestReport(
            before.documents, before.passages, skipped=tuple(rejected), seconds=time.perf_counter() - started
        )
    report = ingest(accepted, settings, progress=progress, embedder=embedder, on_wait=on_wait)
    return replace(report, skipped=tuple(rejected) + report.skipped, seconds=time.perf_counter() - started)


def remove_documents(sources: list[str], settings: Settings) -> list[str]:
    """Take documents out of the store (ingest/removal.py); a copy the app keeps of an upload
    is deleted with it, a file elsewhere stays where it is. Returns the names removed."""
    from ingest.removal import remove

    uploads = (settings.store / UPLOADS).resolve()
    removed = remove(sources, settings)
    for path in removed:
        if path.parent.resolve() == uploads:
            path.unlink(missing_ok=True)
    return [p.name for p in removed]


def edit_document(source: str, settings: Settings, **fields: str) -> IngestReport:
    """Set a document's title, territory or type (keyword `title`, `territory`, `type`), as a
    person corrects them: kept in the store's manifest.json, so every later ingest keeps them,
    and applied now by reading the file again (its vectors come from the cache: nothing is
    embedded again). An empty title, an unknown document or a file no longer on disk: an
    Italian error, nothing changed."""
    from ingest.manifest import FIELDS, MANIFEST, store_edits
    from ingest.pipeline import ingest

    if "title" in fields and not fields["title"].strip():
        raise StoreError("Il titolo non può essere vuoto.")
    paths = [Path(k) for k, v in Catalog(settings.store).files().items() if v.get("source") == source]
    if not paths:
        raise StoreError(f"Nell'archivio non c'è nessun documento «{source}».")
    if not paths[0].is_file():
        raise StoreError(
            f"Il file di «{source}» non è più dove era stato letto ({paths[0].parent}): caricalo di nuovo."
        )
    built_by = Catalog(settings.store).meta().get("embedder")
    settings = replace(settings, embedder=built_by) if built_by else settings
    edits = store_edits(settings.store)  # the store's manifest.json, as ingest reads it
    edits[source] = {**edits.get(source, {}), **{k: v.strip() for k, v in fields.items() if k in FIELDS}}
    atomic_write_json(settings.store / MANIFEST, {"documents": edits})
    return ingest([paths[0]], settings)
