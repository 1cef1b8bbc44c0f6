from django.urls import path, register_converter

from . import views
from .people import user_model


class _UserIdConverter:
    """The account's id as the user model has it: a UUID, or else a number."""

    def __init__(self):
        from django.db import models

        self.uuid = isinstance(user_model()._meta.pk, models.UUIDField)
        self.regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" if self.uuid else "[0-9]{1,18}"

    def to_python(self, value):
        import uuid

        return uuid.UUID(value) if self.uuid else int(value)

    def to_url(self, value):
        return str(value)


register_converter(_UserIdConverter, "staffuser")

app_name = "staff"

urlpatterns = [
    path("ansatte/", views.staff_list, name="staff-list"),
    path("ansatte/ny/", views.staff_invite, name="staff-invite"),
    path("ansatte/<staffuser:user_id>/", views.staff_member, name="staff-member"),
    path("ansatte/<staffuser:user_id>/rolle/", views.staff_role, name="staff-role"),
    path("ansatte/<staffuser:user_id>/avslutt/", views.staff_deactivate, name="staff-deactivate"),
    path("ansatte/<staffuser:user_id>/tofaktor/", views.staff_reset_second_factor, name="staff-reset-second-factor"),
    path("ansatte/<staffuser:user_id>/invitasjon/", views.staff_resend, name="staff-resend"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("drift/", views.operator_shelters, name="operator-shelters"),
    path("drift/nytt-senter/", views.operator_shelter_create, name="operator-shelter-create"),
    path("drift/senter/<uuid:shelter_id>/", views.operator_shelter, name="operator-shelter"),
    path("drift/endringer/", views.operator_changes, name="operator-changes"),
]
