from django.urls import path

from komek.commissions.views import kinds, meetings

app_name = "commissions"

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/agenda/", meetings.agenda_build, name="agenda_build"),
    path("<int:pk>/items/<int:item_pk>/vote/", meetings.vote, name="vote"),
    path("<int:pk>/items/<int:item_pk>/amount/", meetings.item_amount, name="item_amount"),
    path("<int:pk>/sign/", meetings.protocol_sign, name="protocol_sign"),
    path("<int:pk>/protocol.pdf", meetings.protocol_download, name="protocol_download"),
    # The other commissions: per kind its meetings and cases, a case's card, questions, partnership.
    path("<int:pk>/questions/", kinds.question_create, name="question_create"),
    path("kinds/<slug:kind>/", kinds.kind_page, name="kind_page"),
    path("kinds/<slug:kind>/meetings/", kinds.held_create, name="held_create"),
    path("kinds/<slug:kind>/cases/", kinds.case_create, name="case_create"),
    path("cases/<int:pk>/", kinds.case_detail, name="case_detail"),
    path("cases/<int:pk>/decision/", kinds.case_decision, name="case_decision"),
    path("cases/<int:pk>/certificate/", kinds.case_certificate, name="case_certificate"),
    path("cases/<int:pk>/certificate.pdf", kinds.certificate_download, name="certificate_download"),
    path("partnership/", kinds.partnership, name="partnership"),
    path("partnership/members/", kinds.member_create, name="member_create"),
    path("partnership/agreements/", kinds.agreement_create, name="agreement_create"),
    path("partnership/agreements/<int:pk>/amendments/", kinds.amendment_create, name="amendment_create"),
    path("figures/", kinds.figures, name="figures"),
]
