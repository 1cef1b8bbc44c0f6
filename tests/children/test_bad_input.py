"""Bad input on the children's forms (a child's record, wishes, what the child was told, moves):
400, the message next to the field and in the summary, the input kept, nothing saved. The table's
shape and the check are shared (tests/badinput.py)."""

import re

import pytest
from django.urls import reverse

from tests.badinput import Bad, dates_outside_the_stay, day, refused_kept_and_explained, stay_url

LONG_CHILD_NAME = "B" * 61
LONG_ACTIVITIES = "Fotball " + "a" * 293  # 301 characters
LONG_PLAN = "Før " + "p" * 997  # 1001 characters
LONG_WORDS = "Ønske " + "o" * 1995  # 2001 characters


def child_data(c, **changes):
    data = {
        "first_name": "Mia",
        "birth_year": str(c.today.year - 6),
        "contact_person": str(c.kari.pk),
        "school": "Fjordby skole",
        "activities": "Korps",
    }
    return {**data, **changes}


def child_url(name):
    return lambda c: reverse(name, kwargs={"child_id": c.child.pk})


def child_message(c):
    return f"Et barn er født mellom {c.today.year - 18} og {c.today.year}."


def wish_data(c, **changes):
    return {"asked_on": day(c.today, 0), "words": "Jeg vil ha en katt", **changes}


def information_data(c, **changes):
    return {
        "told_on": day(c.today, 0),
        "phase": "for",
        "what_told": "Vi skal flytte til et nytt hus",
        "reaction": "Glad",
        **changes,
    }


def move_data(c, **changes):
    return {"kind": "for_krisesenter", "moved_on": day(c.arrival, -100), **changes}


