"""Headers and settings that protect a logged-in page on a shared computer."""

import importlib
import re
from pathlib import Path

from django.urls import reverse

TEMPLATE_ROOT = Path(__file__).resolve().parents[2] / "boligplan"
# Rendered by WeasyPrint into PDFs, never served to a browser, so CSP does not apply to them.
# Rendered by WeasyPrint into a PDF, never served as a page, so the page CSP does not apply to them.
PDF_TEMPLATES = {"child_plan_pdf.html", "national_report_pdf.html", "access_report_pdf.html", "_pdf_style.html"}


def test_csp_allows_only_our_own_files_and_no_inline_code(client_for, kari):
    response = client_for(kari).get(reverse("reports:overview"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_login_page_has_the_policy_too(client):
    assert "default-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def test_no_template_relies_on_inline_style_or_script():
    offenders = []
    for path in TEMPLATE_ROOT.rglob("*.html"):
        if path.name in PDF_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\sstyle=", text) or re.search(r"<style", text):
            offenders.append(f"{path}: inline style")
        for script in re.findall(r"<script[^>]*>", text):
            if "nonce=" not in script and "src=" not in script:
                offenders.append(f"{path}: inline script without nonce")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders


def test_production_settings_force_https_and_hsts(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Q=")
    monkeypatch.setenv("AUDIT_CHAIN_KEY", "a" * 40)
    # Fresh copies of the settings modules, read with this environment (not Django's live settings).
    importlib.reload(importlib.import_module("config.settings.base"))
    production = importlib.reload(importlib.import_module("config.settings.production"))
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_SSL_REDIRECT and production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.DEBUG is False


def test_frames_and_sniffing_are_refused(client_for, kari):
    response = client_for(kari).get(reverse("reports:overview"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
