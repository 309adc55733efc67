"""A verb agrees with its subject: when a follow-up puts another subject in the last question
("a cosa si impegnano i sindacati?" then "e il Comune?"), the verb before it takes its number:
"a cosa si impegna il Comune?". Present tense, third person, the verb right before the subject,
as a question puts it; a subject whose number its article does not tell leaves the verb as it is."""

from __future__ import annotations

import re

PLURAL_ARTICLES = frozenset("i gli le".split())
SINGULAR_ARTICLES = frozenset("il lo la l un uno una".split())
# the irregular ones, singular -> plural
IRREGULAR = {
    "è": "sono",
    "e'": "sono",
    "ha": "hanno",
    "fa": "fanno",
    "va": "vanno",
    "sta": "stanno",
    "dà": "danno",
    "deve": "devono",
    "può": "possono",
    "vuole": "vogliono",
}
TO_SINGULAR = {p: s for s, p in IRREGULAR.items() if s != "e'"}
# a word that ends like a verb but is not one, next to a subject: "a Milano" ("piano" is too short
# to be read as a plural)
NOT_VERBS = frozenset(["milano"])
COPULA = frozenset("è e' sono".split())
ASKS_WHO = re.compile(r"^\W*(?:\w+\s+)?chi\b", re.IGNORECASE)  # "chi …", "da chi …", "a chi …"


def plural(phrase: str) -> bool | None:
    """True for "i sindacati", False for "il Comune" and "l'Assemblea", None when its first word
    is no article ("CGIL", "Sesto")."""
    first = re.split(r"[\s'’]+", phrase.strip().lower(), maxsplit=1)[0]
    if first in PLURAL_ARTICLES:
        return True
    if first in SINGULAR_ARTICLES:
        return False
    return None


def in_number(verb: str, to_plural: bool) -> str:
    """'impegnano' -> 'impegna' (to singular), 'riunisce' -> 'riuniscono' (to plural); the word
    as it is when it does not read as a third person of the present."""
    low = verb.lower()
    if to_plural:
        if low in IRREGULAR:
            out = IRREGULAR[low]
        elif low.endswith("a") and len(low) > 3:
            out = low + "no"
        elif low.endswith("e") and len(low) > 3:
            out = low[:-1] + "ono"
        else:
            return verb
    else:
        if low in TO_SINGULAR:
            out = TO_SINGULAR[low]
        elif low in NOT_VERBS:
            return verb
        elif low.endswith("ano") and len(low) > 5:
            out = low[:-2]
        elif low.endswith("ono") and len(low) > 5:
            out = low[:-3] + "e"
        else:
            return verb
    return out[0].upper() + out[1:] if verb[:1].isupper() else out


def replace_subject(sentence: str, old: str, new: str) -> str:
    """`sentence` with `old` replaced by `new` (once), the verb right before it ("a cosa si
    impegnano i sindacati") put in the number of `new` when the two differ. Not after "chi …":
    there "chi" is the subject and the phrase the verb's object ("chi coordina la cabina?"),
    unless the verb is "to be" ("chi è il presidente?")."""
    at = sentence.find(old)
    if at < 0:
        return sentence
    before, after = sentence[:at], sentence[at + len(old) :]
    was, now = plural(old), plural(new)
    verb = re.search(r"(\w+)(\s+)$", before)
    if verb and was is not None and now is not None and was != now:
        if not ASKS_WHO.match(before) or verb.group(1).lower() in COPULA:
            before = before[: verb.start(1)] + in_number(verb.group(1), now) + verb.group(2)
    return before + new + after
