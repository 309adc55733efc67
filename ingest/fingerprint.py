"""Which code a stage of ingest depends on, found by following its imports, and a fingerprint of
those files: a store parsed or extracted by older code is parsed or extracted again. No list kept
by hand, so a shared helper (assistant/core/query.py's fold, say) cannot be forgotten."""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the folder holding the packages
PACKAGES = ("ingest", "assistant")


def _module_file(name: str, root: Path) -> Path | None:
    parts = name.split(".")
    if parts[0] not in PACKAGES:
        return None
    as_file = root.joinpath(*parts).with_suffix(".py")
    if as_file.is_file():
        return as_file
    as_package = root.joinpath(*parts, "__init__.py")
    return as_package if as_package.is_file() else None


def imports_in(path: Path, root: Path) -> set[str]:
    """The modules a file imports, at any depth of the file (imports inside functions too), each
    `from m import x` as both m and m.x (x may be a module); relative imports made absolute."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # "from . import x"
    return found


def dependencies(module: str, root: Path = ROOT) -> list[Path]:
    """The files of `module` and of every project module it imports, directly or not, sorted."""
    start = _module_file(module, root)
    if start is None:
        raise ValueError(f"modulo sconosciuto: {module}")
    seen, todo = {start}, [start]
    while todo:
        for name in imports_in(todo.pop(), root):
            path = _module_file(name, root)
            if path is not None and path not in seen:
                seen.add(path)
                todo.append(path)
    return sorted(seen)


def fingerprint(*modules: str, root: Path = ROOT) -> str:
    """Changes when the code of these modules, or of anything they import, changes."""
    digest = hashlib.sha1()
    for path in sorted({p for m in modules for p in dependencies(m, root)}):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
