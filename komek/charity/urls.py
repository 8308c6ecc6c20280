from django.urls import path

from komek.charity import views

app_name = "charity"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/help/", views.help_create, name="help_create"),
    path("sponsorships/", views.sponsorships, name="sponsorships"),
    path("sponsorships/new/", views.sponsorship_create, name="sponsorship_create"),
]
