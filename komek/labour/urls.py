from django.urls import path

from komek.labour import views

app_name = "labour"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("new/", views.enterprise_create, name="enterprise_create"),
    path("import/", views.surveys_import_view, name="surveys_import"),
    path("figures/", views.figures, name="figures"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/new/", views.statistics_create, name="statistics_create"),
    path("statistics/import/", views.statistics_import_view, name="statistics_import"),
    path("esp/", views.esp, name="esp"),
    path("esp/new/", views.esp_create, name="esp_create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    *[path(f"<int:pk>/{name}/", views.record_view(name), name=name) for name in views.RECORDS],
]
