from django.urls import path

from komek.legislation import views

app_name = "legislation"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("parameters/", views.parameter_list, name="parameter_list"),
    path("parameters/add/", views.parameter_add, name="parameter_add"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_add, name="decision_add"),
    path("decisions/<int:pk>/retire/", views.decision_retire, name="decision_retire"),
    path("families/<int:pk>/", views.family_view, name="family_entitlements"),
    path("simulate/", views.simulate_view, name="simulate"),
]
