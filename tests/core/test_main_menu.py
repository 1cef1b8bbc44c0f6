"""The main menu is rendered once per language, page and capability set (core/templatetags/menu_tags.py).

A menu rendered for one viewer is served to the next viewer with the same key, so: a role
without a capability never gets the link of a role with it, whoever asked first, and a viewer
gets the menu in their own language.
"""

import pytest
from django.test import Client
from django.urls import reverse

from boligplan.core.templatetags import menu_tags
from tests.conftest import verified_login

OVERVIEW = reverse("reports:overview")
AGENCIES = reverse("agencies:agency-list")


@pytest.fixture(autouse=True)
def empty_menus():
    menu_tags._MENUS.clear()
    yield
    menu_tags._MENUS.clear()


def _menu(client, path=AGENCIES) -> str:
    page = client.get(path).content.decode()
    return page[page.index('class="app-nav"') : page.index("</nav>", page.index('class="app-nav"'))]


@pytest.mark.parametrize("first", ["lene", "kari", "berit", "stian"])
def test_each_role_gets_its_own_links_whoever_came_first(first, lene, kari, berit, stian):
    users = {"lene": lene, "kari": kari, "berit": berit, "stian": stian}
    order = [first, *[name for name in users if name != first]]
    menus = {
        name: _menu(verified_login(Client(), users[name]), OVERVIEW if name != "berit" else AGENCIES) for name in order
    }

    staff_list, settings_page = reverse("staff:staff-list"), reverse("shelter-settings")
    register, statistics = reverse("residents:resident-register"), reverse("reports:dashboard")
    children = reverse("children:children-list")
    assert staff_list in menus["lene"] and settings_page in menus["lene"] and statistics in menus["lene"]
    assert register in menus["kari"] and children in menus["kari"]
    assert staff_list not in menus["kari"] and settings_page not in menus["kari"] and statistics not in menus["kari"]
    assert children in menus["berit"] and register not in menus["berit"] and f'href="{OVERVIEW}"' not in menus["berit"]
    assert statistics in menus["stian"] and register not in menus["stian"] and children not in menus["stian"]


def test_the_page_shown_is_marked_in_its_own_menu(kari):
    client = verified_login(Client(), kari)
    assert f'href="{OVERVIEW}" aria-current="page"' in _menu(client, OVERVIEW)
    assert f'href="{AGENCIES}" aria-current="page"' in _menu(client, AGENCIES)
    assert f'href="{OVERVIEW}" aria-current="page"' not in _menu(client, AGENCIES)


def test_the_menu_is_in_the_viewers_language(kari, ola):
    ola.language = "en"
    ola.save(update_fields=["language"])
    assert "Tidligere opphold" in _menu(verified_login(Client(), kari))
    english = _menu(verified_login(Client(), ola))
    assert "Tidligere opphold" not in english
