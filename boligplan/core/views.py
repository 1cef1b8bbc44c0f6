from typing import cast

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.audit.review import ReviewSettings

from . import services
from .access import require_capability
from .formflow import FormFlow, Page
from .forms import ShelterSettingsForm
from .roles import Capability
from .signin import municipal_login_configured


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
    # The settings' hours are always a pair; only a shelter's own settings say "around the clock".
    default_hours = cast(tuple[int, int], ReviewSettings.from_django_settings().working_hours)
    form = ShelterSettingsForm(
        request.POST or None, initial=ShelterSettingsForm.initial_for(shelter, default_hours=default_hours)
    )
    return FormFlow(
        form=form,
        save=lambda form: services.shelter_update_settings(
            actor=request.user,
            shelter=shelter,
            expected_version=form.cleaned_data.get("version"),
            **form.settings_values(),
        ),
        success=_("Innstillingene er lagret."),
        done=redirect("shelter-settings"),
        # The shelter's own settings: no resident's case is read here, so nothing is audited as read.
        page=Page(
            "core/shelter_settings.html",
            {"shelter": shelter, "nav": "settings", "municipal_configured": municipal_login_configured()},
        ),
        conflict_form=lambda data, _current: ShelterSettingsForm(data),
    ).respond(request)
