from django.urls import path

from komek.veterans import views

app_name = "veterans"

urlpatterns = [
    path("", views.veteran_list, name="veteran_list"),
    path("new/", views.veteran_create, name="veteran_create"),
    path("<int:pk>/", views.veteran_detail, name="veteran_detail"),
    path("<int:pk>/patronage/", views.patronage_view, name="patronage"),
    path("<int:pk>/patronage/end/", views.patronage_end_view, name="patronage_end"),
    path("<int:pk>/visit/", views.visit_view, name="visit"),
    path("<int:pk>/exemption/", views.exemption_view, name="exemption"),
    path("memoranda/", views.memoranda, name="memoranda"),
    path("memoranda/new/", views.memorandum_create, name="memorandum_create"),
    path("events/", views.events, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("figures/", views.figures, name="figures"),
]
