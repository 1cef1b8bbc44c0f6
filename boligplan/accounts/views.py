"""Login, logout, the second factor and the user's own language.

Every `next` these steps read goes through core/redirects.safe_next: a path on this site, or the
overview (the login page after logout).
"""

import math

import segno
from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from boligplan.core import pending
from boligplan.core.formflow import FormFlow, Page
from boligplan.core.redirects import safe_next, url_with_next, vetted_next

from . import municipal, twofactor
from .forms import TokenForm
from .language import LanguageForm, language_set


class LoginView(auth_views.LoginView):
    """The first step. The same answer for an unknown user and a wrong password (Django's form)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # Also what the page carries in its hidden `next` field: only a vetted path, else nothing.
        target = vetted_next(self.request)
        # The login page itself as `next` would send a logged-in user round in a circle.
        return "" if target.split("?", 1)[0] == self.request.path else target

    def get_success_url(self):
        return self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "ds-input"
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.GET.get("utlopt")
        context["expired"] = reason == "1"
        context["idle"] = reason == "stille"
        context["kept"] = pending.is_waiting(self.request)
        context["municipal_login"] = municipal.is_configured()
        context["municipal_refused"] = self.request.GET.get("kommune") == "avvist"
        context["municipal_unavailable"] = self.request.GET.get("kommune") == "utilgjengelig"
        return context


class LogoutView(auth_views.LogoutView):
    def get_redirect_url(self):
        target = vetted_next(self.request)
        return "" if target.split("?", 1)[0] == reverse("logout") else target

    def post(self, request, *args, **kwargs):
        target = self.get_success_url()
        auth_logout(request)
        response = HttpResponseRedirect(target)
        # Tell the browser to forget what this shared computer kept of the session.
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


def _paused_message(until) -> str:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    if seconds < 120:
        wait = ngettext("%(count)d sekund", "%(count)d sekunder", seconds) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("%(count)d minutt", "%(count)d minutter", minutes) % {"count": minutes}
    return _(
        "Kontoen er satt på pause etter for mange feil koder. Koden ble ikke sjekket. "
        "Prøv igjen om %(wait)s (klokken %(time)s)."
    ) % {"wait": wait, "time": timezone.localtime(until).strftime("%H:%M:%S")}


@never_cache
@require_http_methods(["GET", "POST"])
def twofactor_verify(request):
    # Decided before the code is tried: nothing may fail after a one-time code has been spent.
    target = safe_next(request)
    if request.user.is_verified():
        return HttpResponseRedirect(target)
    if twofactor.confirmed_totp(request.user) is None:
        return redirect(url_with_next("accounts:twofactor-enrol", vetted_next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = twofactor.verify(request, form.cleaned_data["token"])
        if outcome.verified:
            return HttpResponseRedirect(target)
        if outcome.paused_until is not None:
            form.add_error("token", _paused_message(outcome.paused_until))
        else:
            form.add_error("token", _("Koden stemmer ikke. Prøv den neste koden appen viser."))
    return render(request, "accounts/twofactor_verify.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def twofactor_enrol(request):
    target = safe_next(request)
    if twofactor.confirmed_totp(request.user) is not None:
        return redirect(url_with_next("accounts:twofactor-verify", vetted_next(request)))
    device = twofactor.pending_totp(request.user)
    form = TokenForm(request.POST or None)
    form.fields["token"].help_text = _("Seks sifre fra appen.")  # no recovery codes exist yet
    if request.method == "POST" and form.is_valid():
        result = twofactor.enrol_confirm(request, device, form.cleaned_data["token"])
        if isinstance(result, list):
            return render(request, "accounts/recovery_codes.html", {"codes": result, "next_url": target})
        if result.paused_until is not None:
            form.add_error("token", _paused_message(result.paused_until))
        else:
            form.add_error("token", _("Koden stemmer ikke. Sjekk at klokken på telefonen er riktig, og prøv igjen."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=_("QR-kode for tofaktorappen"), svgclass="app-qr"
    )
    secret = _grouped_secret(device.config_url)
    return render(
        request,
        "accounts/twofactor_enrol.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret},
        status=400 if form.errors else 200,
    )


def _grouped_secret(config_url: str) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_POST
def session_keepalive(request):
    """ "Fortsett" in the dialog shown before the idle timeout: this request renews the session.

    Other requests renew it at most once a minute (accounts/fastpath.py); this one always does.
    An ended session never gets this far: the login middleware answers with the login page.
    """
    request.session.modified = True
    return HttpResponse(status=204)


@never_cache
@login_not_required
@require_http_methods(["GET"])
def municipal_start(request):
    """ "Logg inn med kommunens innlogging": off to the municipality's provider (ADR 0023).

    A link, not a form: the page's CSP (form-action 'self') would stop a form that redirects to
    another site.
    """
    if not municipal.is_configured():
        raise Http404
    try:
        return municipal.start(request, next_page=vetted_next(request))
    except municipal.Unavailable:
        return redirect(f"{reverse('login')}?kommune=utilgjengelig")


@never_cache
@login_not_required
@require_http_methods(["GET"])
def municipal_callback(request):
    """The provider sends the browser back here. Refusals all look the same to the visitor."""
    if not municipal.is_configured():
        raise Http404
    target = municipal.take_next(request)
    try:
        municipal.finish(request)
    except municipal.Refused:
        return redirect(f"{reverse('login')}?kommune=avvist")
    # Without the provider's second factor, the middleware sends the way through our TOTP step.
    return HttpResponseRedirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))


@require_http_methods(["GET", "POST"])
def language_choose(request):
    """The logged-in user's interface language. Any logged-in account may choose its own."""
    form = LanguageForm(request.POST if request.method == "POST" else None, initial={"language": request.user.language})

    def choose(form):
        language = form.cleaned_data["language"]
        language_set(actor=request.user, language=language)
        translation.activate(language)  # the confirmation is already in the new language

    return FormFlow(
        form=form,
        save=choose,
        # A function: the text is translated when it is given, after the new language is active.
        success=lambda _saved: _("Språket er endret."),
        done=redirect("accounts:language"),
        page=Page("accounts/language.html", {"nav": "language"}),
    ).respond(request)
