from django.urls import path

from . import api

urlpatterns = [
    path("events/", api.event_list, name="events-list"),
    path("events/geojson/", api.EventGeoJSON.as_view(), name="events-geojson"),
    path("events/ics/", api.EventsCalendar.as_view(), name="events-ics"),
    path("events/<slug:slug>/", api.event_detail, name="events-detail"),
    path("events/<slug:slug>/ics/", api.EventCalendar.as_view(), name="events-detail-ics"),
]
