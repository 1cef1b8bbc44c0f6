"""The bad-input tables together (tests/<app>/test_bad_input.py) cover every form and every case the
rule names, so a row cannot quietly go missing when a table is split or moved."""

from tests.children.test_bad_input import BAD as CHILDREN
from tests.children.test_bad_input import LONG_ACTIVITIES, LONG_CHILD_NAME, LONG_PLAN, LONG_WORDS
from tests.housing.test_bad_input import BAD as HOUSING
from tests.housing.test_bad_input import LONG_TITLE
from tests.residents.test_bad_input import BAD as RESIDENTS
from tests.residents.test_bad_input import LONG_NAME, LONG_NOTE

BAD = [*RESIDENTS, *HOUSING, *CHILDREN]


def test_the_list_covers_every_form_and_case_from_the_issue():
    ids = {bad.id for bad in BAD}
    required = {
        "depart-before-arrival",
        "depart-in-future",
        "task-create-due-before-arrival",
        "task-edit-due-before-arrival",
        "notification-sent-before-arrival",
        "notification-answer-before-sent",
        "notification-answer-without-date",
        "stay-open-while-open",
        "depart-unknown-destination",
        "tracks-unknown",
        "task-create-unknown-party",
        "note-too-long",
        "register-long-name",
        "task-create-long-title",
        "register-birth-year-too-early",
        "note-empty",
        "child-add-birth-year-an-adult",
        "child-add-blank-name",
        "child-add-long-name",
        "child-edit-birth-year-an-adult",
        "child-edit-blank-name",
        "child-edit-long-plan",
        "wish-empty",
        "information-unknown-phase",
        "move-after-stay-while-still-here",
    }
    assert required <= ids
    assert len(LONG_NOTE) == 5001 and len(LONG_NAME) == 121 and len(LONG_TITLE) == 201
    assert (len(LONG_CHILD_NAME), len(LONG_ACTIVITIES), len(LONG_PLAN), len(LONG_WORDS)) == (61, 301, 1001, 2001)
