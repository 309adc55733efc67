"""Knowledge-base records extracted at ingest time: commitments, governance bodies, dates and
recurring meetings, strategic axes, acronyms. Each carries where it was read (provenance):
document, title, locator, page, the passage id and a verbatim quote of that passage."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from typing import Literal, Self

from .types import Passage, reference

# fields whose few values recur in thousands of records (a document's name, title, unit): one
# string each in memory, not one per record as the JSON parser makes them (a third of a large
# knowledge base's memory)
SHARED = frozenset({"source", "title", "locator", "territory", "passage_id", "party", "kind"})


def _shared(key: str, value):
    return sys.intern(value) if key in SHARED and isinstance(value, str) else value


@dataclass(frozen=True, kw_only=True)
class Provenance:
    source: str
    title: str
    locator: str
    page: int | None
    quote: str  # a verbatim span of the passage's text
    passage_id: str
    territory: str = ""

    @classmethod
    def of(cls, passage: Passage, quote: str, **values) -> Self:
        return cls(
            source=passage.source,
            title=passage.title,
            locator=passage.locator,
            page=passage.page_of(quote),
            quote=quote.strip(),
            passage_id=passage.id,
            territory=passage.territory,
            **values,
        )

    @property
    def reference(self) -> str:
        return reference(self.title, self.locator, self.page)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Self:
        names = {f.name for f in fields(cls)}
        return cls(**{k: _shared(k, v) for k, v in data.items() if k in names})


@dataclass(frozen=True, kw_only=True)
class Commitment(Provenance):
    party: str
    commitment: str
    deadline: str | None = None
    # whom a collective party ("Le parti si impegnano …") stands for: the act's signatories
    signatories: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> Self:
        return super().from_json({**data, "signatories": tuple(data.get("signatories", ()))})


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """Where one field of a record was read, when not in the record's own quote."""

    quote: str
    locator: str
    page: int | None
    passage_id: str


@dataclass(frozen=True, kw_only=True)
class Body(Provenance):
    name: str
    role: str
    composition: str | None = None
    coordinator: str | None = None
    frequency: str | None = None
    # where each field ("composition", "coordinator", "frequency") was read
    evidence: dict[str, Evidence] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> Self:
        evidence = {
            name: Evidence(**{k: _shared(k, v) for k, v in where.items()})
            for name, where in data.get("evidence", {}).items()
        }
        return super().from_json({**data, "evidence": evidence})


# a date's kind: a deadline, the act's validity, an act (signature, approval, a law it cites), a
# meeting, any other date; a recurring meeting has a rule instead of a date
DateKind = Literal["scadenza", "validità", "atto", "incontro", "data", "ricorrente"]


@dataclass(frozen=True, kw_only=True)
class Dated(Provenance):
    """A date (deadline, validity, act, meeting) or a recurring meeting (`rrule`, RFC 5545)."""

    what: str  # the item's own title; `title` is the document's
    kind: DateKind
    date: str | None = None  # YYYY-MM-DD
    rrule: str | None = None
    party: str | None = None

    def to_json(self) -> dict:
        # the contract names the item's title "title" and the document's "title_doc"
        data = asdict(self)
        data["title_doc"] = data.pop("title")
        data["title"] = data.pop("what")
        return data

    @classmethod
    def from_json(cls, data: dict) -> Self:
        data = dict(data)
        data["what"] = data.pop("title")
        data["title"] = data.pop("title_doc")
        return super().from_json(data)


@dataclass(frozen=True, kw_only=True)
class Axis(Provenance):
    name: str
    objectives: tuple[str, ...] = ()

    def to_json(self) -> dict:
        data = asdict(self)
        data["objectives"] = list(self.objectives)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Self:
        return super().from_json({**data, "objectives": tuple(data.get("objectives", ()))})


@dataclass(frozen=True, kw_only=True)
class Term(Provenance):
    acronym: str
    expansion: str


# the kinds of record: the key each has in the store's knowledge-base file, its field in Records, its class
KINDS: tuple[tuple[str, str, type[Provenance]], ...] = (
    ("impegni", "commitments", Commitment),
    ("organi", "bodies", Body),
    ("scadenze", "dates", Dated),
    ("assi", "axes", Axis),
    ("glossario", "terms", Term),
)


@dataclass
class Records:
    """The knowledge base's records, one typed list per kind, each in document order."""

    commitments: list[Commitment] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    dates: list[Dated] = field(default_factory=list)
    axes: list[Axis] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    def items(self) -> Iterator[tuple[str, list[Provenance]]]:
        """(key in the knowledge-base file, records) for each kind."""
        for key, name, _ in KINDS:
            yield key, getattr(self, name)

    def to_json(self) -> dict[str, list[dict]]:
        return {key: [r.to_json() for r in records] for key, records in self.items()}

    def extend(self, other: Records) -> None:
        for _, name, _ in KINDS:
            getattr(self, name).extend(getattr(other, name))

    def by_document(self, order: Iterable[str] = ()) -> list[tuple[str, Records]]:
        """Each document's records, documents in `order`, then any other in the order met."""
        out: dict[str, Records] = {source: Records() for source in order}
        for _, name, _ in KINDS:
            for r in getattr(self, name):
                getattr(out.setdefault(r.source, Records()), name).append(r)
        return [(source, records) for source, records in out.items() if any(r for _, r in records.items())]

    @classmethod
    def from_json(cls, data: dict) -> Records:
        loaded = {name: [kind.from_json(r) for r in data.get(key, [])] for key, name, kind in KINDS}
        return cls(**loaded)  # type: ignore[arg-type]  # each list is of its field's class (KINDS)
