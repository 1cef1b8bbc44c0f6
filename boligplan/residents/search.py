"""Finding a resident of one's own shelter by name, initials, part of a name or birth year.

Names are encrypted at rest (core/crypto.py), so the database cannot compare them. The search
reads the names of one shelter's residents, decrypts them in this process and compares them
here (ADR 0017: why not a keyed blind index). The text searched for is never stored, logged or
put in a URL: the form is posted, and the audit row says only that a search was made.
"""

import re
import unicodedata
from dataclasses import dataclass

# More matches than this and the list says "write more"; a search is for finding one person.
MAX_MATCHES = 50

_BIRTH_YEAR = re.compile(r"^(19|20)\d\d$")


def _fold(text: str) -> str:
    """Lower case, accents kept apart from their letters (so "e" finds "é"), Norwegian letters kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(char for char in decomposed if not unicodedata.combining(char) or char == "\u030a")
    return unicodedata.normalize("NFC", kept)


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[^\w]+", _fold(text)) if word]


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # every word must start a word of the name, or be its initials
    birth_year: int | None

    @classmethod
    def parse(cls, text: str) -> "Query":
        words, year = [], None
        for part in text.split():
            if _BIRTH_YEAR.match(part):
                year = int(part)
            else:
                words.extend(_words(part))
        return cls(words=tuple(words), birth_year=year)

    @property
    def empty(self) -> bool:
        return not self.words and self.birth_year is None


def name_matches(query: Query, name: str) -> bool:
    """Whether a name fits the words searched for.

    Each word must be the start of a word in the name ("ton" finds "Tone Hansen"), or a run of
    initials ("th" and "T.H." find "Tone Hansen", and a name stored as initials, "T.H.").
    """
    name_words = _words(name)
    initials = "".join(word[0] for word in name_words)
    for word in query.words:
        if any(name_word.startswith(word) for name_word in name_words):
            continue
        if len(word) >= 2 and word in initials:
            continue
        return False
    return True


def matching_resident_ids(residents, query: Query) -> list:
    """The ids of the residents (id, display_name, birth_year) that fit the query, at most MAX_MATCHES + 1."""
    found = []
    for resident_id, name, birth_year in residents:
        if query.birth_year is not None and birth_year != query.birth_year:
            continue
        if query.words and not name_matches(query, name):
            continue
        found.append(resident_id)
        if len(found) > MAX_MATCHES:
            break
    return found
