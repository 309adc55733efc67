"""Precision and recall of the knowledge base against a labelled set (tests/data/kb_expected.json),
per kind of record, over a folder of documents, with and without its manifest; `--atti` measures
the five acts written after the extractors' rules instead (tests/data/acts, labelled in
tests/data/acts_expected.json: each was first measured before any rule was fitted on it).

`python -m benchmarks.kb_quality [corpus] [--expected FILE] [--atti]`"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from pathlib import Path

from assistant.core.acronyms import FUNCTION_WORDS, letters
from assistant.core.query import fold
from ingest.extract import knowledge_base
from ingest.manifest import MANIFEST
from ingest.parse import parse

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
EXPECTED = DATA / "kb_expected.json"
ACTS, ACTS_EXPECTED = DATA / "acts", DATA / "acts_expected.json"


def _same(a: str, b: str) -> bool:
    """Two expansions are the same when they differ only in case, accents, punctuation, spaces,
    articles and prepositions ("Piano Nazionale di Ripresa e Resilienza" = "… per la Ripresa e la …")."""

    def plain(s: str) -> list[str]:
        return [w for w in re.findall(r"[a-z0-9]+", fold(s)) if w not in FUNCTION_WORDS]

    return plain(a) == plain(b)


def glossary_scores(kb, expected: dict[str, dict[str, list[str]]]) -> dict:
    """Documents are matched by name without extension: the labels hold for the Markdown, its PDF and its scan."""
    labelled = {Path(src).stem: terms for src, terms in expected.items()}
    found = [(Path(t.source).stem, letters(t.acronym), t.expansion) for t in kb.glossary()]
    found = [f for f in found if f[0] in labelled]
    wanted = [(src, letters(a), e) for src, terms in labelled.items() for a, exps in terms.items() for e in exps]
    right = [f for f in found if any(f[:2] == w[:2] and _same(f[2], w[2]) for w in wanted)]
    hit = [w for w in wanted if any(f[:2] == w[:2] and _same(f[2], w[2]) for f in found)]
    return {
        "precision": len(right) / len(found) if found else 1.0,
        "recall": len(hit) / len(wanted) if wanted else 1.0,
        "found": len(found),
        "expected": len(wanted),
        "wrong": sorted(f"{a} = {e}" for s, a, e in set(found) - set(right)),
        "missed": sorted(f"{a} = {e}" for s, a, e in set(wanted) - set(hit)),
    }


FIELDS = ("composition", "coordinator", "frequency")


def _holds(found: str | None, words: str) -> bool:
    """Every word of `words` is a word of `found` (case, accents and punctuation aside)."""
    return bool(found) and set(re.findall(r"\w+", fold(words))) <= set(re.findall(r"\w+", fold(found)))


def _match(found: list, labelled: dict[str, list[dict]], fits, missed_as, wrong_as) -> tuple[list, dict]:
    """Each labelled item takes the first record of its act that fits it, a record answering for
    one item at most: the pairs, and precision and recall."""
    free = list(found)
    pairs, missed = [], []
    for src, items in labelled.items():
        for want in items:
            match = next((r for r in free if Path(r.source).stem == src and fits(r, want)), None)
            if match is None:
                missed.append(missed_as(want))
                continue
            free.remove(match)
            pairs.append((match, want))
    total = sum(len(items) for items in labelled.values())
    return pairs, {
        "precision": (len(found) - len(free)) / len(found) if found else 1.0,
        "recall": len(pairs) / total if total else 1.0,
        "found": len(found),
        "expected": total,
        "wrong": sorted(wrong_as(r) for r in free),
        "missed": sorted(missed),
    }


def body_scores(kb, expected: dict[str, list[dict]]) -> dict:
    """A body is found when a record of its act holds its name's words; a field is right when the
    record's field holds the labelled words."""
    labelled = {Path(src).stem: bodies for src, bodies in expected.items()}
    found = [b for b in kb.bodies() if Path(b.source).stem in labelled]
    pairs, scores = _match(
        found, labelled, lambda b, want: _holds(b.name, want["name"]), lambda w: w["name"], lambda b: b.name
    )
    total = sum(f in w for items in labelled.values() for w in items for f in FIELDS)
    right = sum(_holds(getattr(b, f), w[f]) for b, w in pairs for f in FIELDS if f in w)
    scores["fields"] = right / total if total else 1.0
    return scores


