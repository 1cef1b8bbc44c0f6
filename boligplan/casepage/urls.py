"""The resident's page and the journal note written on it. They keep their names in the
`residents` namespace (config/urls.py adds them to it), so every link to them stays as it was."""

from django.urls import path

from . import views

urlpatterns = [
    path("opphold/<uuid:stay_id>/", views.stay_detail, name="stay-detail"),
    path("opphold/<uuid:stay_id>/notater/", views.note_add, name="note-add"),
    path("opphold/<uuid:stay_id>/utforte-oppgaver/", views.stay_done_tasks, name="stay-done-tasks"),
]
