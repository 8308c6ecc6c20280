from django.urls import path

from komek.budget.views import allocations, plan

app_name = "budget"

urlpatterns = [
    path("", allocations.allocation_list, name="allocation_list"),
    path("import/", allocations.allocation_import, name="allocation_import"),
    path("<int:pk>/", allocations.allocation_detail, name="allocation_detail"),
    path("<int:pk>/approve/", allocations.allocation_approve_view, name="allocation_approve"),
    path("execution/", allocations.execution, name="execution"),
    path("execution.xlsx", allocations.execution_xlsx, name="execution_xlsx"),
    path("plan/", plan.plan, name="plan"),
    path("plan/forecast/", plan.plan_forecast_view, name="plan_forecast"),
    path("plan/<int:pk>/row/", plan.plan_row_view, name="plan_row"),
    path("plan/<int:pk>/approve/", plan.plan_approve_view, name="plan_approve"),
    path("plan.xlsx", plan.plan_xlsx, name="plan_xlsx"),
]
