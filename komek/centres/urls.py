from django.urls import path

from komek.centres import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_list, name="centre_list"),
    path("new/", views.centre_create_view, name="centre_create"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.centre_detail, name="centre_detail"),
    path("<int:pk>/register/", views.register_view, name="register"),
    path("<int:pk>/service/", views.service_view, name="service"),
    path("<int:pk>/event/", views.event_view, name="event"),
]
