from django.urls import path

from . import api

app_name = "events-api"
urlpatterns = [
    path("events/", api.event_list, name="list"),
    path("events/geojson/", api.event_geojson, name="geojson"),
    path("events/ics/", api.events_ics, name="ics"),
    path("events/<slug:slug>/", api.event_detail, name="detail"),
    path("events/<slug:slug>/ics/", api.event_ics, name="event-ics"),
]
