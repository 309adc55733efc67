"""Precision and recall of the knowledge base against a labelled set (tests/data/kb_expected.json),
per kind of record, over a folder of documents, with and without its manifest.

`python -m benchmarks.kb_quality [corpus] [--expected FILE]`"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from pathlib import Path

from assistant.acronyms import FUNCTION_WORDS, letters
from assistant.query import fold
from ingest.extract import knowledge_base
from ingest.manifest import MANIFEST
from ingest.parse import parse

EXPECTED = Path(__file__).resolve().parent.parent / "tests" / "data" / "kb_expected.json"


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


def measure(folder: Path, expected: dict) -> dict:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST)
    kb = knowledge_base(p for f in files for p in parse(f))
    return {"glossario": glossary_scores(kb, expected["glossario"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default="corpus")
    ap.add_argument("--expected", default=str(EXPECTED))
    args = ap.parse_args(argv)
    expected = json.loads(Path(args.expected).read_text(encoding="utf-8"))
    corpus = Path(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp)
        for f in corpus.iterdir():
            if f.is_file() and f.name != MANIFEST:
                shutil.copy(f, bare / f.name)
        for label, folder in (("con manifest", corpus), ("senza manifest", bare)):
            for kind, s in measure(folder, expected).items():
                print(
                    f"{kind} ({label}): precisione {s['precision']:.2f} ({s['found']} trovate), "
                    f"richiamo {s['recall']:.2f} ({s['expected']} attese)"
                )
                for line in s["wrong"]:
                    print(f"  sbagliata: {line}")
                for line in s["missed"]:
                    print(f"  mancante: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
