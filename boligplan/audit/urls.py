from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("tilsyn/", views.review_list, name="review-list"),
    path("beboere/<uuid:resident_id>/innsynsrapport/", views.access_report, name="access-report"),
]
