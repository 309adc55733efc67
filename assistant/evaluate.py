"""`pdz eval`: citation hit rate, key-fact recall, refusals, latency; the textbook recipe's
recall@5 on the same questions beside ours."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from .core.errors import PdzError
from .evalset import holds_gold, load_items, norm
from .ranked import RankedAnswerer


def evaluate(
    path: Path,
    answerer: RankedAnswerer,
    recipe: bool = True,
    corpus: Path = Path("corpus"),
    writer=None,
    cv: int = 0,
    repeat: int = 1,
) -> dict:
    """With `writer` (a generate.GenerativeAnswerer) the answers are the model's, checked; the
    report adds how many of its sentences survived the check and how often it fell back.
    With `cv` = k, k-fold cross-validation: each fold answered by a ranker fitted on the others;
    with `repeat` = n, n times over differently drawn folds, the scores averaged (one fold
    drawing moves them by a question or two), their range reported."""
    items = load_items(path)
    asker = writer or answerer
    asker.answer("Chi coordina il Tavolo Tecnico?")  # warm-up: models and caches loaded
    if writer is not None:
        writer.stats.clear()
    rows: list[dict] = []
    latencies: list[float] = []
    if cv:
        if cv > len(items):
            raise PdzError(f"--cv {cv} chiede più parti delle domande del file ({len(items)}).")
        # each fold answered by a ranker fitted on the other folds: nothing is measured on
        # the questions it was fitted on
        from .training import cross_validate

        shipped = answerer.ranker
        runs: dict[int, list[dict]] = {}
        try:
            for seed, held, ranker in cross_validate(answerer, items, cv, seeds=range(repeat)):
                answerer.ranker = ranker
                _answer_items(held, asker, runs.setdefault(seed, []), latencies)
        finally:
            answerer.ranker = shipped
        order = {item["id"]: i for i, item in enumerate(items)}
        for run in runs.values():
            run.sort(key=lambda r: order[r["id"]])
        rows = runs[0]
        scores = [_scores(run) for run in runs.values()]
    else:
        _answer_items(items, asker, rows, latencies)
        scores = [_scores(rows)]
    report = {
        "questions": len(rows),
        "cross_validated": cv or None,
        **{key: _mean([s[key] for s in scores]) for key in scores[0]},
        "latency_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "latency_ms_p95": round(float(np.percentile(latencies, 95)), 1) if latencies else None,
        "items": rows,
    }
    outside = sum(not r["answerable"] for r in rows)
    report["out_of_corpus_refused"] = f"{_number(report['out_of_corpus_refused'])}/{outside}"
    if len(scores) > 1:
        report["repeats"] = len(scores)
        report["range"] = {key: [min(s[key] for s in scores), max(s[key] for s in scores)] for key in scores[0]}
    if writer is not None:
        st = writer.stats
        report["generative"] = {
            "model": writer.label,
            "written": st.get("written", 0),
            "fallbacks": st.get("fallbacks", 0),
            "sentences": st.get("sentences", 0),
            "sentences_kept": st.get("kept", 0),
            "kept_share": _rate(st.get("kept", 0), st.get("sentences", 0)),
        }
    if recipe:
        report["recipe_recall_at_5"] = recipe_recall(items, corpus, answerer)
    return report


def _answer_items(items: list[dict], asker, rows: list[dict], latencies: list[float]) -> None:
    for item in items:
        t0 = time.perf_counter()
        ans = asker.answer(item["question"])
        latencies.append((time.perf_counter() - t0) * 1000)
        text = norm(ans.text)
        facts = list(item.get("key_facts", []))
        found = [f for f in facts if norm(f) in text]
        hit = any(holds_gold(c.passage.text, item.get("gold_quote", "")) for c in ans.citations)
        rows.append(
            {
                "id": item["id"],
                "question": item["question"],
                "answerable": item.get("answerable", True),
                "refused": ans.refused,
                "confidence": ans.confidence,
                "citation_hit": hit,
                "facts": len(facts),
                "facts_found": len(found),
                "missing_facts": [f for f in facts if f not in found],
                "answer": ans.text,
                "locators": [c.passage.locator for c in ans.citations],
                "gold_locator": item.get("locator", ""),
                "ms": round(latencies[-1], 1),
            }
        )


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def _scores(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    return {
        "citation_hit_rate": _rate(sum(r["citation_hit"] for r in answerable), len(answerable)),
        "key_fact_recall": _rate(sum(r["facts_found"] for r in answerable), sum(r["facts"] for r in answerable)),
        "out_of_corpus_refused": sum(r["refused"] for r in rows if not r["answerable"]),
        "false_refusals": sum(r["refused"] for r in answerable),
    }


def _mean(values: list):
    """The mean over repeated cross-validations; a single run's value as it is."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return known[0] if known else None
    return round(sum(known) / len(known), 3)


