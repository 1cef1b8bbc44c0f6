"""Ready-to-move and departure dates must agree: a stay cannot be left before it was 'ready'."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from boligplan.residents.models import Stay


def test_departure_before_ready_to_move_is_refused_with_a_message(client_for, kari, stay, today):
    Stay.objects.filter(pk=stay.pk).update(ready_to_move_date=today)
    response = client_for(kari).post(
        reverse("residents:stay-depart", args=[stay.pk]),
        {
            "departure_date": (today - datetime.timedelta(days=1)).isoformat(),
            "destination": "familie_venner",
            "permanence": "midlertidig",
            "temporary_reason": "venter_varig",
        },
    )
    assert response.status_code == 400
    assert "klar til å flytte" in response.content.decode()
    stay.refresh_from_db()
    assert stay.departure_date is None


def test_database_refuses_ready_date_after_departure(stay, today):
    Stay.objects.filter(pk=stay.pk).update(departure_date=today, destination="annet", permanence="varig")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(ready_to_move_date=today + datetime.timedelta(days=1))
