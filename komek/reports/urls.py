from django.urls import path

from komek.reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/annual/", views.annual, name="annual_report"),
    path("reports/annual/<int:year>/<str:code>/", views.annual_figure, name="annual_figure"),
    path("reports/statistics/", views.statistics_page, name="statistics"),
    path(
        "reports/statistics/<str:table>/<str:key>/<int:number>/<str:measure>/",
        views.statistics_records,
        name="statistics_records",
    ),
]
