"""Bad input on the notification form's letter fields: 400, the message next to the field and in
the summary, the input kept, nothing saved (the pattern of tests/badinput.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from boligplan.housing import services as housing_services
from tests.helpers import data_snapshot, write_audit_count


@pytest.fixture
def ctx(make_stay, kari, today):
    stay = make_stay(display_name="Berta Beboer", days_ago=10)
    notification = housing_services.notification_record(
        actor=kari,
        stay=stay,
        values={"agency": "nav", "sent_on": stay.arrival_date, "channel": "telefon", "request": "Første"},
    )
    return stay, notification


def day(date: datetime.date, offset: int) -> str:
    return (date + datetime.timedelta(days=offset)).isoformat()


def data(stay, today, **changes):
    base = {
        "agency": "nav",
        "letter_to": "NAV Fjordby",
        "municipality": "Fjordby",
        "sent_on": day(stay.arrival_date, 2),
        "channel": "brev",
        "request": "Ba om hjelp til bolig",
        "consent_given": "on",
        "consent_on": day(stay.arrival_date, 1),
        "follow_up_on": day(stay.arrival_date, 9),
        "answer": "",
        "answered_on": "",
    }
    return {key: value for key, value in (base | changes).items() if value is not None}


BAD = [
    # (id, changes, field, message, kept)
    (
        "follow-up-before-sent",
        lambda s, t: {"follow_up_on": day(s.arrival_date, 1)},
        "follow_up_on",
        "Purredatoen kan ikke være før henvendelsen ble sendt.",
        lambda s, t: [f'value="{day(s.arrival_date, 1)}"'],
    ),
    (
        "follow-up-absurdly-late",
        lambda s, t: {"follow_up_on": day(t, 800)},
        "follow_up_on",
        "Purredatoen kan ikke være mer enn ett år fram i tid.",
        lambda s, t: [f'value="{day(t, 800)}"'],
    ),
    (
        "follow-up-garbage",
        lambda s, t: {"follow_up_on": "neste uke"},
        "follow_up_on",
        None,
        lambda s, t: ['value="neste uke"'],
    ),
    (
        "consent-in-future",
        lambda s, t: {"consent_on": day(t, 3)},
        "consent_on",
        "Datoen kan ikke være fram i tid.",
        lambda s, t: [f'value="{day(t, 3)}"'],
    ),
    (
        "consent-before-arrival",
        lambda s, t: {"consent_on": day(s.arrival_date, -1)},
        "consent_on",
        "Samtykket kan ikke være gitt før ankomstdatoen.",
        lambda s, t: [f'value="{day(s.arrival_date, -1)}"'],
    ),
    (
        "consent-without-date",
        lambda s, t: {"consent_on": ""},
        "consent_on",
        "Skriv når beboeren ga samtykke.",
        lambda s, t: ["checked"],
    ),
    (
        "consent-date-without-consent",
        lambda s, t: {"consent_given": None},
        "consent_given",
        "Kryss av for samtykke, eller fjern datoen for samtykket.",
        lambda s, t: [f'value="{day(s.arrival_date, 1)}"'],
    ),
    (
        "letter-to-too-long",
        lambda s, t: {"letter_to": "K" * 121},
        "letter_to",
        None,
        lambda s, t: ["K" * 121],
    ),
    (
        "municipality-too-long",
        lambda s, t: {"municipality": "M" * 81},
        "municipality",
        None,
        lambda s, t: ["M" * 81],
    ),
]


@pytest.mark.parametrize("page", ["create", "edit"])
@pytest.mark.parametrize(("bad_id", "changes", "field", "message", "kept"), BAD, ids=[b[0] for b in BAD])
def test_bad_letter_fields_are_refused_kept_and_explained(
    client_for, kari, ctx, today, page, bad_id, changes, field, message, kept
):
    stay, notification = ctx
    if page == "create":
        url = reverse("housing:notification-create", kwargs={"stay_id": stay.pk})
    else:
        url = reverse("housing:notification-edit", kwargs={"notification_id": notification.pk})
    client = client_for(kari)
    before, writes_before = data_snapshot(), write_audit_count()

    response = client.post(url, data(stay, today, **changes(stay, today)))

    assert response.status_code == 400
    content = response.content.decode()
    assert data_snapshot() == before
    assert write_audit_count() == writes_before
    summary = content.split('class="ds-error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#id_{field}"' in summary
    form = response.context["form"]
    errors = form.errors.get(field)
    assert errors, form.errors
    if message:
        assert message in errors
    for error in errors:
        assert escape(error) in summary
        assert f'id="id_{field}_error">{escape(error)}</p>' in content
    assert "Ba om hjelp til bolig" in content
    for text in kept(stay, today):
        assert text in content


def test_the_good_version_of_the_same_post_is_saved(client_for, kari, ctx, today):
    stay, _ = ctx

    response = client_for(kari).post(
        reverse("housing:notification-create", kwargs={"stay_id": stay.pk}), data(stay, today)
    )

    assert response.status_code == 302
    assert stay.notifications.filter(consent_given=True).count() == 1
