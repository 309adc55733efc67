"""The state of each commitment and deadline, with its history: a real database (SQLite in the
store folder by default, PostgreSQL or any SQLAlchemy URL in $PDZ_DB_URL for a shared office).

Three tables: `items` (each commitment or deadline of the knowledge base, by an identity that
survives re-ingests: its document, kind and words), `updates` (append-only: state, note, who is
responsible, who wrote it and when; never overwritten) and `meta` (the schema version, checked at
start). One transaction per change: two people updating at once both keep theirs."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .core.errors import StoreError
from .core.query import fold
from .monitor_items import DEFAULT_STATE, STATES, Row, current_items
from .storage.kb import KnowledgeBase

SCHEMA_VERSION = "1"
DB_FILE = "monitoraggio.sqlite"

_meta = sa.MetaData()
META = sa.Table("meta", _meta, sa.Column("key", sa.String(40), primary_key=True), sa.Column("value", sa.Text))
ITEMS = sa.Table(
    "items",
    _meta,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("kind", sa.String(12), nullable=False),  # "impegno" | "scadenza"
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("territory", sa.Text, nullable=False),
    sa.Column("party", sa.Text, nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("due", sa.String(40)),  # a date, or "entro …" words
    sa.Column("locator", sa.Text, nullable=False),
    sa.Column("page", sa.Integer),
    sa.Column("quote", sa.Text, nullable=False),  # the exact words, the last seen
    sa.Column("present", sa.Boolean, nullable=False),  # False: no longer in the document
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
)
UPDATES = sa.Table(
    "updates",
    _meta,
    sa.Column("n", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_id", sa.String(16), sa.ForeignKey("items.id"), nullable=False, index=True),
    sa.Column("state", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("responsible", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)


# the columns of `items` a Row carries (not when it was first and last seen)
_ITEM_FIELDS = [c.name for c in ITEMS.columns if c.name not in ("first_seen", "last_seen")]


class MonitorDB:
    def __init__(self, url: str) -> None:
        self.url = url
        sqlite = url.startswith("sqlite")
        try:
            self.engine = sa.create_engine(url, connect_args={"timeout": 30} if sqlite else {})
            if sqlite:
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            _meta.create_all(self.engine)
            self._check_version()
        except SQLAlchemyError as exc:
            raise StoreError(
                f"Non riesco ad aprire il database del monitoraggio ({_where(url)}): {_why(exc)}."
            ) from exc

    @classmethod
    def for_store(cls, store) -> MonitorDB:
        url = cls.url_for(store)
        if url.startswith("sqlite"):
            os.makedirs(os.fspath(store), exist_ok=True)
        return cls(url)

    @staticmethod
    def url_for(store) -> str:
        """$PDZ_DB_URL when set (a shared PostgreSQL), else monitoraggio.sqlite in the store folder."""
        return os.environ.get("PDZ_DB_URL") or f"sqlite:///{os.fspath(store)}/{DB_FILE}"

    def _check_version(self) -> None:
        with self.engine.begin() as db:
            found = db.execute(sa.select(META.c.value).where(META.c.key == "schema")).scalar()
            if found is None:
                db.execute(META.insert().values(key="schema", value=SCHEMA_VERSION))
            elif found != SCHEMA_VERSION:
                raise StoreError(
                    f"Il database del monitoraggio ha lo schema {found}, questa versione usa lo schema "
                    f"{SCHEMA_VERSION}: aggiorna PDZ Assistant o usa un altro database."
                )

    def sync(self, kb: KnowledgeBase, now: datetime | None = None) -> dict[str, int]:
        """Bring `items` in line with the knowledge base in one transaction: new ones added, the
        ones still there refreshed (their last words, unit and page), the ones no longer in any
        document kept with their history and marked as gone. Updates are never touched."""
        now = now or datetime.now(UTC)
        rows = current_items(kb)
        with self._write() as db:
            known = {r.id: r.present for r in db.execute(sa.select(ITEMS.c.id, ITEMS.c.present))}
            added = [r for r in rows if r["id"] not in known]
            if added:
                db.execute(ITEMS.insert(), [{**r, "present": True, "first_seen": now, "last_seen": now} for r in added])
            for r in rows:
                if r["id"] in known:
                    fields = {k: v for k, v in r.items() if k != "id"}
                    db.execute(
                        ITEMS.update().where(ITEMS.c.id == r["id"]).values(**fields, present=True, last_seen=now)
                    )
            ids = {r["id"] for r in rows}
            gone = [i for i, present in known.items() if present and i not in ids]
            if gone:
                db.execute(ITEMS.update().where(ITEMS.c.id.in_(gone)).values(present=False))
        return {"aggiunti": len(added), "non_più_nel_documento": len(gone), "totale": len(rows)}

    def update(
        self,
        item_id: str,
        state: str,
        note: str = "",
        author: str = "",
        responsible: str = "",
        now: datetime | None = None,
    ) -> Row:
        """Append a state to the item's history (one transaction) and return the item as it is now."""
        if state not in STATES:
            raise StoreError(f"Stato sconosciuto «{state}»: usa uno tra {', '.join(STATES)}.")
        with self._write() as db:
            if db.execute(sa.select(ITEMS.c.id).where(ITEMS.c.id == item_id)).scalar() is None:
                raise StoreError(f"Nessun impegno o scadenza con codice «{item_id}»: vedi «pdz monitoraggio».")
            db.execute(
                UPDATES.insert().values(
                    item_id=item_id,
                    state=state,
                    note=note.strip(),
                    responsible=responsible.strip(),
                    author=author.strip(),
                    at=now or datetime.now(UTC),
                )
            )
        return self.rows(ids=[item_id])[0]

    def history(self, item_id: str) -> list[dict]:
        """Every update of the item, oldest first."""
        with self._read() as db:
            found = db.execute(sa.select(UPDATES).where(UPDATES.c.item_id == item_id).order_by(UPDATES.c.n)).all()
        return [
            {
                "stato": r.state,
                "nota": r.note,
                "responsabile": r.responsible,
                "autore": r.author,
                "aggiornato": _aware(r.at).isoformat(),
            }
            for r in found
        ]

    def rows(self, ids: list[str] | None = None, territory: str | None = None, state: str | None = None) -> list[Row]:
        """The items with their latest update, in document order of the knowledge base's ids."""
        latest = (
            sa.select(UPDATES.c.item_id, sa.func.max(UPDATES.c.n).label("n")).group_by(UPDATES.c.item_id).subquery()
        )
        query = (
            sa.select(ITEMS, UPDATES.c.state, UPDATES.c.note, UPDATES.c.responsible, UPDATES.c.author, UPDATES.c.at)
            .select_from(
                ITEMS.outerjoin(latest, latest.c.item_id == ITEMS.c.id).outerjoin(UPDATES, UPDATES.c.n == latest.c.n)
            )
            .order_by(ITEMS.c.source, ITEMS.c.kind, ITEMS.c.first_seen, ITEMS.c.id)
        )
        if ids is not None:
            query = query.where(ITEMS.c.id.in_(ids))
        with self._read() as db:
            found = db.execute(query).all()
        out = [
            Row(
                **{name: r._mapping[name] for name in _ITEM_FIELDS},
                state=r.state or DEFAULT_STATE,
                note=r.note or "",
                responsible=r.responsible or "",
                author=r.author or "",
                updated=_aware(r.at) if r.at else None,
            )
            for r in found
        ]
        if territory:
            out = [r for r in out if fold(territory) in fold(r.territory)]
        if state:
            out = [r for r in out if r.state == state]
        return out

    def _write(self):
        return _Guarded(self.engine.begin, self.url)

    def _read(self):
        return _Guarded(self.engine.connect, self.url)


class _Guarded:
    """A connection whose database errors become Italian messages; a write is one transaction."""

    def __init__(self, opener, url: str) -> None:
        self.opener, self.url = opener, url

    def __enter__(self):
        try:
            self.context = self.opener()
            return self.context.__enter__()
        except SQLAlchemyError as exc:
            raise StoreError(f"Database del monitoraggio non raggiungibile ({_where(self.url)}): {_why(exc)}.") from exc

    def __exit__(self, *exc_info):
        try:
            return self.context.__exit__(*exc_info)
        except SQLAlchemyError as exc:
            raise StoreError(f"Modifica non salvata ({_where(self.url)}): {_why(exc)}.") from exc


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for a writer
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite keeps no time zone


def _where(url: str) -> str:
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def _why(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if isinstance(exc, OperationalError) and "locked" in text:
        return "è bloccato da un'altra operazione, riprova"
    if "could not connect" in text or "connection refused" in text or "unable to open" in text:
        return "non raggiungibile"
    if "password" in text or "authentication" in text:
        return "credenziali rifiutate"
    return text.splitlines()[0][:160] if text else "errore sconosciuto"
