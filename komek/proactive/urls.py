from django.urls import path

from komek.proactive import views

app_name = "proactive"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("scan/", views.scan_view, name="scan"),
    path("scan/background/", views.scan_background, name="scan_background"),
    path("outbox/", views.outbox_page, name="outbox"),
    path("<int:pk>/", views.item_page, name="item"),
    path("<int:pk>/offer/", views.offer_view, name="offer"),
    path("<int:pk>/dismiss/", views.dismiss_view, name="dismiss"),
    path("<int:pk>/consent/", views.consent_view, name="consent"),
]
