"""The per-shelter data version, and the cache keyed on it (ADR 0025).

Pages that every staff member asks for again and again (the overview's rows, the reminders,
the work queue's items, the dashboard's figures) are cached per shelter under the shelter's
current data version. Every write bumps that version in the same transaction as the write
(`bump`, called by the audit write that every write service makes), so the next page after a
write misses the cache and shows the change; nothing is ever invalidated by hand.

The version lives in the database (core.Shelter.data_version), not in the cache, so two app
servers with caches of their own still agree: a write through one moves the version the other
reads on its next page. A bump sets a fresh random number rather than adding one, so a version
seen inside a transaction that is later rolled back is never used again by a committed write.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import caches
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

# The cache alias (settings.CACHES) that holds the shelters' cached pages.
CACHE_ALIAS = "shelterdata"
# Entries of an old version are never read again; they just age out.
TIMEOUT_SECONDS = 60 * 60


# The model whose rows each have a version of their own (the stay: residents/apps.py registers it),
# moved by a write that names the row, so a page can rebuild only the rows a write touched.
_ROW_MODEL: type[models.Model] | None = None
ROW_VERSION_FIELD = "row_version"


def version_rows_of(model) -> None:
    """Give every row of `model` (the stay) a version that a write naming it moves (see `bump`)."""
    global _ROW_MODEL
    _ROW_MODEL = model


def bump(shelter_id, stay_id=None) -> None:
    """Move the shelter's data version: every cached page of the shelter is now stale.

    A write that names a stay also moves that stay's row version; one that names none (a setting,
    a member of staff, the directory) moves the shelter's shared version, which every row of the
    shelter is keyed on too. Call inside the transaction of the write, so the new versions and the
    change commit (or roll back) together, and before the audit chain's lock (audit_record).
    """
    if shelter_id is None:
        return
    from .models import Shelter

    version = secrets.randbits(62)
    if stay_id is None or _ROW_MODEL is None:
        Shelter.objects.filter(pk=shelter_id).update(data_version=version, shared_version=version)
        return
    # The stay's row first, then the shelter's: the order a service that edits the stay and then
    # writes its audit row takes them in (tests/audit/test_audit_lock_order.py).
    _ROW_MODEL._base_manager.filter(pk=stay_id).update(**{ROW_VERSION_FIELD: version})
    Shelter.objects.filter(pk=shelter_id).update(data_version=version)


def save_kwargs_keeping_versions(instance, kwargs: dict, names: Iterable[str]) -> dict:
    """`save()` arguments that never write the version columns back.

    The versions move only through `bump` (an UPDATE of that column alone): a copy of the row
    loaded before a bump and saved after it must not put the old version back, or a page cached
    under that old version would be served again.
    """
    if instance._state.adding or instance.pk is None or kwargs.get("force_insert"):
        return kwargs
    update_fields = kwargs.get("update_fields")
    if update_fields is None:
        update_fields = [field.name for field in instance._meta.concrete_fields if not field.primary_key]
    return {**kwargs, "update_fields": [name for name in update_fields if name not in names]}


def version_of(shelter_id) -> int | None:
    """The shelter's data version as committed now (one primary-key read)."""
    from .models import Shelter

    return Shelter.objects.filter(pk=shelter_id).values_list("data_version", flat=True).first()


def page_version(membership, shelter_id) -> int | None:
    """The shelter's data version as read with the account (accounts/fastpath.py loads the
    membership and its shelter in the request's first query), for a page that writes nothing;
    None when that is not the shelter asked about."""
    if membership is None or membership.shelter_id != shelter_id:
        return None
    return membership.shelter.data_version


def cached(
    shelter_id, part: str, build: Callable[[], T], *, vary: Iterable[object] = (), version: int | None = None
) -> T:
    """`build()`'s answer for the shelter, from the cache when the shelter's data has not moved.

    `part` names what is cached; `vary` holds whatever else the answer depends on (the day, the
    period). The language is always part of the key: cached answers hold translated text. The
    version is read before building, so an answer is never older than the version it is kept
    under.

    `version`: the version a page read with the account at the start of its request (see
    `page_version`), which saves a query; None reads it now. Only a request that has written
    nothing may pass it: after its own write, the version it read earlier would find the page of
    before the write.
    """
    if version is None:
        version = version_of(shelter_id)
    if version is None:
        return build()
    key = ":".join(str(piece) for piece in (part, shelter_id, version, get_language() or "", *vary))
    cache = caches[CACHE_ALIAS]
    found = cache.get(key)
    if found is not None:
        return found
    answer = build()
    cache.set(key, answer, TIMEOUT_SECONDS)
    return answer


# Cached HTML holds this where a form's CSRF token goes; `for_request` puts the token of the
# request being answered there. A token is per session and must never be served from a page
# built for someone else (ADR 0029). Random per process, so no typed text can predict it; the
# cache is per process too (ADR 0025), so the builder and the reader always agree on it.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"


def render_fragment(request, template: str, context: dict) -> str:
    """`template` rendered for `request`, ready to be cached: every CSRF token is the placeholder."""
    from django.template.loader import render_to_string

    return render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)


def for_request(request, html: str) -> SafeString:
    """Cached HTML (from `render_fragment`) with the current request's own CSRF token in its forms."""
    from django.middleware.csrf import get_token

    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308  # nosec B308 B703 - our own rendered template  # nosemgrep: mark-safe-on-data - escaped when rendered; the token is a URL-safe string
