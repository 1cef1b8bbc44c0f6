from django.urls import path

from . import views

# Staff accounts are named by their id; a user's number says nothing about the person.
app_name = "staff"

urlpatterns = [
    path("ansatte/", views.staff_list, name="staff-list"),
    path("ansatte/ny/", views.staff_invite, name="staff-invite"),
    path("ansatte/<int:user_id>/", views.staff_member, name="staff-member"),
    path("ansatte/<int:user_id>/rolle/", views.staff_role, name="staff-role"),
    path("ansatte/<int:user_id>/avslutt/", views.staff_deactivate, name="staff-deactivate"),
    path("ansatte/<int:user_id>/tofaktor/", views.staff_reset_second_factor, name="staff-reset-second-factor"),
    path("ansatte/<int:user_id>/invitasjon/", views.staff_resend, name="staff-resend"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("drift/", views.operator_shelters, name="operator-shelters"),
    path("drift/nytt-senter/", views.operator_shelter_create, name="operator-shelter-create"),
    path("drift/senter/<uuid:shelter_id>/", views.operator_shelter, name="operator-shelter"),
    path("drift/endringer/", views.operator_changes, name="operator-changes"),
]
