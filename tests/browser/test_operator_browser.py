"""The national operator (driftsansvarlig) in Chromium: after password and code, the start page
says they are the operator, with no menu into cases and no resident on it (that every case page
answers 404 is tests/security/test_access_matrix_operator.py's). The page is scanned with axe and saved under
test-artifacts/operator_start/.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_start(page, check_page, log_in, operator, make_stay):
    stay = make_stay(display_name="Tone Testbeboer")
    log_in(operator)

    expect(page.get_by_role("heading", name="Du er driftsansvarlig", level=1)).to_be_visible()
    expect(page.locator("body")).to_contain_text("Dina Drift")
    expect(page.locator("body")).not_to_contain_text("Tone Testbeboer")
    expect(page.get_by_role("link", name="Oppgaver")).to_have_count(0)
    expect(page.locator(f'a[href*="{stay.pk}"]')).to_have_count(0)
    check_page("start")
    check_page.assert_no_violations()
