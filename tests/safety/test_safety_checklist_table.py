"""The new-home checklist is data (safety/data/new_home_checklist.toml), checked when it is read."""

import pytest

from boligplan.safety.checklist import TABLE_PATH, checklist_items, parse_checklist

GOOD = '[[item]]\nkey = "a"\ntitle = "A"\nquestion = "Spørsmål?"\n'


def item(**fields) -> str:
    values = {"key": "b", "title": "B", "question": "Hva?"} | fields
    return "[[item]]\n" + "".join(f'{name} = "{value}"\n' for name, value in values.items() if value is not None)


def test_a_good_table_parses():
    items = parse_checklist(GOOD + item(help="Hjelp"))
    assert [(i.key, i.title, i.question, i.help) for i in items] == [
        ("a", "A", "Spørsmål?", ""),
        ("b", "B", "Hva?", "Hjelp"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        item(key="a"),  # duplicate key
        item(key="Stor Bokstav"),
        item(key="k" * 41),
        item(title=None),
        item(question=None),
        item(question="   "),
        item(title="t" * 81),
        item(question="q" * 201),
        item(help="h" * 301),
        item(colour="rød"),  # unknown field
        '[[annet]]\nkey = "x"\n',  # unknown table
        '[[item]]\nkey = 3\ntitle = "T"\nquestion = "Q"\n',
    ],
)
def test_a_bad_table_fails_loudly(text):
    with pytest.raises((ValueError, KeyError)):
        parse_checklist(GOOD + text)


def test_an_empty_table_fails():
    with pytest.raises(ValueError):
        parse_checklist("")


def test_the_shipped_table_covers_every_point_of_the_domain_checklist():
    items = parse_checklist(TABLE_PATH.read_text(encoding="utf-8"))
    assert checklist_items() == items
    # domain.md §5, point by point.
    assert {
        "opplevd_trygghet",
        "fysisk_sikkerhet",
        "omrade_nabolag",
        "innsyn",
        "avstand_arbeid",
        "avstand_barnehage_skole",
        "fritid",
        "barnas_venner",
        "kollektivtransport",
        "barnas_onsker",
        "egne_tiltak",
        "ikke_forste_etasje",
        "sikringsutstyr",
        "politiets_tiltak",
        "unna_voldsutover",
        "alvorlig_trussel",
    } <= {i.key for i in items}
    text = " ".join(f"{i.question} {i.help}" for i in items).lower()
    for words in ["dørkjede", "kikkehull", "kamera", "første etasje", "politiet", "kollektivtransport", "arbeidsplass"]:
        assert words in text
