from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .access import require_capability
from .concurrency import EditConflict
from .forms import ShelterSettingsForm, split_version
from .pages import conflict_response
from .roles import Capability


@login_not_required
@never_cache
@require_GET
def health(request):
    """For load balancers and monitoring: answers only whether the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


@require_http_methods(["GET", "POST"])
def shelter_settings(request):
    membership = require_capability(request.user, Capability.MANAGE_SHELTER)
    shelter = membership.shelter
    form = ShelterSettingsForm(
        request.POST or None,
        initial={"assessment_due_days": shelter.assessment_due_days, "version": shelter.version},
    )
    if request.method == "POST" and form.is_valid():
        values, version = split_version(form.cleaned_data)
        try:
            services.shelter_update_settings(actor=request.user, shelter=shelter, expected_version=version, **values)
        except EditConflict as conflict:
            return conflict_response(request, conflict, lambda data, _: ShelterSettingsForm(data))
        messages.success(request, _("Innstillingene er lagret."))
        return redirect("shelter-settings")
    return render(
        request,
        "core/shelter_settings.html",
        {"form": form, "shelter": shelter, "nav": "settings"},
        status=400 if form.errors else 200,
    )
