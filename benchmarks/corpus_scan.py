"""Render documents of the corpus as scans: each page's lines drawn in an image (DejaVu, or
Pillow's own font where the system has none), turned a little, blurred and speckled, saved as a PDF of images only (no
text layer), so that OCR and the answers over it can be measured.
`python -m benchmarks.corpus_scan corpus OUT_DIR [FILE.md ...]` (default: every file but the
longest); the other documents of the corpus are rendered as text PDFs (corpus_pdf), the manifest
beside them."""

from __future__ import annotations

import json
import random
import re
import sys
import textwrap
from pathlib import Path

from ingest.tables import cell_text

from .corpus_pdf import FONT
from .corpus_pdf import render as render_pdf

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN, LINE, FONT_SIZE, CHARS = 110, 52, 30, 60
LINES_PER_PAGE = 28


def scanned_pdf(path: Path, pages: list[list[str]], angle: float = 1.2, seed: int = 0) -> Path:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    # DejaVu where the system has it (Pillow's own font lacks the accented letters: "à" came out of
    # the OCR as "£"); Pillow's own font elsewhere
    font = ImageFont.truetype(str(FONT), FONT_SIZE) if FONT.exists() else ImageFont.load_default(size=FONT_SIZE)
    noise = random.Random(seed)
    images = []
    for n, lines in enumerate(pages):
        image = Image.new("L", (WIDTH, HEIGHT), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((MARGIN, 150 + i * LINE), line, font=font, fill=20)
        for _ in range(1500):  # specks
            draw.point((noise.randrange(WIDTH), noise.randrange(HEIGHT)), fill=noise.randrange(100, 200))
        turned = image.rotate(angle if n % 2 == 0 else -angle / 2, resample=Image.Resampling.BICUBIC, fillcolor=255)
        images.append(turned.filter(ImageFilter.GaussianBlur(0.7)))
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


def page_lines(markdown: str) -> list[list[str]]:
    """The text as a typist would set it: paragraphs wrapped, a blank line between them, pages cut."""
    lines: list[str] = []
    for para in re.split(r"\n\s*\n", markdown):
        for raw in para.split("\n"):
            raw = " ".join(cell_text(c) for c in raw.split("\t")) if "\t" in raw else raw
            raw = re.sub(r"</?[a-zA-Z][^>]*>", "", raw).replace("**", "").lstrip("# ").strip()
            lines += textwrap.wrap(raw, CHARS) if raw else []
        lines.append("")
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("uso: python -m benchmarks.corpus_scan CARTELLA_CORPUS CARTELLA_USCITA [FILE.md ...]", file=sys.stderr)
        return 2
    src, out = Path(args[0]), Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(src.glob("*.md"))
    scanned = set(args[2:]) or {f.name for f in files} - {max(files, key=lambda f: f.stat().st_size).name}
    manifest = (
        json.loads((src / "manifest.json").read_text(encoding="utf-8")) if (src / "manifest.json").exists() else {}
    )
    documents = {}
    for f in files:
        target = out / f.with_suffix(".pdf").name
        entry = manifest.get("documents", {}).get(f.name, {})
        if f.name in scanned:
            pages = page_lines(f.read_text(encoding="utf-8"))
            scanned_pdf(target, pages, seed=len(documents))
            print(f"{target.name}: scansione di {len(pages)} pagine")
        else:
            render_pdf(f, target, entry.get("title", f.stem))
            print(f"{target.name}: PDF con testo")
        if entry:
            documents[target.name] = entry
    if documents:
        (out / "manifest.json").write_text(json.dumps({"documents": documents}, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
