from django.urls import path

from . import views

app_name = "children"

urlpatterns = [
    path("barn/", views.children_list, name="children-list"),
    path("opphold/<uuid:stay_id>/barn/ny/", views.child_add, name="child-add"),
    path("barn/<uuid:child_id>/", views.child_detail, name="child-detail"),
    path("barn/<uuid:child_id>/endre/", views.child_edit, name="child-edit"),
    path("barn/<uuid:child_id>/onsker/ny/", views.child_wish_add, name="child-wish-add"),
    path("barn/<uuid:child_id>/informasjon/ny/", views.child_information_add, name="child-information-add"),
    path("barn/<uuid:child_id>/flyttinger/ny/", views.child_move_add, name="child-move-add"),
    path("barn/<uuid:child_id>/plan.pdf", views.child_plan, name="child-plan"),
]
