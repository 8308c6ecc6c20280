from django.urls import path

from komek.budget import views

app_name = "budget"

urlpatterns = [
    path("", views.allocation_list, name="allocation_list"),
    path("import/", views.allocation_import, name="allocation_import"),
    path("<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("<int:pk>/approve/", views.allocation_approve_view, name="allocation_approve"),
    path("execution/", views.execution, name="execution"),
    path("execution.xlsx", views.execution_xlsx, name="execution_xlsx"),
]
