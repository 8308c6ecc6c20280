from django.urls import path

from komek.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/send/", views.case_send, name="case_send"),
    path("<int:pk>/decision/", views.case_decision, name="case_decision"),
    path("<int:pk>/present/", views.case_present, name="case_present"),
    path("figures/", views.figures, name="figures"),
]
