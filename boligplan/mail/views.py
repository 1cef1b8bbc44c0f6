"""The staff member's own e-mail setting: the morning digest on or off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boligplan.core.forms import add_service_errors

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
    if request.method == "POST" and form.is_valid():
        try:
            services.set_morning_digest(actor=user, wanted=form.cleaned_data["wants_morning_digest"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["wants_morning_digest"]:
                messages.success(request, _("Du får morgenoversikten på e-post fra i morgen."))
            else:
                messages.success(request, _("Du får ikke lenger morgenoversikten på e-post."))
            return redirect("mail:settings")
    return render(
        request,
        "mail/settings.html",
        {"form": form, "email": user.email},
        status=400 if form.errors else 200,
    )
