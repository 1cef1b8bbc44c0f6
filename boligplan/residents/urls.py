from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("beboere/ny/", views.resident_register, name="resident-register"),
    path("beboere/<uuid:resident_id>/nytt-opphold/", views.stay_open, name="stay-open"),
    path("opphold/tidligere/", views.stays_earlier, name="stays-earlier"),
    path("beboere/sok/", views.resident_search, name="resident-search"),
    path("opphold/<uuid:stay_id>/", views.stay_detail, name="stay-detail"),
    path("opphold/<uuid:stay_id>/notater/", views.note_add, name="note-add"),
    path("opphold/<uuid:stay_id>/journal/", views.stay_notes, name="stay-notes"),
    path("opphold/<uuid:stay_id>/utforte-oppgaver/", views.stay_done_tasks, name="stay-done-tasks"),
    path("opphold/<uuid:stay_id>/kontaktperson/", views.stay_contact_edit, name="stay-contact-edit"),
    path("opphold/<uuid:stay_id>/klar-til-flytting/", views.stay_ready_to_move, name="stay-ready-to-move"),
    path("opphold/<uuid:stay_id>/utflytting/", views.stay_depart, name="stay-depart"),
    path("opphold/<uuid:stay_id>/adresse/", views.stay_address_edit, name="stay-address-edit"),
    path("opphold/<uuid:stay_id>/adresse/vis/", views.stay_address_reveal, name="stay-address-reveal"),
    path("opphold/<uuid:stay_id>/adressebeskyttelse/", views.resident_protection_edit, name="resident-protection-edit"),
]
