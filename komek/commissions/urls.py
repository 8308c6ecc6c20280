from django.urls import path

from komek.commissions import views

app_name = "commissions"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/agenda/", views.agenda_build, name="agenda_build"),
    path("<int:pk>/items/<int:item_pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/items/<int:item_pk>/amount/", views.item_amount, name="item_amount"),
    path("<int:pk>/sign/", views.protocol_sign, name="protocol_sign"),
    path("<int:pk>/protocol.pdf", views.protocol_download, name="protocol_download"),
]
