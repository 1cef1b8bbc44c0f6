"""The children's audit rows: each child write names what it wrote and the stay, and no row holds
the child's free text (the write table is tests/audit/writes.py)."""

# ruff: noqa: F811 - ctx is the fixture imported from tests/audit/writes.py, used as a parameter

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children.models import Child, ChildInformation, ChildMove, ChildWish
from tests.audit.writes import WRITES, case, ctx, departed, one_new_row  # noqa: F401 - fixtures, found by name

CHILD_WRITES = {
    "child_add": (Child, "child.added"),
    "child_update": (Child, "child.updated"),
    "child_wish_add": (ChildWish, "child.wish_added"),
    "child_information_add": (ChildInformation, "child.information_added"),
    "child_move_add": (ChildMove, "child.move_added"),
}


@pytest.mark.parametrize("name", sorted(CHILD_WRITES))
def test_every_child_write_names_what_it_wrote_and_the_stay(ctx, name):
    model, action = CHILD_WRITES[name]
    write, _ = WRITES[name]
    before = AuditEvent.objects.count()

    written = write(ctx)

    row = one_new_row(before)
    assert row.action == action
    assert isinstance(written, model)
    assert (row.object_type, row.object_id) == (model._meta.model_name, written.pk)
    assert row.stay_id == ctx.stay.pk


CHILD_SECRETS = [
    "HEMMELIG-BARNENAVN",
    "HEMMELIG-SKOLE",
    "HEMMELIG-FOTBALL",
    "HEMMELIG-PLAN",
    "HEMMELIG-BARNEONSKE",
    "HEMMELIG-FORTALT",
    "HEMMELIG-REAKSJON",
]


def test_child_audit_rows_hold_no_free_text(client_for, kari, stay, today):
    """The wish words, what the child was told and how it took it, never in the audit log."""
    client = client_for(kari)
    response = client.post(
        reverse("children:child-add", kwargs={"stay_id": stay.pk}),
        {
            "first_name": "HEMMELIG-BARNENAVN",
            "birth_year": str(today.year - 7),
            "school": "HEMMELIG-SKOLE",
            "activities": "HEMMELIG-FOTBALL",
        },
    )
    assert response.status_code == 302
    child = Child.objects.get(stay=stay)
    child_kwargs = {"child_id": child.pk}
    posts = [
        (
            reverse("children:child-edit", kwargs=child_kwargs),
            {
                "first_name": "HEMMELIG-BARNENAVN",
                "birth_year": str(today.year - 7),
                "school": "HEMMELIG-SKOLE endret",
                "activities": "HEMMELIG-FOTBALL",
                "plan_before": "HEMMELIG-PLAN",
            },
        ),
        (
            reverse("children:child-wish-add", kwargs=child_kwargs),
            {"asked_on": today.isoformat(), "words": "HEMMELIG-BARNEONSKE"},
        ),
        (
            reverse("children:child-information-add", kwargs=child_kwargs),
            {
                "told_on": today.isoformat(),
                "phase": "for",
                "what_told": "HEMMELIG-FORTALT",
                "reaction": "HEMMELIG-REAKSJON",
            },
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 302, url
    for url in [reverse("children:child-detail", kwargs=child_kwargs), reverse("children:children-list")]:
        assert client.get(url).status_code == 200
    assert client.get(reverse("children:child-plan", kwargs=child_kwargs)).status_code == 200

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "child.added",
        "child.updated",
        "child.wish_added",
        "child.information_added",
        "child.viewed",
        "children.listed",
        "child.plan_printed",
    } <= actions
    for row in AuditEvent.objects.values():
        for field, value in row.items():
            for secret in CHILD_SECRETS:
                assert secret.lower() not in str(value).lower(), f"{secret} in audit field {field}"
    updated = AuditEvent.objects.get(action="child.updated")
    assert set(updated.fields.split(",")) == {"school", "plan_before"}
