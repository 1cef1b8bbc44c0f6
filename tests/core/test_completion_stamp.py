"""An assessment is completed once (core/writes.completion_stamp): later saves keep the first date and person."""

import datetime
from types import SimpleNamespace

from boligplan.core.writes import completion_stamp

DAY = datetime.date(2026, 3, 2)


def _stamp(stored, complete):
    return completion_stamp(stored, complete=complete, on="done_on", by="done_by", today=DAY, actor="kari")


def test_the_first_completion_is_stamped_with_the_day_and_the_person():
    assert _stamp(None, True) == {"done_on": DAY, "done_by": "kari"}
    assert _stamp(SimpleNamespace(done_on=None), True) == {"done_on": DAY, "done_by": "kari"}


def test_a_completed_record_keeps_its_stamp_and_a_draft_gets_none():
    assert _stamp(SimpleNamespace(done_on=DAY - datetime.timedelta(days=9)), True) == {}
    assert _stamp(None, False) == {}
    assert _stamp(SimpleNamespace(done_on=None), False) == {}
