from django.urls import path

from . import views

app_name = "rental"

urlpatterns = [
    path("opphold/<uuid:stay_id>/boligsok/annonser/ny/", views.ad_create, name="ad-create"),
    path("opphold/<uuid:stay_id>/boligsok/inntekt/", views.search_edit, name="search-edit"),
    path("annonser/<uuid:ad_id>/", views.ad_detail, name="ad-detail"),
    path("annonser/<uuid:ad_id>/endre/", views.ad_edit, name="ad-edit"),
    path("annonser/<uuid:ad_id>/kontakt/", views.contact_add, name="contact-add"),
    path("annonser/<uuid:ad_id>/visninger/ny/", views.viewing_create, name="viewing-create"),
    path("visninger/<uuid:viewing_id>/", views.viewing_edit, name="viewing-edit"),
    # Ends in .ics so browsers and the canary test treat it as a file.
    path("visninger/<uuid:viewing_id>/kalender.ics", views.viewing_calendar_file, name="viewing-calendar"),
]
