from django.urls import path

from komek.legislation.views import decisions, programmes, simulation

app_name = "legislation"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("parameters/", programmes.parameter_list, name="parameter_list"),
    path("parameters/add/", programmes.parameter_add, name="parameter_add"),
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/new/", decisions.decision_add, name="decision_add"),
    path("decisions/<int:pk>/retire/", decisions.decision_retire, name="decision_retire"),
    path("families/<int:pk>/", programmes.family_view, name="family_entitlements"),
    path("simulate/", simulation.simulate_view, name="simulate"),
]
