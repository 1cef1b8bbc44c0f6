from django.urls import path

from . import views

app_name = "agencies"

urlpatterns = [
    path("instanser/", views.agency_list, name="agency-list"),
    path("instanser/ny/", views.agency_create, name="agency-create"),
    path("instanser/samarbeidskommuner/", views.partners_edit, name="partners-edit"),
    path("instanser/<uuid:agency_id>/", views.agency_edit, name="agency-edit"),
    path("instanser/<uuid:agency_id>/fjern/", views.agency_delete, name="agency-delete"),
]
