"""Bad input on the safety pages: 400, the message by the field and in the summary, the input kept,
nothing saved, never a 500."""

import re

import pytest
from django.utils.html import escape

from boligplan.safety import services
from tests.helpers import data_snapshot, write_audit_count
from tests.safety.helpers import (
    DAY,
    checklist_url,
    measure_create_url,
    measure_edit_url,
    measure_values,
    post_data,
    safe_return_url,
)

# --- Bad input: 400, message by the field and in the summary, input kept, nothing saved. --------

LONG_REASON = "Grunn " + "g" * 1995  # 2001 characters


LONG_NOTE = "Merknad " + "m" * 493  # 501 characters


BAD = [
    # (id, url, data, field, expected message part, text that must be kept)
    ("measure-unknown-kind", measure_create_url, {"kind": "romferd"}, "kind", None, None),
    ("measure-unknown-status", measure_create_url, {"status": "kanskje"}, "status", None, None),
    ("measure-garbage-date", measure_create_url, {"decided_on": "i går"}, "decided_on", None, "i går"),
    ("measure-granted-without-decision", measure_create_url, {"decided_on": ""}, "decided_on", "avgjort", None),
    ("measure-decided-in-future", measure_create_url, {"decided_on": "+3"}, "decided_on", "fram i tid", None),
    ("measure-expires-before-start", measure_create_url, {"expires_on": "-10"}, "expires_on", "før det", None),
    ("measure-beyond-legal-maximum", measure_create_url, {"expires_on": "+400"}, "expires_on", "høyst ett år", None),
    ("measure-absurd-year", measure_create_url, {"expires_on": "2999-01-01"}, "expires_on", None, None),
    ("measure-long-note", measure_create_url, {"note": LONG_NOTE}, "note", None, LONG_NOTE),
    ("measure-edit-expired-in-future", measure_edit_url, {"status": "utlopt"}, "expires_on", "utløpt", None),
    ("measure-edit-long-note", measure_edit_url, {"note": LONG_NOTE}, "note", None, LONG_NOTE),
    ("safe-return-long-reason", safe_return_url, {"reason": LONG_REASON}, "reason", None, LONG_REASON),
    (
        "safe-return-locks-without-date",
        safe_return_url,
        {"locks_changed": "byttet"},
        "locks_changed_on",
        "byttet",
        None,
    ),
    (
        "safe-return-locks-in-future",
        safe_return_url,
        {"locks_changed": "byttet", "locks_changed_on": "+2"},
        "locks_changed_on",
        "fram i tid",
        None,
    ),
    ("safe-return-unknown-choice", safe_return_url, {"conclusion": "tja"}, "conclusion", None, None),
    (
        "safe-return-complete-without-conclusion",
        safe_return_url,
        {"complete": "1", "reason": "Behold meg"},
        "conclusion",
        "fullføres",
        "Behold meg",
    ),
    (
        "checklist-note-without-answer",
        checklist_url,
        {"note_innsyn": "Behold notatet"},
        "answer_innsyn",
        "Velg et svar",
        "Behold notatet",
    ),
    ("checklist-unknown-answer", checklist_url, {"answer_innsyn": "kanskje"}, "answer_innsyn", None, None),
    (
        "checklist-long-note",
        checklist_url,
        {"answer_innsyn": "ok", "note_innsyn": LONG_NOTE},
        "note_innsyn",
        None,
        LONG_NOTE,
    ),
]


@pytest.fixture
def bad_ctx(make_stay, kari, today):
    stay = make_stay(display_name="Berta Beboer", days_ago=10)
    measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
    return {"stay": stay, "measure": measure, "today": today}


def _resolve(value, today):
    if isinstance(value, str) and re.fullmatch(r"[+-]\d+", value):
        return (today + int(value) * DAY).isoformat()
    return value


@pytest.mark.parametrize(("bad_id", "url", "data", "field", "message", "kept"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_kept_and_explained(client_for, kari, bad_ctx, bad_id, url, data, field, message, kept):
    today = bad_ctx["today"]
    base = {}
    if url in (measure_create_url, measure_edit_url):
        base = post_data(measure_values(today))
    data = base | {name: _resolve(value, today) for name, value in data.items()}
    before, writes_before = data_snapshot(), write_audit_count()

    response = client_for(kari).post(url(bad_ctx), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert data_snapshot() == before
    assert write_audit_count() == writes_before
    summary = content.split('class="ds-error-summary"', 1)[1].split("</div>", 1)[0]
    # A radio group is linked through its first radio.
    assert re.search(rf'href="#id_{field}(_0)?"', summary)
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    if message:
        assert any(message in error for error in form.errors[field]), form.errors[field]
    for error in form.errors[field]:
        assert escape(error) in summary
        assert f'id="id_{field}_error">{escape(error)}</p>' in content
    if kept:
        assert escape(kept) in content


def test_the_bad_input_list_covers_every_form():
    assert {url for _, url, *_ in BAD} == {measure_create_url, measure_edit_url, safe_return_url, checklist_url}


def test_garbage_version_and_huge_posts_are_400_not_500(client_for, kari, bad_ctx):
    client = client_for(kari)
    for url in (measure_create_url, measure_edit_url, safe_return_url, checklist_url):
        response = client.post(url(bad_ctx), {"version": "x", "version_innsyn": "-4", "kind": "a" * 10_000})
        assert response.status_code == 400
