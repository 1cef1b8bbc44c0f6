"""The suggested-task table (housing/data/suggested_tasks.toml): bad rows fail loudly at parse time."""

import tomllib

import pytest

from boligplan.housing.choices import ResponsibleParty, Track
from boligplan.housing.suggestions import TABLE_PATH, parse_suggestions, suggestion_table, suggestions_for

GOOD_ROW = """
[[privat_leie]]
key = "privat.a"
title = "Gå gjennom annonser"
party = "krisesenter"
due_days = 3
"""


def row(track="privat_leie", key="privat.b", title="En oppgave", party="nav", due_days="7"):
    return f'\n[[{track}]]\nkey = "{key}"\ntitle = "{title}"\nparty = "{party}"\ndue_days = {due_days}\n'


def test_a_good_table_parses():
    table = parse_suggestions(GOOD_ROW + row() + row(track="rosa", key="rosa.a", party="politi", due_days="0"))

    assert [s.key for s in table["privat_leie"]] == ["privat.a", "privat.b"]
    first = table["privat_leie"][0]
    assert (first.track, first.title, first.party, first.due_days) == (
        "privat_leie",
        "Gå gjennom annonser",
        "krisesenter",
        3,
    )
    assert table["rosa"][0].due_days == 0


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (row(track="lottogevinst"), "unknown track"),
        (row(party="naboen"), "unknown party"),
        (row(party="NAV"), "unknown party"),  # the label, not the value
        (row(key="privat.a"), "duplicate"),
        (row(track="rosa", key="privat.a"), "duplicate"),  # keys are unique across tracks
        (row(due_days="-1"), "due_days"),
        (row(due_days="366"), "due_days"),
        (row(title=""), "title"),
        (row(title="x" * 201), "title"),
    ],
    ids=[
        "unknown-track",
        "unknown-party",
        "party-label-not-value",
        "duplicate-key",
        "duplicate-key-across-tracks",
        "due-days-negative",
        "due-days-over-a-year",
        "empty-title",
        "title-too-long",
    ],
)
def test_bad_rows_are_refused(text, complaint):
    """Each case is a good row followed by one bad one."""
    with pytest.raises(ValueError, match=complaint):
        parse_suggestions(GOOD_ROW + text)


def test_due_days_at_the_limits_are_accepted():
    table = parse_suggestions(row(key="a", due_days="0") + row(key="b", due_days="365"))
    assert [s.due_days for s in table["privat_leie"]] == [0, 365]


def test_a_row_missing_a_column_is_refused():
    with pytest.raises(KeyError):
        parse_suggestions('[[rosa]]\nkey = "rosa.x"\ntitle = "Uten ansvarlig"\ndue_days = 1\n')


def test_the_shipped_table_parses_and_covers_every_track():
    table = parse_suggestions(TABLE_PATH.read_text(encoding="utf-8"))

    for track in Track.values:
        assert table.get(track), f"no suggested task for track {track}"
    for suggestions in table.values():
        for suggestion in suggestions:
            assert suggestion.party in ResponsibleParty.values
            assert 0 <= suggestion.due_days <= 365
    # The app's cached copy is the same table.
    assert suggestion_table() == table
    raw = tomllib.loads(TABLE_PATH.read_text(encoding="utf-8"))
    raw.pop("foreslatte_spor")  # which tracks the flags suggest, not tasks
    assert sum(len(rows) for rows in raw.values()) == sum(len(s) for s in table.values())


def test_an_unknown_track_has_no_suggestions():
    assert suggestions_for("lottogevinst") == ()
    assert len(suggestions_for("privat_leie")) >= 1
