from django.urls import path

from . import views

app_name = "housing"

urlpatterns = [
    path("opphold/<uuid:stay_id>/kartlegging/", views.assessment_edit, name="assessment-edit"),
    path("opphold/<uuid:stay_id>/spor/", views.tracks_edit, name="tracks-edit"),
    path("opphold/<uuid:stay_id>/spor/<slug:track>/fjern/", views.track_remove, name="track-remove"),
    path("opphold/<uuid:stay_id>/oppgaver/ny/", views.task_create, name="task-create"),
    path("oppgaver/<uuid:task_id>/", views.task_edit, name="task-edit"),
    path("oppgaver/<uuid:task_id>/utfort/", views.task_toggle_done, name="task-toggle-done"),
    path("opphold/<uuid:stay_id>/henvendelser/ny/", views.notification_create, name="notification-create"),
    path("henvendelser/<uuid:notification_id>/", views.notification_edit, name="notification-edit"),
    path("henvendelser/<uuid:notification_id>/brev.pdf", views.notification_letter, name="notification-letter"),
    path("opphold/<uuid:stay_id>/soknader/ny/", views.application_create, name="application-create"),
    path("soknader/<uuid:application_id>/", views.application_edit, name="application-edit"),
]
