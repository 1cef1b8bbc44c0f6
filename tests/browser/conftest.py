"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

The browser
  CHROMIUM_PATH if set, otherwise /usr/bin/chromium (Debian's package: `apt-get install chromium`).
  Playwright's own downloaded browsers are never used.

When the browser is missing
  - On a developer's machine every browser test is skipped, and the run ends with one line that
    says so and how to enable them.
  - With CI=true every browser test fails. CI installs Chromium itself (.ci/run), so a missing
    browser there is a broken machine, never a reason to skip.

Every page a test visits is checked at a laptop's width (1366 px) and a phone's (390 px): scanned
with axe (0 violations allowed), measured for sideways scrolling (none allowed), and saved as a
full-page screenshot at each width under test-artifacts/<test name>/ (git-ignored) for a human to
look at. At 320 px (400 % zoom) only the sideways scrolling is measured. The narrow checks resize
the same page, so they cost no extra request.
"""

import os
import shutil
from pathlib import Path

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SMALLEST = {"width": 320, "height": 640}  # 1280 px at 400 % zoom (WCAG 1.4.10 reflow)

_skipped_key = pytest.StashKey[int]()


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM


def chromium_found(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def skip_line(path: str) -> str:
    return (
        f"Browser tests skipped: Chromium not found at {path}. "
        "Install it with `apt-get install chromium` (or set CHROMIUM_PATH) to run them."
    )


@pytest.hookimpl(trylast=True)  # after -k/-m deselection, so the count is of tests that would have run
def pytest_collection_modifyitems(config, items):
    path = chromium_path()
    if chromium_found(path) or in_ci():
        return  # in CI a missing browser fails in the `browser` fixture below, never a skip
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=skip_line(path)))
    config.stash[_skipped_key] = len(browser_items)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.stash.get(_skipped_key, 0):
        terminalreporter.write_line(skip_line(chromium_path()), yellow=True, bold=True)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module."""
    path = chromium_path()
    if not chromium_found(path):
        pytest.fail(
            f"Chromium not found at {path} and CI=true: the browser tests must run in CI. "
            "Install it with `apt-get install chromium` (.ci/run does) or set CHROMIUM_PATH.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse the
    # ORM calls the fixtures make (users, database flush) while the browser is up. Allowed only for
    # as long as the browser lives, so tests after this module keep Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BadResponses:
    """Every HTTP answer the app should never give during a journey."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, response):
        request = response.request
        # A form with errors is answered with 400 on purpose; anything else >= 400 is a bug.
        expected_form_error = response.status == 400 and request.method == "POST" and request.is_navigation_request()
        if response.status >= 400 and not expected_form_error:
            self.seen.append(f"{response.status} {request.method} {response.url}")


def is_script_error(message) -> bool:
    # Chromium also logs every HTTP status >= 400 as a console error; BadResponses judges those.
    return message.type == "error" and not message.text.startswith("Failed to load resource")


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on the live server, as a laptop in Norway sees it."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport=DESKTOP,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    bad_responses = BadResponses()
    page_errors: list[str] = []
    page.on("response", bad_responses)
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda msg: page_errors.append(msg.text) if is_script_error(msg) else None)
    yield page
    context.close()
    assert not bad_responses.seen, f"Unexpected HTTP errors: {bad_responses.seen}"
    assert not page_errors, f"JavaScript errors in the browser: {page_errors}"


# axe reports an id reference to a missing element only as "incomplete" (needs review), yet a help text
# or error message that is not found is simply never read out. So they are checked here as well.
BROKEN_ID_REFERENCES = """() => {
  const broken = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? `[name=${el.name}]` : "");
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-errormessage"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) broken.push(`${describe(el)} ${attr}="${id}"`);
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) broken.push(`label for="${label.htmlFor}"`);
  }
  return broken;
}"""


# The page is no wider than the window; if it is, name the widest elements that stick out.
SIDEWAYS_SCROLL = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const out = [...document.querySelectorAll("body *")]
    .map((el) => [el, el.getBoundingClientRect().right])
    .filter(([, right]) => right > root.clientWidth + 1)
    .sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([el, right]) => `${describe(el)} right=${Math.round(right)}`);
  return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}; ${out.join(", ")}`;
}"""


class PageCheck:
    """Screenshot and axe scan of the page the browser is on, numbered in the order visited."""

    def __init__(self, page, directory: Path):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.directory = directory
        self.axe = Axe()
        self.visited: list[str] = []
        self.problems: list[str] = []

    def __call__(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        number = len(self.visited) + 1
        self.visited.append(f"{number:02d}-{name}")
        desktop = self.page.viewport_size or DESKTOP
        try:
            self._check(f"{number:02d}-{name}", "")
            self.page.set_viewport_size(PHONE)
            self._settle()
            self._check(f"{number:02d}-{name}", "-390")
            # At 320 px only the width is measured: cheap, and what reflow at 400 % zoom needs.
            self.page.set_viewport_size(SMALLEST)
            self._settle()
            too_wide = self.page.evaluate(SIDEWAYS_SCROLL)
            if too_wide:
                report = f"{number:02d}-{name} at 320 px ({self.page.url}): the page scrolls sideways: {too_wide}"
                print(report)
                self.problems.append(report)
        finally:
            self.page.set_viewport_size(desktop)

    def _settle(self) -> None:
        """Let the page's resize handler and a layout run before measuring."""
        self.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def _check(self, stem: str, suffix: str) -> None:
        shot = self.directory / f"{stem}{suffix}.png"
        where = f"{shot.name} ({self.page.url})"
        self.page.screenshot(path=str(shot), full_page=True)
        results = self.axe.run(self.page)
        if results.violations_count:
            report = f"{where}:\n{results.generate_report()}"
            print(report)  # shown with the failure even if a later step fails first
            self.problems.append(report)
        broken = self.page.evaluate(BROKEN_ID_REFERENCES)
        if broken:
            report = f"{where}: id references to missing elements: {broken}"
            print(report)
            self.problems.append(report)
        too_wide = self.page.evaluate(SIDEWAYS_SCROLL)
        if too_wide:
            report = f"{where}: the page scrolls sideways: {too_wide}"
            print(report)
            self.problems.append(report)

    def assert_no_violations(self) -> None:
        assert self.visited, "no page was checked"
        assert not self.problems, "accessibility problems:\n\n" + "\n\n".join(self.problems)


@pytest.fixture
def check_page(page, request):
    """Call check_page("name") on every page visited; call check_page.assert_no_violations() at the end."""
    directory = ARTIFACTS / request.node.name.removeprefix("test_")
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return PageCheck(page, directory)


def current_code(key_hex: str) -> str:
    """The six-digit code an authenticator app would show now for this key."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return f"{totp.token():06d}"


@pytest.fixture
def log_in(page):
    """Log in through the real forms: password, then the code from the user's (confirmed) TOTP device."""
    from boligplan.accounts.models import TOTPDevice
    from tests.conftest import PASSWORD

    def _log_in(user, password=PASSWORD):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="browser-test", confirmed=True
        )
        page.goto("/logg-inn/")
        page.get_by_role("textbox", name="Brukernavn").fill(user.username)
        page.get_by_role("textbox", name="Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()
        page.get_by_label("Engangskode").fill(current_code(device.key))
        page.get_by_role("button", name="Fortsett").click()
        page.wait_for_load_state("load")

    return _log_in
