from django.urls import path

from komek.dci import views

app_name = "dci"

urlpatterns = [
    path("registry/sync/search", views.sync_search, name="sync-search"),
    path("registry/search", views.search, name="search"),
    path("registry/txn/status", views.txn_status, name="txn-status"),
    path("registry/sync/txn/status", views.sync_txn_status, name="sync-txn-status"),
    path("registry/subscribe", views.subscribe, name="subscribe"),
    path("registry/unsubscribe", views.unsubscribe, name="unsubscribe"),
    path("openapi.yaml", views.openapi, name="openapi"),
]
