from django.urls import path

from . import views

app_name = "aftercare"

urlpatterns = [
    path("opphold/<uuid:stay_id>/etter-oppholdet/", views.plan_edit, name="plan-edit"),
    path("opphold/<uuid:stay_id>/etter-oppholdet/kontakt/ny/", views.contact_create, name="contact-create"),
    path("oppfolging/", views.followup_due, name="followup-due"),
]
