"""The Tilsyn page flags a series of exports by one person in one day (audit/review.py)."""

import datetime

from django.urls import reverse

from boligplan.audit.review import DEFAULT_MAX_EXPORTS_PER_DAY, ReviewSettings, Rule
from tests.audit.test_review_rules import KARI, OLA, OSLO, event, rules_of

DAY = datetime.datetime(2026, 1, 14, 8, 0, tzinfo=OSLO)
FOUR = ReviewSettings(working_hours=(0, 24), max_exports_per_day=4, tz=OSLO)


def export(at, actor=KARI, action="export.figure_csv"):
    return event(at=at, actor=actor, action=action, stay=None, object_type="shelter", contact=None)


def test_exports_beyond_the_daily_number_are_flagged():
    events = [export(DAY + datetime.timedelta(minutes=i)) for i in range(6)]

    found = rules_of(*events, settings=FOUR)

    # Four a day is the limit: the fifth and sixth carry the rule as well as the export flag.
    assert found == [{Rule.BULK_EXPORT}] * 4 + [{Rule.BULK_EXPORT, Rule.MANY_EXPORTS}] * 2


def test_the_day_is_the_local_calendar_day_and_each_person_counts_alone():
    late = datetime.datetime(2026, 1, 14, 23, 50, tzinfo=OSLO)
    events = [export(late + datetime.timedelta(minutes=i)) for i in range(4)]  # 23:50–23:53
    events += [export(late + datetime.timedelta(minutes=15 + i)) for i in range(3)]  # after midnight
    events += [export(late + datetime.timedelta(minutes=i), actor=OLA) for i in range(4)]
    events.sort(key=lambda e: e.at)

    assert all(Rule.MANY_EXPORTS not in found for found in rules_of(*events, settings=FOUR))


def test_other_actions_do_not_count_as_exports():
    events = [export(DAY + datetime.timedelta(minutes=i), action="statistics.viewed") for i in range(9)]

    assert all(found == set() for found in rules_of(*events, settings=FOUR))


def test_the_number_is_a_setting_with_a_default(settings):
    if hasattr(settings, "AUDIT_MAX_EXPORTS_PER_DAY"):
        del settings.AUDIT_MAX_EXPORTS_PER_DAY
    assert ReviewSettings.from_django_settings().max_exports_per_day == DEFAULT_MAX_EXPORTS_PER_DAY == 12
    settings.AUDIT_MAX_EXPORTS_PER_DAY = 3
    assert ReviewSettings.from_django_settings().max_exports_per_day == 3


def test_the_leader_sees_a_series_of_downloads_on_the_tilsyn_page(client_for, lene, stian, settings):
    settings.AUDIT_MAX_EXPORTS_PER_DAY = 3
    statistics_user = client_for(stian)
    for year in range(2020, 2025):  # five reports in a row
        response = statistics_user.get(
            reverse("reports:national-report-csv"), {"fra": f"{year}-01-01", "til": f"{year}-12-31"}
        )
        assert response.status_code == 200

    content = client_for(lene).get(reverse("audit:review-list")).content.decode()

    assert "Mange uttrekk samme dag" in content
    assert "Samme person lastet ned flere enn 3 filer samme dag." in content
    assert content.count("Mange uttrekk samme dag") == 1 + 2  # the rule, and the fourth and fifth download
