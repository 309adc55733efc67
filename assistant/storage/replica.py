"""Several machines, one Chroma server (PDZ_CHROMA_URL). The vectors live on the server; each
machine keeps its own BM25 index and knowledge base beside them, in its local store folder.
Every ingest stamps the server's collection with a new generation; a machine whose indexes were
built from another generation rebuilds them from the server's passages before answering
(ingest/sync.py). One machine writes at a time: a writer holds a lease kept in the collection's
metadata, renewed while it works and left to expire if it dies; another writer waits for it."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..core.errors import StoreBusy, StoreError
from .catalog import Catalog
from .settings import Settings
from .store import VectorStore

log = logging.getLogger(__name__)
_SERVERS: dict[str, VectorStore] = {}


def server(settings: Settings) -> VectorStore:
    """One client per server URL and process."""
    url = settings.chroma_url or ""
    if url not in _SERVERS:
        _SERVERS[url] = VectorStore(None, url)
    return _SERVERS[url]


def stamp_new_generation(store: VectorStore, catalog: Catalog) -> str:
    """After an ingest changed the passages: a new generation, on the collection and locally."""
    generation = uuid.uuid4().hex
    meta = catalog.meta()
    store.set_stamp(
        pdz_generation=generation,
        pdz_embedder=meta.get("embedder", ""),
        pdz_dim=int(meta.get("dim", 0)),
        pdz_dense_chars=int(meta.get("dense_chars", 0)),
        pdz_ingested=time.time(),
    )
    catalog.update_meta(generation=generation)
    return generation


def remote_generation(settings: Settings) -> str | None:
    return server(settings).stamp().get("pdz_generation") if settings.chroma_url else None


# a lease lasts TTL seconds and is renewed every TTL/4 while its writer works: a writer killed
# with SIGKILL keeps the others waiting at most TTL
LEASE_TTL = float(os.environ.get("PDZ_LEASE_SECONDS", "60"))
LEASE_WAIT = float(os.environ.get("PDZ_LEASE_WAIT", "1800"))  # how long a writer waits before giving up
_SETTLE = 1.0  # after claiming, how long to wait before reading the claim back
_POLL = 2.0


class Lease:
    """The right to write into a shared collection, held in its metadata (pdz_lease_owner,
    pdz_lease_until, pdz_lease_who). Claimed by writing it when it is free or expired, then
    reading it back after a pause: of two writers that claimed together, the last write wins
    and the other sees it and waits. Clocks of the machines are taken to agree within seconds."""

    def __init__(self, store: VectorStore, who: str, ttl: float = LEASE_TTL) -> None:
        self.store, self.who, self.ttl = store, who, ttl
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._heart: threading.Thread | None = None

    def holder(self) -> tuple[str, str] | None:
        """(token, who) of a live lease held by someone else, None when free or ours."""
        meta = self.store.stamp()
        owner = str(meta.get("pdz_lease_owner") or "")
        if not owner or owner == self.token or float(meta.get("pdz_lease_until") or 0) <= time.time():
            return None
        return owner, str(meta.get("pdz_lease_who") or "un'altra macchina")

    def acquire(self, wait: float = LEASE_WAIT, on_wait: Callable[[str], object] | None = None) -> None:
        deadline, told = time.monotonic() + wait, False
        while True:
            held = self.holder()
            if held is None:
                self._claim()
                time.sleep(_SETTLE)
                if self.store.stamp().get("pdz_lease_owner") == self.token:
                    break
                continue  # another writer claimed at the same moment and won
            if time.monotonic() > deadline:
                raise StoreBusy(
                    f"Sul server vettoriale sta scrivendo {held[1]} da oltre {wait:.0f} s: riprovare al termine "
                    "(attesa massima: PDZ_LEASE_WAIT)."
                )
            if not told and on_wait is not None:
                on_wait(f"Sul server vettoriale sta scrivendo {held[1]}: attendo che finisca…")
                told = True
            time.sleep(_POLL)
        self._heart = threading.Thread(target=self._beat, daemon=True, name="pdz-lease")
        self._heart.start()

    def _claim(self) -> None:
        self.store.set_stamp(pdz_lease_owner=self.token, pdz_lease_until=time.time() + self.ttl, pdz_lease_who=self.who)

    def _beat(self) -> None:
        while not self._stop.wait(self.ttl / 4):
            try:
                if self.store.stamp().get("pdz_lease_owner") != self.token:
                    log.warning("lease del server perso (scaduto e preso da un'altra macchina)")
                    return
                self._claim()
            except StoreError as exc:  # the server went away: the writer's own calls will say so
                log.warning("lease del server non rinnovato: %s", exc)

    def release(self) -> None:
        self._stop.set()
        if self._heart is not None:
            self._heart.join()
        if self.store.stamp().get("pdz_lease_owner") == self.token:
            self.store.set_stamp(pdz_lease_owner="", pdz_lease_until=0.0, pdz_lease_who="")


@contextmanager
def writing(settings: Settings, on_wait: Callable[[str], object] | None = None) -> Iterator[None]:
    """Around a write into the store: on a shared server, hold its lease (waiting for another
    machine's writer to finish); for a store of one's own, nothing (catalog.write_lock is enough)."""
    if not settings.chroma_url:
        yield
        return
    lease = Lease(server(settings), f"{socket.gethostname()} ({settings.store.resolve()})")
    lease.acquire(on_wait=on_wait)
    try:
        yield
    finally:
        lease.release()
