from django.urls import path

from komek.budget import plan_views, views

app_name = "budget"

urlpatterns = [
    path("", views.allocation_list, name="allocation_list"),
    path("import/", views.allocation_import, name="allocation_import"),
    path("<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("<int:pk>/approve/", views.allocation_approve_view, name="allocation_approve"),
    path("execution/", views.execution, name="execution"),
    path("execution.xlsx", views.execution_xlsx, name="execution_xlsx"),
    path("plan/", plan_views.plan, name="plan"),
    path("plan/forecast/", plan_views.plan_forecast_view, name="plan_forecast"),
    path("plan/<int:pk>/row/", plan_views.plan_row_view, name="plan_row"),
    path("plan/<int:pk>/approve/", plan_views.plan_approve_view, name="plan_approve"),
    path("plan.xlsx", plan_views.plan_xlsx, name="plan_xlsx"),
]
