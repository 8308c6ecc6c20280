from django.urls import path

from komek.payments import views

app_name = "payments"

urlpatterns = [
    path("", views.payroll_list, name="payroll_list"),
    path("background/", views.payroll_background, name="payroll_background"),
    path("<int:pk>/", views.payroll_detail, name="payroll_detail"),
    path("<int:pk>/approve/", views.payroll_approve_view, name="payroll_approve"),
    path("<int:pk>/prepare-again/", views.payroll_prepare_again_view, name="payroll_prepare_again"),
    path("<int:pk>/returns/", views.payroll_returns, name="payroll_returns"),
    path("<int:pk>/registry/<str:bic>/<str:fmt>/", views.payroll_download, name="payroll_download"),
    path("overpayments/", views.overpayments, name="overpayments"),
    path("assignment/<int:pk>/lines/", views.assignment_lines, name="assignment_lines"),
    path("assignment/<int:pk>/statement.pdf", views.assignment_statement, name="assignment_statement"),
]
