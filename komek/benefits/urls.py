from django.urls import path

from komek.benefits import views

app_name = "benefits"

urlpatterns = [
    path("family/<int:family_id>/", views.family_assignments, name="family_assignments"),
    path("<int:pk>/", views.assignment_detail, name="assignment_detail"),
    *(
        path(f"<int:pk>/{action}/", views.assignment_action, {"action": action}, name=f"assignment_{action}")
        for action in ("suspend", "resume", "terminate", "reassign", "account")
    ),
]
