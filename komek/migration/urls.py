from django.urls import path

from komek.migration import views

app_name = "migration"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("kandas/", views.kandas_list, name="kandas_list"),
    path("kandas/new/", views.kandas_create, name="kandas_create"),
    path("kandas/<int:pk>/", views.kandas_detail, name="kandas_detail"),
    path("kandas/<int:pk>/support/", views.support_view, name="support"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("permits/", views.permits, name="permits"),
    path("permits/new/", views.permit_create, name="permit_create"),
    path("quota/", views.quota, name="quota"),
    path("checks/", views.checks, name="checks"),
    path("checks/new/", views.check_create, name="check_create"),
]
