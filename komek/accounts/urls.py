from django.urls import path

from komek.accounts import views, views_admin

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", views_admin.user_list, name="user_list"),
    path("users/new/", views_admin.user_create_view, name="user_create"),
    path("users/<int:pk>/edit/", views_admin.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views_admin.user_password, name="user_password"),
    path("users/<int:pk>/active/", views_admin.user_active, name="user_active"),
    path("users/<int:pk>/unlock/", views_admin.user_unlock_view, name="user_unlock"),
]
