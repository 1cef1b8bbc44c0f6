from django.urls import path

from . import views

app_name = "safety"

urlpatterns = [
    path("opphold/<uuid:stay_id>/trygg-hjemflytting/", views.safe_return_edit, name="safe-return-edit"),
    path("opphold/<uuid:stay_id>/sikkerhetstiltak/ny/", views.measure_create, name="measure-create"),
    path("sikkerhetstiltak/<uuid:measure_id>/", views.measure_edit, name="measure-edit"),
    path("opphold/<uuid:stay_id>/sjekkliste-ny-bolig/", views.checklist_edit, name="checklist-edit"),
]
