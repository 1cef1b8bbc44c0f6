"""A shelter's history for the statistics tests, made through the services as staff would record it,
with dates in 2025 so the figures do not depend on the day the tests run."""

import datetime

from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from boligplan.residents.choices import TEMPORARY_BY_NATURE
from boligplan.statistics.queries.scope import Period

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
TODAY = datetime.date(2026, 3, 1)


def day(month: int, dom: int, year: int = 2025) -> datetime.date:
    return datetime.date(year, month, dom)


def plus(date: datetime.date, days: int) -> datetime.date:
    return date + datetime.timedelta(days=days)


class History:
    """Records stays through the services, as the staff at one shelter would."""

    def __init__(self, shelter, actor):
        self.shelter = shelter
        self.actor = actor
        self.count = 0

    def stay(
        self,
        arrival,
        *,
        departure=None,
        destination="familie_venner",
        permanence=None,
        ready=None,
        cause="",
        name=None,
        birth_year=1990,
    ):
        self.count += 1
        stay = resident_services.resident_register(
            actor=self.actor,
            shelter=self.shelter,
            display_name=name or f"Beboer {self.count:03d}",
            birth_year=birth_year,
            arrival_date=arrival,
            contact_person=self.actor,
        )
        if ready is not None:
            resident_services.stay_set_ready_to_move(
                actor=self.actor, stay=stay, ready_to_move_date=ready, wait_cause=cause
            )
        if departure is not None:
            # A destination that is temporary by nature is never recorded as permanent (residents.choices).
            permanence = permanence or ("midlertidig" if destination in TEMPORARY_BY_NATURE else "varig")
            resident_services.stay_depart(
                actor=self.actor, stay=stay, departure_date=departure, destination=destination, permanence=permanence
            )
        return stay

    def assess(self, stay, *, on, need="ja", municipality=""):
        values = {"new_home_needed": need, "previous_municipality": municipality}
        return housing_services.assessment_save(actor=self.actor, stay=stay, values=values, complete=True, today=on)

    def tell(self, stay, agency, on):
        housing_services.notification_record(
            actor=self.actor,
            stay=stay,
            values={"agency": agency, "sent_on": on, "channel": "telefon", "request": "Trenger bolig"},
        )

    def track(self, stay, track, on):
        housing_services.tracks_set(actor=self.actor, stay=stay, tracks=[track], today=on)
