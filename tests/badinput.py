"""The shape of the bad-input tables and the one check every row gets (each app's
tests/<app>/test_bad_input.py holds its own table): a 400, a message next to the field and in the
summary at the top, the user's input kept, nothing saved, never a 500. The case the rows are
posted against is the `bad_input_ctx` fixture (tests/conftest.py)."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape

from tests.helpers import data_snapshot, write_audit_count


def day(date: datetime.date, offset: int) -> str:
    return (date + datetime.timedelta(days=offset)).isoformat()


@dataclass(frozen=True)
class Bad:
    """One bad submission: where, what, which field complains, and what the page must keep."""

    id: str
    url: Callable
    data: Callable
    field: str
    message: str | Callable | None  # None: Django's own message, read from the form
    kept: Callable = lambda c: []
    form_key: str = "form"
    extra: dict = field(default_factory=dict)


def stay_url(name):
    return lambda c: reverse(name, kwargs={"stay_id": c.stay.pk})


def refused_kept_and_explained(client, ctx, bad: Bad) -> None:
    before, writes_before = data_snapshot(), write_audit_count()

    response = client.post(bad.url(ctx), bad.data(ctx))

    assert response.status_code == 400  # a 500 would raise in the test client before this line
    content = response.content.decode()
    # Nothing saved, not even half of it.
    assert data_snapshot() == before
    assert write_audit_count() == writes_before
    # The summary at the top, linking to the field.
    assert 'class="ds-error-summary"' in content
    summary = content.split('class="ds-error-summary"', 1)[1].split("</div>", 1)[0]
    # A group of radios or checkboxes is linked through its first input, which can take focus.
    assert re.search(rf'href="#id_{bad.field}(_0)?"', summary)
    # The message, next to the field and in the summary.
    form = response.context[bad.form_key]
    assert form.errors.get(bad.field), f"no error on {bad.field}: {form.errors}"
    expected = bad.message(ctx) if callable(bad.message) else bad.message
    messages = [expected] if expected else form.errors[bad.field]
    if expected:
        assert expected in form.errors[bad.field]
    for message in messages:
        assert escape(message) in summary
        assert f'id="id_{bad.field}_error">{escape(message)}</p>' in content
    # What the user typed is still there.
    for kept in bad.kept(ctx):
        if isinstance(kept, re.Pattern):
            assert kept.search(content), f"{kept.pattern} not in page"
        else:
            assert kept in content, f"{kept[:60]} not in page"


IN_FUTURE = "Datoen kan ikke være fram i tid."
BEFORE_ARRIVAL = "Datoen kan ikke være før ankomstdatoen."


def dates_outside_the_stay(
    prefix: str, url: Callable, data: Callable, field: str, *, kept: str, before: int, ahead: int
) -> list[Bad]:
    """The two rows of the rule every dated entry of a stay follows (residents/rules.py,
    core/forms.not_in_future): a date `before` days before arrival is refused, and so is one
    `ahead` days in the future. Each keeps the date typed and the text `kept`.
    Ids: <prefix>-before-arrival and <prefix>-in-future."""

    def row(suffix: str, message: str, date: Callable) -> Bad:
        return Bad(
            f"{prefix}-{suffix}",
            url,
            lambda c: data(c, **{field: date(c)}),
            field,
            message,
            lambda c: [f'value="{date(c)}"', kept],
        )

    return [
        row("before-arrival", BEFORE_ARRIVAL, lambda c: day(c.arrival, -before)),
        row("in-future", IN_FUTURE, lambda c: day(c.today, ahead)),
    ]
