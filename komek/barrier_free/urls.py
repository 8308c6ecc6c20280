from django.urls import path

from komek.barrier_free import views

app_name = "barrier_free"

urlpatterns = [
    path("", views.objects, name="object_list"),
    path("new/", views.object_create, name="object_create"),
    path("<int:pk>/", views.object_detail, name="object_detail"),
    path("<int:pk>/certify/", views.object_certify_view, name="object_certify"),
    path("<int:pk>/adapt/", views.object_adapt_view, name="object_adapt"),
    path("figures/", views.figures, name="figures"),
    path("plan/", views.plan_view, name="plan"),
]