def _number(value) -> str:
    """8 -> '8', 8.333 -> '8.3' (a mean over repeated cross-validations)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def recipe_recall(items: list[dict], corpus: Path, answerer: RankedAnswerer) -> dict:
    """The textbook recipe (RecursiveCharacterTextSplitter 1000/200 over the raw files): does its
    top 5 hold the gold quote? Dense with the same embedder, and plain BM25."""
    import bm25s

    from assistant.recipe import recipe_chunks

    files = sorted(p for p in Path(corpus).glob("*") if p.suffix.lower() in (".md", ".txt"))
    chunks = [text for _, text in recipe_chunks(files)]
    embedder = answerer.retriever.embedder
    vectors = _cached_vectors(chunks, embedder, answerer)
    bm25 = bm25s.BM25()
    bm25.index(bm25s.tokenize(chunks, show_progress=False), show_progress=False)
    answerable = [i for i in items if i.get("answerable", True) and i.get("gold_quote")]
    dense_hits = lexical_hits = 0
    for item in answerable:
        q = embedder.embed_query(item["question"])
        top = np.argsort(-(vectors @ q))[:5]
        dense_hits += any(holds_gold(chunks[i], item["gold_quote"]) for i in top)
        docs, _ = bm25.retrieve(bm25s.tokenize([item["question"]], show_progress=False), k=5, show_progress=False)
        lexical_hits += any(holds_gold(chunks[int(i)], item["gold_quote"]) for i in docs[0])
    return {
        "dense": _rate(dense_hits, len(answerable)),
        "bm25": _rate(lexical_hits, len(answerable)),
        "chunks": len(chunks),
    }


def _cached_vectors(texts: list[str], embedder, answerer: RankedAnswerer) -> np.ndarray:
    """Recipe chunks are embedded once and kept in the store's vector cache."""
    from .storage.catalog import VectorCache

    store = answerer.retriever.store_path
    if store is None:
        return embedder.embed_passages(texts)
    cache = VectorCache(Path(store) / "vectors.sqlite", embedder.name)
    try:
        return cache.embed(texts, embedder)[0]
    finally:
        cache.close()


def format_report(report: dict, verbose: bool = False) -> str:
    spread = report.get("range", {})

    def within(key: str) -> str:  # the range over repeated cross-validations
        if key not in spread:
            return ""
        low, high = spread[key]
        show = _number if key in ("out_of_corpus_refused", "false_refusals") else "{:.3f}".format
        return f" (da {show(low)} a {show(high)})"

    repeats = f", ripetuta {report['repeats']} volte con parti diverse: medie" if report.get("repeats") else ""
    lines = [
        f"Domande: {report['questions']}"
        + (
            f" (validazione incrociata a {report['cross_validated']} parti{repeats})"
            if report.get("cross_validated")
            else ""
        ),
        f"Citazioni corrette (il passaggio citato contiene la frase attesa): {report['citation_hit_rate']}"
        + within("citation_hit_rate"),
        f"Fatti chiave presenti nella risposta: {report['key_fact_recall']}" + within("key_fact_recall"),
        f"Domande fuori dai documenti rifiutate: {report['out_of_corpus_refused']}" + within("out_of_corpus_refused"),
        f"Rifiuti sbagliati: {_number(report['false_refusals'])}" + within("false_refusals"),
        f"Latenza p50 / p95: {report['latency_ms_p50']} ms / {report['latency_ms_p95']} ms",
    ]
    if "generative" in report:
        g = report["generative"]
        lines.append(
            f"Modello {g['model']}: risposte scritte {g['written']}, ripiegate sull'estratto {g['fallbacks']}; "
            f"frasi verificate {g['sentences_kept']}/{g['sentences']} ({g['kept_share']})"
        )
    if "recipe_recall_at_5" in report:
        r = report["recipe_recall_at_5"]
        lines.append(f"Ricetta di confronto, frase attesa nei primi 5: denso {r['dense']}, BM25 {r['bm25']}")
    if verbose:
        for row in report["items"]:
            miss = (row["answerable"] and (not row["citation_hit"] or row["missing_facts"] or row["refused"])) or (
                not row["answerable"] and not row["refused"]
            )
            if miss:
                lines.append("")
                lines.append(f"[{row['id']}] {row['question']}")
                lines.append(f"  atteso: {row['gold_locator'] or '(rifiuto)'}; citati: {row['locators']}")
                if row["missing_facts"]:
                    lines.append(f"  fatti mancanti: {row['missing_facts']}")
                lines.append("  risposta: " + row["answer"].replace("\n", "\n            ")[:600])
    return "\n".join(lines)
