"""The language of a document written to someone other than the user (ADR 0024).

A resident's or a child's document is in the language asked for on its link (?lang=), among
those the document is offered in; without one, in the user's own Norwegian (nb or nn), else
bokmål. Never the user's English by accident: the resident may not read it.
"""

from django.utils import translation

NORWEGIAN = ("nb", "nn")


def document_language(asked: str | None, offered: tuple[str, ...]) -> str:
    if asked in offered:
        return asked
    current = translation.get_language()
    return current if current in NORWEGIAN and current in offered else "nb"
