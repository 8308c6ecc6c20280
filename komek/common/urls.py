from django.urls import path

from komek.common import views

app_name = "common"

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
]
