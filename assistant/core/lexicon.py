"""Words of the domain: stems, administrative words, prepositions and articles, verb endings."""

from __future__ import annotations

import re

# the headings of an act's premises ("Visto", "Richiamati", "Premesso che" …): what they hold is
# cited, not agreed
RECITALS = (
    r"premessa|premesse|premesso(?: che)?|visto|visti|vista|viste|richiamat[oiae]|dato atto(?: che)?|"
    r"considerato(?: che)?|considerati|rilevato(?: che)?|convenuto(?: che)?|ritenuto(?: che)?|preso atto(?: che)?"
)
# a locator in the premises: "Richiamati", "Premesso che › …"
IN_PREMISES = re.compile(rf"^(?:{RECITALS})\b", re.IGNORECASE)

# the endings of Italian verb forms: infinitives, participles, gerunds, present and future
VERB_FORM = re.compile(
    r"(?:are|ere|ire|isce|iscono|ato|ata|ati|ate|ito|ita|iti|ite|uto|uta|uti|ute|ando|endo|iamo|ano|ono|ava|avano|"
    r"eva|evano|ebbe|ranno|rà)$"
)


def verb_like(word: str, text: str) -> bool:
    """A folded word of `text` that ends as a verb form does ("firmato", "aderire"), unless the
    text writes it with an accent on its last letter, as the nouns in -tà are: folded, "priorità"
    ends as "finita" does."""
    if not VERB_FORM.search(word):
        return False
    accented = re.findall(r"[a-zà-ÿ]+[àèéìòù](?![a-zà-ÿ])", text.lower())
    return not any(_unaccent(w) == word for w in accented)


def _unaccent(word: str) -> str:
    return word.translate(str.maketrans("àèéìòù", "aeeiou"))


# the prepositions, simple and joined to an article ("della", "nell'"), and the words that, with an
# article, make one ("prima della", "dopo la"): a noun after them is a complement
PREPOSITIONS = frozenset(
    "di a ad da in con su per tra fra "
    "del dello della dei degli delle dell' al allo alla ai agli alle all' dal dallo dalla dai dagli dalle dall' "
    "nel nello nella nei negli nelle nell' sul sullo sulla sui sugli sulle sull' col coi".split()
)
BEFORE_ARTICLE = frozenset("prima dopo oltre entro durante senza verso fino".split())
ARTICLES = frozenset("il lo la i gli le l' un uno una un'".split())
DETERMINERS = frozenset("quale quali quanti quante".split())  # "quali incontri", "quante persone"


def complements(text: str) -> set[str]:
    """The words of a folded text right after an article, a preposition or "quali" ("per gli
    anziani", "sulla casa", "quali incontri"), past a "non" that makes one noun with them ("sulla
    non autosufficienza"): nouns, as a verb never is there ("cosa chiede l'avviso")."""
    tokens = re.findall(r"[a-z0-9]+'?", text)
    before_noun = ARTICLES | PREPOSITIONS | DETERMINERS
    out = set()
    for i, before in enumerate(tokens[:-1]):
        if before in before_noun:
            j = i + 2 if tokens[i + 1] == "non" and i + 2 < len(tokens) else i + 1
            out.add(tokens[j].rstrip("'"))
    return out


# capitalised in questions, but not names of a specific body or place
ADMIN_WORDS = set("comune comuni ambito ambiti sindaco sindaci regione stato provincia distretto citta".split())


STEM_CAP = 6  # letters of a stem kept (see stemmer)


def stemmer():
    import Stemmer

    stem = Stemmer.Stemmer("italian").stemWord
    cache: dict[str, str] = {}

    def run(word: str) -> str:
        # Italian derivations share their first letters more reliably than their stems
        # (coinvolte / coinvolgimento, organizzato / organizzazione): cap stems at 6 letters.
        if word not in cache:
            cache[word] = stem(word)[:STEM_CAP]
        return cache[word]

    return run
