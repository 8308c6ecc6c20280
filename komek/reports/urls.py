from django.urls import path

from komek.reports import views

urlpatterns = [
    path("", views.home, name="home"),
]
