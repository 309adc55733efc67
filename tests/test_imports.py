"""The layers import one way: no module imports, even lazily, one that imports it back; the
reading side (ingest/) builds on the records and the store only, never on the answering side;
the product never imports the benchmarks."""

import re
from pathlib import Path

from ingest.fingerprint import imports_in

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "ingest", "benchmarks")
# what ingest/ may take from assistant/: the records and words (core), the store (storage)
CORE, STORAGE = "assistant.core", "assistant.storage"
BELOW = {CORE: (CORE,), STORAGE: (CORE, STORAGE)}  # what each of those imports in turn


def within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path, known: set[str]) -> set[str]:
    """The project's modules `path` imports anywhere in its text (inside functions too): what the
    ingest's fingerprints follow (ingest/fingerprint.py), each name narrowed to a known module."""
    name = module_name(path, root)
    found: set[str] = set()
    for target in imports_in(path, root):
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = [p for pkg in PACKAGES if (root / pkg).is_dir() for p in (root / pkg).rglob("*.py")]
    known = {module_name(p, root) for p in files}
    return {module_name(p, root): imports_of(p, root, known) - set(PACKAGES) for p in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_ingest_builds_on_the_records_and_the_store_only():
    wrong = {
        (m, t)
        for m, targets in graph().items()
        if m.startswith("ingest")
        for t in targets
        if t.startswith("assistant") and not within(t, CORE, STORAGE)
    }
    assert wrong == set()


def test_core_and_storage_do_not_reach_up():
    """The core imports only itself; the storage the core and itself: neither ingest/ nor the
    answering side."""
    wrong = {
        (m, t)
        for m, targets in graph().items()
        for layer, allowed in BELOW.items()
        if within(m, layer)
        for t in targets
        if not within(t, *allowed)
    }
    assert wrong == set()


def test_the_product_never_imports_the_benchmarks():
    wrong = {
        (m, t) for m, ts in graph().items() if not m.startswith("benchmarks") for t in ts if t.startswith("benchmarks")
    }
    assert wrong == set()


def test_the_checks_see_a_cycle_and_a_lazy_import(tmp_path):
    """The walk itself: a cycle closed by an import inside a function is found."""
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "ingest" / "a.py").write_text("from .b import x\n")
    (tmp_path / "ingest" / "b.py").write_text("def x():\n    from ingest import c\n")
    (tmp_path / "ingest" / "c.py").write_text("from . import a\nfrom assistant.answer import y\n")
    (tmp_path / "assistant" / "answer.py").write_text("y = 1\n")
    edges = graph(tmp_path)
    assert cycles(edges) == [["ingest.a", "ingest.b", "ingest.c"]]
    assert "assistant.answer" in edges["ingest.c"]


def test_the_readme_layout_names_every_module():
    """README's Layout section names each source file, so the map a newcomer reads is the tree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") : readme.index("## Benchmarks")]
    named = set(re.findall(r"[\w]+\.py", layout))
    files = {p.name for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if p.name != "__init__.py"}
    assert files - named == set()
