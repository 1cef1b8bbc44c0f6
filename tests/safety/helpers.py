"""Shared by the safety page tests: the stay page and its section, a measure's form data, the addresses."""

import datetime

from django.urls import reverse

DAY = datetime.timedelta(days=1)


def stay_page(client, stay) -> str:
    response = client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    assert response.status_code == 200
    return response.content.decode()


def section_of(content: str) -> str:
    return content.split('aria-labelledby="h-safety"', 1)[1].split("</section>", 1)[0]


def measure_values(today, **changes):
    values = {
        "kind": "besoksforbud",
        "status": "innvilget",
        "requested_on": today - 4 * DAY,
        "decided_on": today - 2 * DAY,
        "valid_from": today - 2 * DAY,
        "expires_on": today + 60 * DAY,
        "note": "",
    }
    return values | changes


def post_data(values: dict) -> dict:
    return {name: (value.isoformat() if isinstance(value, datetime.date) else value) for name, value in values.items()}


def measure_create_url(c):
    return reverse("safety:measure-create", kwargs={"stay_id": c["stay"].pk})


def measure_edit_url(c):
    return reverse("safety:measure-edit", kwargs={"measure_id": c["measure"].pk})


def safe_return_url(c):
    return reverse("safety:safe-return-edit", kwargs={"stay_id": c["stay"].pk})


def checklist_url(c):
    return reverse("safety:checklist-edit", kwargs={"stay_id": c["stay"].pk})
