"""One-time form tokens: a form that creates something does so once, however often it is sent.

A double click, a reload of the answer, or the back button and "send again" all post the same
form twice. The page hands out a random token with the form (kept in the session, so only a
token this login was given is accepted) and the service derives the new record's id from it.
The database's primary key then makes the second insert fail whatever the timing, in one
process or several, on SQLite and PostgreSQL alike: no lock and no extra table are needed. The
second request finds the record the first one made and answers with it.

The id is an HMAC of the token and the user's id under the secret key, so it is as unguessable
as a random UUID and cannot be chosen by the client.
"""

import secrets
import uuid

from django.utils.crypto import salted_hmac

SESSION_KEY = "boligplan_form_tokens"
FIELD = "form_token"
# Enough for the forms of a few tabs; the oldest tokens are forgotten first.
KEPT_PER_PURPOSE = 20


def issue(request, purpose: str) -> str:
    """A new token for a form of `purpose`, remembered in the session."""
    token = secrets.token_urlsafe(24)
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[purpose] = [*tokens.get(purpose, []), token][-KEPT_PER_PURPOSE:]
    request.session[SESSION_KEY] = tokens
    return token


def was_issued(request, purpose: str, token: str) -> bool:
    return bool(token) and token in request.session.get(SESSION_KEY, {}).get(purpose, [])


def record_id(purpose: str, user, token: str) -> uuid.UUID:
    """The id the record made by this form submission gets: the same for every resend."""
    digest = salted_hmac(f"boligplan.core.once.{purpose}", f"{user.pk}:{token}", algorithm="sha256").digest()
    return uuid.UUID(bytes=digest[:16], version=4)
