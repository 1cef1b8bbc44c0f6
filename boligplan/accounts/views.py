"""Login, logout and the second factor."""

import segno
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import twofactor
from .forms import TokenForm


class LoginView(auth_views.LoginView):
    """The first step. The same answer for an unknown user and a wrong password (Django's form)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "ds-input"
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("utlopt") == "1"
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Tell the browser to forget what this shared computer kept of the session.
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def twofactor_verify(request):
    if request.user.is_verified():
        return redirect("reports:overview")
    if twofactor.confirmed_totp(request.user) is None:
        return redirect("accounts:twofactor-enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["token"]):
            return redirect(request.GET.get("next") or "reports:overview")
        form.add_error("token", _("Koden stemmer ikke. Prøv den neste koden appen viser."))
    return render(request, "accounts/twofactor_verify.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def twofactor_enrol(request):
    if twofactor.confirmed_totp(request.user) is not None:
        return redirect("accounts:twofactor-verify")
    device = twofactor.pending_totp(request.user)
    form = TokenForm(request.POST or None)
    form.fields["token"].help_text = _("Seks sifre fra appen.")  # no recovery codes exist yet
    if request.method == "POST" and form.is_valid():
        codes = twofactor.enrol_confirm(request, device, form.cleaned_data["token"])
        if codes is not None:
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
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
