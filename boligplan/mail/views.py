"""The staff member's own e-mail setting: the morning digest on or off."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boligplan.core.formflow import FormFlow, Page

from . import services
from .access import require_digest_reader
from .forms import DigestSettingsForm


@require_http_methods(["GET", "POST"])
def digest_settings(request):
    require_digest_reader(request.user)
    user = request.user
    # An unticked box posts nothing, so the form is bound by the method, not by what was posted.
    data = request.POST if request.method == "POST" else None
    form = DigestSettingsForm(data, initial={"wants_morning_digest": user.wants_morning_digest})
    return FormFlow(
        form=form,
        save=lambda form: services.set_morning_digest(actor=user, wanted=form.cleaned_data["wants_morning_digest"]),
        success=lambda _saved: (
            _("Du får morgenoversikten på e-post fra i morgen.")
            if form.cleaned_data["wants_morning_digest"]
            else _("Du får ikke lenger morgenoversikten på e-post.")
        ),
        done=redirect("mail:settings"),
        page=Page("mail/settings.html", {"email": user.email}),
    ).respond(request)
