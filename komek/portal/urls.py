from django.urls import path

from komek.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.code, name="code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("applications/<int:pk>/", views.application_page, name="application"),
    path("services/", views.services, name="services"),
    path("services/<slug:code>/", views.apply, name="apply"),
    path("contacts/", views.contacts, name="contacts"),
    path("offers/<int:pk>/consent/", views.consent, name="consent"),
]

#: The staff's page of the demo identity provider's outbox (under the staff login).
staff_urlpatterns = [path("outbox/", views.outbox, name="outbox")]
