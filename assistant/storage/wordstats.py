"""The store's word statistics, computed once per document when it is read and merged at each
ingest: how many passages hold each stem (the answerer's idf), the words the documents are named
by, and the names that point to one document. Saved with the passages, so that an answerer
starts by reading them instead of going over every passage."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from ..core.pointers import distinctive_keys, numbered_places, place_keys
from ..core.query import content_words
from ..core.types import DocumentInfo, Passage

HEADER = 2  # a document's opening passages, where it names its territory
Stem = Callable[[str], str]


@dataclass
class DocumentWords:
    """One document's share of the statistics."""

    info: DocumentInfo
    passages: int
    stems: Counter[str]  # stem -> the passages (heading path and text) that hold it
    words: Counter[str]  # content words of the text: which names are mostly this document's
    places: list[str]  # the places its own text names as its territory (pointers.place_keys)
    named: list[str]  # the words of its opening passages, title and territory

    @classmethod
    def of(cls, passages: list[Passage], stem: Stem) -> DocumentWords:
        parts = sorted(passages, key=lambda p: p.order)
        first = parts[0]
        stems: Counter[str] = Counter()
        words: Counter[str] = Counter()
        for p in parts:
            stems.update({stem(w) for w in content_words(p.indexed_text)})
            words.update(content_words(p.text) + numbered_places(p.text))
        header = "\n".join(p.text for p in parts[:HEADER])
        return cls(
            info=DocumentInfo(first.source, first.title, first.territory, first.doc_type, first.date, first.parties),
            passages=len(parts),
            stems=stems,
            words=words,
            places=sorted(place_keys(header, "\n".join(p.text for p in parts))),
            named=sorted(set(content_words(f"{header} {first.title} {first.territory}"))),
        )

    def to_json(self) -> str:
        data = {"info": asdict(self.info), "passages": self.passages, "stems": dict(self.stems)}
        data |= {"words": dict(self.words), "places": self.places, "named": self.named}
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DocumentWords:
        data = json.loads(text)
        info = data["info"]
        return cls(
            info=DocumentInfo(**{**info, "parties": tuple(info["parties"])}),
            passages=data["passages"],
            stems=Counter(data["stems"]),
            words=Counter(data["words"]),
            places=data["places"],
            named=data["named"],
        )


@dataclass
class CorpusWords:
    """The statistics of the whole store, merged from its documents'."""

    passages: int = 0
    df: dict[str, int] = field(default_factory=dict)  # stem -> passages that hold it
    documents: list[DocumentInfo] = field(default_factory=list)  # in source order
    doc_keys: dict[str, set[str]] = field(default_factory=dict)  # names that point to one document
    named_by: set[str] = field(default_factory=set)  # words documents are named by, keys included

    @classmethod
    def merge(cls, docs: Iterable[DocumentWords]) -> CorpusWords:
        ordered = sorted(docs, key=lambda d: d.info.source)
        df: Counter[str] = Counter()
        named: set[str] = set()
        for d in ordered:
            df.update(d.stems)
            named.update(d.named)
        keys = distinctive_keys(
            [d.info for d in ordered],
            {d.info.source: d.words for d in ordered},
            {d.info.source: set(d.places) for d in ordered},
        )
        named |= {k for found in keys.values() for k in found}
        return cls(sum(d.passages for d in ordered), dict(df), [d.info for d in ordered], keys, named)

    def idf(self) -> tuple[dict[str, float], float]:
        """Each stem's inverse document frequency, and that of a stem no passage holds."""
        n = max(1, self.passages)
        return {s: math.log(1 + n / c) for s, c in self.df.items()}, math.log(1 + n)

    def to_json(self) -> str:
        return json.dumps(
            {
                "passages": self.passages,
                "df": self.df,
                "documents": [asdict(d) for d in self.documents],
                "doc_keys": {s: sorted(k) for s, k in self.doc_keys.items()},
                "named_by": sorted(self.named_by),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> CorpusWords:
        data = json.loads(text)
        return cls(
            data["passages"],
            data["df"],
            [DocumentInfo(**{**d, "parties": tuple(d["parties"])}) for d in data["documents"]],
            {s: set(k) for s, k in data["doc_keys"].items()},
            set(data["named_by"]),
        )
