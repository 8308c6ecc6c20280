from django.urls import path

from komek.category_payments import views

app_name = "category_payments"

urlpatterns = [
    path("", views.list_index, name="list_index"),
    path("import/", views.list_import, name="list_import"),
    path("<int:pk>/", views.list_detail, name="list_detail"),
    path("<int:pk>/add/", views.row_add, name="row_add"),
    path("<int:pk>/rows/<int:row>/<str:change>/", views.row_change, name="row_change"),
    path("<int:pk>/approve/", views.list_approve, name="list_approve"),
]
