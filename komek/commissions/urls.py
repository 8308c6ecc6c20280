from django.urls import path

from komek.commissions import views, views_others

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
    # The other commissions: per kind its meetings and cases, a case's card, questions, partnership.
    path("<int:pk>/questions/", views_others.question_create, name="question_create"),
    path("kinds/<slug:kind>/", views_others.kind_page, name="kind_page"),
    path("kinds/<slug:kind>/meetings/", views_others.held_create, name="held_create"),
    path("kinds/<slug:kind>/cases/", views_others.case_create, name="case_create"),
    path("cases/<int:pk>/", views_others.case_detail, name="case_detail"),
    path("cases/<int:pk>/decision/", views_others.case_decision, name="case_decision"),
    path("cases/<int:pk>/certificate/", views_others.case_certificate, name="case_certificate"),
    path("cases/<int:pk>/certificate.pdf", views_others.certificate_download, name="certificate_download"),
    path("partnership/", views_others.partnership, name="partnership"),
    path("partnership/members/", views_others.member_create, name="member_create"),
    path("partnership/agreements/", views_others.agreement_create, name="agreement_create"),
    path(
        "partnership/agreements/<int:pk>/amendments/", views_others.amendment_create, name="amendment_create"
    ),
    path("figures/", views_others.figures, name="figures"),
]
