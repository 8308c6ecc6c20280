from django.urls import path

from komek.applications import api, api_schema, views

app_name = "applications"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.intake_choose, name="intake_choose"),
    path("new/<slug:code>/", views.intake_form, name="intake_form"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/verify/", views.case_verify, name="case_verify"),
    path("<int:pk>/calculate/", views.case_calculate, name="case_calculate"),
    path("<int:pk>/commission/", views.case_to_commission, name="case_to_commission"),
    path("<int:pk>/decide/", views.case_decide, name="case_decide"),
    path("<int:pk>/receipts/", views.housing_receipt_add, name="housing_receipt_add"),
    path(
        "<int:pk>/receipts/<int:receipt_pk>/remove/",
        views.housing_receipt_remove,
        name="housing_receipt_remove",
    ),
    path("<int:pk>/documents/", views.case_documents, name="case_documents"),
    path("<int:pk>/case.pdf", views.case_file_download, name="case_file"),
    path("<int:pk>/account/", views.case_account, name="case_account"),
    path("<int:pk>/reassign/", views.case_reassign, name="case_reassign"),
    path("<int:pk>/appeal/", views.case_appeal, name="case_appeal"),
    path("<int:pk>/appeals/<int:appeal_pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("<int:pk>/letters/<int:notification_pk>.pdf", views.letter_download, name="letter_download"),
    path("api/applications/<int:pk>/", api.ApplicationStatus.as_view(), name="api_status"),
    path("api/schema/", api_schema.SchemaView.as_view(), name="api_schema"),
    path("portal/applications/", api.PortalApplications.as_view(), name="portal_applications"),
    path("portal/applications/<str:number>/", api.PortalApplicationStatus.as_view(), name="portal_status"),
]
