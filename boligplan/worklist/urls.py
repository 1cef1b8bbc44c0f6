from django.urls import path

from . import views

app_name = "worklist"

urlpatterns = [
    path("oppgaver/", views.queue, name="queue"),
    path("oppgaver/<uuid:task_id>/utfort-i-koen/", views.task_done, name="task-done"),
]
