"""The morning digest's setting in Chromium, at 1366 and 390 px (axe 0, no sideways scrolling).

Kari follows the link at the bottom of "Oppgaver", turns the digest on, and then off again.
"""

import pytest
from playwright.sync_api import expect

from .steps import expect_message, go_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_digest_setting(page, check_page, log_in, kari, make_stay):
    make_stay(display_name="Tone Tilsyn")
    kari.email = "kari@fjordby.test"
    kari.save(update_fields=["email"])

    log_in(kari)
    go_to(page, "Oppgaver")
    page.get_by_role("link", name="Morgenoversikt på e-post").click()
    expect(page.get_by_role("heading", name="Morgenoversikt på e-post", level=1)).to_be_visible()
    expect(page.get_by_text("kari@fjordby.test")).to_be_visible()
    check_page("digest-settings")

    page.get_by_label("Send meg morgenoversikten på e-post").check()
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Du får morgenoversikten på e-post fra i morgen.")
    expect(page.get_by_label("Send meg morgenoversikten på e-post")).to_be_checked()
    check_page("digest-settings-on")
    kari.refresh_from_db()
    assert kari.wants_morning_digest

    page.get_by_label("Send meg morgenoversikten på e-post").uncheck()
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Du får ikke lenger morgenoversikten på e-post.")
    kari.refresh_from_db()
    assert not kari.wants_morning_digest
    check_page.assert_no_violations()
