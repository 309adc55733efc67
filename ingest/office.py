"""OpenDocument text (.odt, LibreOffice's and the public administration's default) and HTML pages
saved from a browser -> the Markdown-like lines the cleaner reads: "# " headings, "- " list items,
table rows with tab-separated cells, paragraphs between blank lines.

Both read the markup with lxml (a dependency of python-docx) without resolving entities or
reaching the network; a zip whose parts would decompress past ZIP_LIMIT is refused before it is
opened (a zip bomb)."""

from __future__ import annotations

import io
import re
import zipfile

from assistant.core.errors import UnreadableFile

ZIP_LIMIT = 200 * 1024 * 1024  # bytes a document's zip may decompress to
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def checked_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The zip of a DOCX or ODT, refused when it is not one or would decompress past ZIP_LIMIT."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(f"{what} danneggiato o non valido") from exc
    if total > ZIP_LIMIT:
        raise UnreadableFile(
            f"{what} sospetto: si espanderebbe a {total // (1024 * 1024)} MB (limite {ZIP_LIMIT // (1024 * 1024)} MB)"
        )
    return archive


def _out_of_memory(exc: Exception) -> bool:
    """lxml says an allocation that failed as a syntax error ("unknown error", ERR_NO_MEMORY)."""
    return "NO_MEMORY" in str(getattr(exc, "error_log", "")) or "memory" in str(exc).lower()


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


# ------------------------------------------------------------------ ODT
def _tag(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    for prefix, uri in ODF.items():
        if tag.startswith("{" + uri + "}"):
            return f"{prefix}:{tag[len(uri) + 2 :]}"
    return tag


def _odf_text(element) -> str:
    """The text of a paragraph or heading: spans followed, <text:s c="3"/> as spaces, tabs and
    line breaks kept, notes left out."""
    parts = [element.text or ""]
    for child in element:
        tag = _tag(child)
        if tag == "text:s":
            parts.append(" " * int(child.get(f"{{{ODF['text']}}}c", "1") or 1))
        elif tag == "text:tab":
            parts.append("\t")
        elif tag == "text:line-break":
            parts.append("\n")
        elif tag not in ("text:note", "office:annotation"):
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_lines(element, lines: list[str], in_list: bool = False) -> None:
    for child in element:
        tag = _tag(child)
        if tag == "text:h":
            lines.extend(["", "# " + " ".join(_odf_text(child).split()), ""])
        elif tag == "text:p":
            text = _odf_text(child).strip()
            lines.extend(["- " + text] if in_list and text else [text, ""])
        elif tag in ("text:list", "text:list-item"):
            _odf_lines(child, lines, in_list=True)
        elif tag == "table:table":
            lines.append("")
            for row in child.iter(f"{{{ODF['table']}}}table-row"):
                cells = [
                    " ".join(_odf_text(p).strip() for p in cell.iter(f"{{{ODF['text']}}}p")).replace("\n", " ")
                    for cell in row.iter(f"{{{ODF['table']}}}table-cell")
                ]
                if any(cells):
                    lines.append("\t".join(cells))
            lines.append("")
        elif tag in ("text:section", "office:text", "text:list-header"):
            _odf_lines(child, lines, in_list)


def odt_text(data: bytes) -> str:
    from lxml import etree

    archive = checked_zip(data, "file ODT")
    try:
        content = archive.read("content.xml")
    except KeyError as exc:
        raise UnreadableFile("file ODT senza content.xml: non è un documento OpenDocument di testo") from exc
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        if _out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        raise UnreadableFile(f"file ODT danneggiato (XML non valido alla riga {exc.lineno})") from exc
    body = root.find(f"{{{ODF['office']}}}body/{{{ODF['office']}}}text")
    if body is None:
        raise UnreadableFile("il file ODT non contiene un documento di testo (foglio di calcolo o presentazione?)")
    lines: list[str] = []
    _odf_lines(body, lines)
    return "\n".join(lines)


# ------------------------------------------------------------------ HTML
SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "head",
}
BLOCKS = {
    "p", "div", "section", "article", "main", "blockquote", "address", "pre", "dd", "dt", "figcaption",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "body", "hr",
}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


class _Flow:
    """Lines of a page: text gathers until a block ends, then becomes a paragraph or an item."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.words: list[str] = []
        self.item = False

    def flush(self) -> None:
        text = " ".join("".join(self.words).split())
        if text:
            self.lines.extend(["- " + text] if self.item else [text, ""])
        self.words, self.item = [], False

    def walk(self, element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in SKIPPED or not tag:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.lines.extend(["", "#" * int(tag[1]) + " " + " ".join(element.text_content().split()), ""])
            return
        if tag == "tr":
            self.flush()
            cells = [
                " ".join(c.text_content().split()) for c in element if isinstance(c.tag, str) and c.tag in ("td", "th")
            ]
            if any(cells):
                self.lines.append("\t".join(cells))
            return
        if tag == "br":
            self.words.append("\n")
            return
        if tag == "li" or tag in BLOCKS:
            self.flush()
            self.item = tag == "li"
            if tag in ("ul", "ol", "table") and self.lines and self.lines[-1]:
                self.lines.append("")  # a list or a table stands apart from what precedes it
        self.words.append(element.text or "")
        for child in element:
            self.walk(child)
            if child.tail:
                self.words.append(child.tail)
        if tag == "li" or tag in BLOCKS:
            self.flush()
            if tag in ("ul", "ol", "table") and self.lines and self.lines[-1]:
                self.lines.append("")


def html_text(data: bytes, decode) -> str:
    """`decode`: how bytes without a declared charset become text (readers.decode_text)."""
    from lxml import html as lxml_html

    declared = _CHARSET.search(data[:4096])
    try:
        text = data.decode(declared.group(1).decode("ascii")) if declared else decode(data)
    except (LookupError, UnicodeDecodeError):
        text = decode(data)
    try:
        root = lxml_html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError, ValueError … on garbage
        if _out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        raise UnreadableFile(f"pagina HTML illeggibile ({type(exc).__name__})") from exc
    flow = _Flow()
    title = root.findtext(".//title")
    if title and title.strip():
        flow.lines.extend(["# " + " ".join(title.split()), ""])
    body = root.find("body")
    flow.walk(body if body is not None else root)
    flow.flush()
    return "\n".join(flow.lines)
