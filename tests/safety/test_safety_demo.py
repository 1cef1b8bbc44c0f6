"""The safety demo data: the return-home resident gets the overview's expiry reminder."""

import datetime

from boligplan.residents.access import stays_visible_to
from boligplan.safety import demo
from boligplan.safety.models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure
from boligplan.safety.selectors import overview_reminders


def test_demo_phases(make_stay, kari, today):
    home = make_stay(days_ago=20)
    rental = make_stay(days_ago=35)
    for stay, phase in ((home, "return_home"), (rental, "private_rental"), (make_stay(), "arrived")):
        demo.add_demo(stay=stay, phase=phase, actor=kari, arrival=stay.arrival_date, today=today)

    assert SafeReturnAssessment.objects.get().stay == home
    assert set(SafetyMeasure.objects.values_list("kind", flat=True)) == {"besoksforbud", "voldsalarm"}
    assert ChecklistAnswer.objects.filter(stay=rental).count() >= 5
    (reminder,) = overview_reminders(stays_visible_to(kari).current(), today=today)[home.pk]
    assert reminder.due == today + datetime.timedelta(days=10)
