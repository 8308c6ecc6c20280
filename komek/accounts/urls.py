from django.urls import path

from komek.accounts.views import audit, sign_in, users

app_name = "accounts"

urlpatterns = [
    path("login/", sign_in.LoginView.as_view(), name="login"),
    path("logout/", sign_in.LogoutView.as_view(), name="logout"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create_view, name="user_create"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", users.user_password, name="user_password"),
    path("users/<int:pk>/active/", users.user_active, name="user_active"),
    path("users/<int:pk>/unlock/", users.user_unlock_view, name="user_unlock"),
]

#: The audit log, served under /audit/ (komek.urls) in its own namespace.
audit_urlpatterns = [
    path("", audit.audit_list, name="audit_list"),
    path("persons/<int:pk>.pdf", audit.person_extract, name="person_extract"),
]
