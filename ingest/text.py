"""Small text measures shared by the cleaning and structure steps."""

from __future__ import annotations

import html
import re

TERMINAL = (".", ";", ":", "!", "?", "»", "”", '"')  # how a sentence or a lead may end


# a sentence ends at a full stop before a capital (not "n. 7", "art. 5"; mask "OO.SS." first)
SENTENCE_END = re.compile(r"(?<!\bn)(?<!\bart)\.\s+(?=[A-ZÀ-Ý])")
_DOTTED = re.compile(r"\b(?:[A-Za-z]{1,3}\.){2,}")
ONE_DOT = "\u2024"  # a dot that ends no sentence


def mask_abbreviations(text: str) -> str:
    """`text` with the dots of dotted acronyms ("OO.SS.", "R.E.T.I.") made ONE_DOT, the same
    length, so that a sentence split or a clause pattern does not stop inside them."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ONE_DOT), text)


def first_sentence(text: str) -> str:
    """The first sentence of `text`, its full stop kept."""
    masked = mask_abbreviations(text)
    end = SENTENCE_END.search(masked)
    return text[: end.start() + 1] if end else text


def normalize(text: str) -> str:
    """Comparison key: lowercase letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


def upper_share(text: str) -> tuple[float, int]:
    """Share of upper-case letters among the letters of `text`, and how many letters it has."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0, 0
    return sum(c.isupper() for c in letters) / len(letters), len(letters)


def strip_markup(text: str) -> str:
    """Markdown emphasis, escapes, links and inline HTML out; entities decoded."""
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r"\1 (\2)", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = text.replace("**", "").replace("__", "")
    # single-asterisk emphasis: drop asterisks glued to a word on one side
    text = re.sub(r"(?<!\s)\*|\*(?!\s)", "", text)
    text = re.sub(r"\\([*_\[\]#.()!`-])", r"\1", text)
    text = html.unescape(text).replace("\xa0", " ")
    return re.sub(r"[ \t]{2,}", " ", text).strip()