BAD = [
    # Registering a child.
    Bad(
        "child-add-birth-year-an-adult",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year=str(c.today.year - 30)),
        "birth_year",
        child_message,
        lambda c: [f'value="{c.today.year - 30}"', 'value="Mia"', 'value="Korps"'],
    ),
    Bad(
        "child-add-born-19-years-ago",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year=str(c.today.year - 19)),
        "birth_year",
        child_message,
        lambda c: [f'value="{c.today.year - 19}"', 'value="Mia"'],
    ),
    Bad(
        "child-add-birth-year-in-future",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year=str(c.today.year + 1)),
        "birth_year",
        child_message,
        lambda c: [f'value="{c.today.year + 1}"', 'value="Mia"'],
    ),
    Bad(
        "child-add-birth-year-not-a-number",
        stay_url("children:child-add"),
        lambda c: child_data(c, birth_year="seks"),
        "birth_year",
        None,
        lambda c: ['value="seks"', 'value="Mia"'],
    ),
    Bad(
        "child-add-blank-name",
        stay_url("children:child-add"),
        lambda c: child_data(c, first_name="   "),
        "first_name",
        None,
        lambda c: [f'value="{c.today.year - 6}"', 'value="Fjordby skole"', 'value="Korps"'],
    ),
    Bad(
        "child-add-long-name",
        stay_url("children:child-add"),
        lambda c: child_data(c, first_name=LONG_CHILD_NAME),
        "first_name",
        None,
        lambda c: [f'value="{LONG_CHILD_NAME}"', 'value="Korps"'],
    ),
    Bad(
        "child-add-long-activities",
        stay_url("children:child-add"),
        lambda c: child_data(c, activities=LONG_ACTIVITIES),
        "activities",
        None,
        lambda c: [LONG_ACTIVITIES, 'value="Mia"'],
    ),
    Bad(
        "child-add-contact-from-other-shelter",
        stay_url("children:child-add"),
        lambda c: child_data(c, contact_person=str(c.frida.pk)),
        "contact_person",
        None,
        lambda c: ['value="Mia"', 'value="Korps"'],
    ),
    Bad(
        "child-add-contact-statistics-only",
        stay_url("children:child-add"),
        lambda c: child_data(c, contact_person=str(c.stian.pk)),
        "contact_person",
        None,
        lambda c: ['value="Mia"', 'value="Korps"'],
    ),
    # Changing a child's record.
    Bad(
        "child-edit-birth-year-an-adult",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name="Ada", birth_year="1990"),
        "birth_year",
        child_message,
        lambda c: ['value="1990"', 'value="Ada"', 'value="Korps"'],
    ),
    Bad(
        "child-edit-blank-name",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name=" \t "),
        "first_name",
        None,
        lambda c: ['value="Korps"'],
    ),
    Bad(
        "child-edit-long-plan",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name="Ada", plan_before=LONG_PLAN),
        "plan_before",
        None,
        lambda c: [LONG_PLAN, 'value="Ada"'],
    ),
    Bad(
        "child-edit-unknown-keeps-school",
        child_url("children:child-edit"),
        lambda c: child_data(c, first_name="Ada", keeps_school="kanskje"),
        "keeps_school",
        None,
        lambda c: ['value="Ada"', 'value="Fjordby skole"'],
    ),
    # The child's wishes.
    Bad(
        "wish-empty",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, words="  \n "),
        "words",
        None,
        lambda c: [f'value="{day(c.today, 0)}"'],
    ),
    Bad(
        "wish-too-long",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, words=LONG_WORDS),
        "words",
        None,
        lambda c: [LONG_WORDS],
    ),
    *dates_outside_the_stay(
        "wish-asked",
        child_url("children:child-wish-add"),
        wish_data,
        "asked_on",
        kept="Jeg vil ha en katt",
        before=1,
        ahead=1,
    ),
    Bad(
        "wish-date-garbage",
        child_url("children:child-wish-add"),
        lambda c: wish_data(c, asked_on="i går"),
        "asked_on",
        None,
        lambda c: ['value="i går"', "Jeg vil ha en katt"],
    ),
    # What the child was told.
    Bad(
        "information-unknown-phase",
        child_url("children:child-information-add"),
        lambda c: information_data(c, phase="midt-i"),
        "phase",
        None,
        lambda c: ["Vi skal flytte til et nytt hus", "Glad"],
    ),
    Bad(
        "information-empty",
        child_url("children:child-information-add"),
        lambda c: information_data(c, what_told=" "),
        "what_told",
        None,
        lambda c: ["Glad", re.compile(r'value="for"[^>]*checked')],
    ),
    *dates_outside_the_stay(
        "information",
        child_url("children:child-information-add"),
        information_data,
        "told_on",
        kept="Vi skal flytte til et nytt hus",
        before=2,
        ahead=3,
    ),
    Bad(
        "information-long-reaction",
        child_url("children:child-information-add"),
        lambda c: information_data(c, reaction="R" * 2001),
        "reaction",
        None,
        lambda c: ["R" * 2001, "Vi skal flytte til et nytt hus"],
    ),
    # The child's moves.
    Bad(
        "move-before-shelter-dated-after-arrival",
        child_url("children:child-move-add"),
        lambda c: move_data(c, moved_on=day(c.arrival, 1)),
        "moved_on",
        "En flytting før krisesenteret må være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, 1)}"', '<option value="for_krisesenter" selected>'],
    ),
    Bad(
        "move-after-stay-while-still-here",
        child_url("children:child-move-add"),
        lambda c: move_data(c, kind="etter_opphold", moved_on=day(c.today, 0)),
        "kind",
        "Flyttinger etter oppholdet registreres når oppholdet er avsluttet.",
        lambda c: [f'value="{day(c.today, 0)}"', '<option value="etter_opphold" selected>'],
    ),
    Bad(
        "move-arrival-by-hand",
        child_url("children:child-move-add"),
        lambda c: move_data(c, kind="til_krisesenter"),
        "kind",
        None,
        lambda c: [f'value="{day(c.arrival, -100)}"'],
    ),
    Bad(
        "move-in-future",
        child_url("children:child-move-add"),
        lambda c: move_data(c, kind="for_krisesenter", moved_on=day(c.today, 30)),
        "moved_on",
        "Datoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 30)}"'],
    ),
]


@pytest.mark.parametrize("bad", BAD, ids=lambda bad: bad.id)
def test_bad_input_is_refused_kept_and_explained(client_for, bad_input_ctx, bad):
    refused_kept_and_explained(client_for(bad_input_ctx.kari), bad_input_ctx, bad)
