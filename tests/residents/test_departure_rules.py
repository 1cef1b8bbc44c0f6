"""The departure's rules are written once (residents/rules.py): the form and the service say the same."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from boligplan.residents import services
from boligplan.residents.forms import DepartureForm
from boligplan.residents.models import Stay

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _form_errors(stay, **data) -> dict:
    form = DepartureForm(data={"version": stay.version, "temporary_reason": "", **data}, stay=stay)
    assert not form.is_valid()
    return form.errors


def _service_errors(kari, stay, **data) -> dict:
    with pytest.raises(ValidationError) as caught:
        services.stay_depart(actor=kari, stay=stay, **data)
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("departure_date", {"departure_date": "ARRIVAL-1", "destination": "ny_kommunal", "permanence": "varig"}),
        ("departure_date", {"departure_date": "TODAY-1", "destination": "ny_kommunal", "permanence": "varig"}),
        ("permanence", {"departure_date": "TODAY", "destination": "familie_venner", "permanence": "varig"}),
    ],
)
def test_the_form_and_the_service_refuse_a_departure_with_the_same_words(make_stay, kari, today, field, data):
    stay = make_stay(days_ago=10)
    # Ready to move today: a departure the day before is too early.
    services.stay_set_ready_to_move(actor=kari, stay=stay, ready_to_move_date=today, wait_cause="nav")
    stay = Stay.objects.get(pk=stay.pk)
    days = {"ARRIVAL-1": stay.arrival_date - DAY, "TODAY-1": today - DAY, "TODAY": today}
    values = {**data, "departure_date": days[data["departure_date"]]}

    from_form = _form_errors(stay, **{**values, "departure_date": values["departure_date"].isoformat()})
    from_service = _service_errors(kari, stay, **values)

    assert from_form[field] == from_service[field]
    assert Stay.objects.get(pk=stay.pk).departure_date is None
