"""Removing documents from the store: their passages leave the vector store, their entries
files.json, then the BM25 index and the knowledge base drop them (rebuilt from what stays in the
vector store after a killed run, or on a shared server). The same
order of writes as an ingest (pipeline.py): a kill at any point leaves a 'dirty' mark and the
next ingest or removal ends where a clean one would. The files themselves stay where they are;
an ingest of their folder would bring them back."""

from __future__ import annotations

from pathlib import Path

from assistant.core.errors import StoreError
from assistant.storage.catalog import Catalog
from assistant.storage.replica import stamp_new_generation, writing
from assistant.storage.settings import Settings
from assistant.storage.store import VectorStore

from .pipeline import build_indexes, update_indexes


def remove(sources: list[str], settings: Settings) -> list[Path]:
    """Take the documents named `sources` (their file names, as the citations give them) out of
    the store; returns the paths they had been read from. An unknown name is an Italian error
    and nothing is removed."""
    catalog = Catalog(settings.store)
    with catalog.write_lock(), writing(settings):
        state = catalog.files()
        keys = [k for k, v in state.items() if v.get("source") in sources]
        unknown = sorted(set(sources) - {state[k].get("source") for k in keys})
        if unknown:
            raise StoreError(f"Nell'archivio non c'è nessun documento «{'», «'.join(unknown)}».")
        if not keys:
            return []
        store = VectorStore(settings.store / "chroma", settings.chroma_url)
        whole = catalog.is_dirty() or bool(settings.chroma_url)  # the words may not match the vectors
        catalog.mark_dirty()
        for key in keys:
            store.delete(store.ids_for(key))
            del state[key]
            catalog.save_files(state)
        if whole:
            build_indexes(store.all_passages(), settings.store)
        else:
            update_indexes(settings.store, set(sources), [], store.all_passages)
        stamp_new_generation(store, catalog)
        catalog.mark_clean()
    return [Path(k) for k in keys]