def commitment_scores(kb, expected: dict[str, list[dict]]) -> dict:
    """A commitment is found when a record of its act quotes the labelled words and its party holds
    the labelled party's words (or is one of its signatories)."""
    labelled = {Path(src).stem: items for src, items in expected.items()}
    found = [c for c in kb.commitments() if Path(c.source).stem in labelled]

    def fits(c, want) -> bool:
        party = _holds(c.party, want["party"]) or any(_holds(s, want["party"]) for s in c.signatories)
        return party and _holds(c.quote, want["commitment"])

    _, scores = _match(
        found, labelled, fits, lambda w: f"{w['party']}: {w['commitment']}", lambda c: f"{c.party}: {c.commitment[:80]}"
    )
    return scores


def _scores(found: set, wanted: set) -> dict:
    right = found & wanted
    return {
        "precision": len(right) / len(found) if found else 1.0,
        "recall": len(right) / len(wanted) if wanted else 1.0,
        "found": len(found),
        "expected": len(wanted),
        "wrong": sorted(" ".join(map(str, f)) for f in found - wanted),
        "missed": sorted(" ".join(map(str, w)) for w in wanted - found),
    }


def agenda_scores(kb, expected: dict[str, list[str]]) -> dict:
    """The dates `pdz scadenze` lists by default (the acts' own agenda), one per act and day."""
    labelled = {Path(src).stem: dates for src, dates in expected.items()}
    found = {(Path(d.source).stem, d.date) for d in kb.agenda() if d.date and Path(d.source).stem in labelled}
    return _scores(found, {(src, day) for src, dates in labelled.items() for day in dates})


def meeting_scores(kb, expected: dict[str, list[dict]]) -> dict:
    """Recurring meetings: who meets (the record's party or words holds the labelled words) and how often."""
    labelled = {Path(src).stem: items for src, items in expected.items()}
    records = [d for d in kb.dates(kind="ricorrente") if Path(d.source).stem in labelled]
    found, wanted = set(), set()
    for src, items in labelled.items():
        for want in items:
            wanted.add((src, want["party"], want["rrule"]))
    for d in records:
        src = Path(d.source).stem
        match = next(
            (w for w in labelled[src] if w["rrule"] == d.rrule and _holds(f"{d.party or ''} {d.what}", w["party"])),
            None,
        )
        found.add((src, match["party"], d.rrule) if match else (src, d.party or d.what[:40], d.rrule))
    return _scores(found, wanted)


def measure(folder: Path, expected: dict) -> dict:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST)
    kb = knowledge_base(p for f in files for p in parse(f))
    return {
        "glossario": glossary_scores(kb, expected["glossario"]),
        "organi": body_scores(kb, expected["organi"]),
        "impegni": commitment_scores(kb, expected["impegni"]),
        "scadenze": agenda_scores(kb, expected["scadenze"]),
        "ricorrenti": meeting_scores(kb, expected["ricorrenti"]),
    }


def without_manifest(corpus: Path, dest: Path) -> Path:
    """A copy of the corpus's documents in `dest`, without its manifest: facts read from the text."""
    for f in corpus.iterdir():
        if f.is_file() and f.name != MANIFEST:
            shutil.copy(f, dest / f.name)
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default="corpus")
    ap.add_argument("--expected", default=None)
    ap.add_argument("--atti", action="store_true", help="the five acts of tests/data/acts")
    args = ap.parse_args(argv)
    corpus = ACTS if args.atti else Path(args.corpus)
    labels = args.expected or (ACTS_EXPECTED if args.atti else EXPECTED)
    expected = json.loads(Path(labels).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        bare = without_manifest(corpus, Path(tmp))
        runs = (
            [("con manifest", corpus), ("senza manifest", bare)]
            if (corpus / MANIFEST).exists()
            else [("senza manifest", bare)]
        )
        for label, folder in runs:
            for kind, s in measure(folder, expected).items():
                fields = f", campi giusti {s['fields']:.2f}" if "fields" in s else ""
                print(
                    f"{kind} ({label}): precisione {s['precision']:.2f} ({s['found']} trovate), "
                    f"richiamo {s['recall']:.2f} ({s['expected']} attese){fields}"
                )
                for line in s["wrong"]:
                    print(f"  sbagliata: {line}")
                for line in s["missed"]:
                    print(f"  mancante: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
