from django.urls import path

from komek.rehabilitation.views import care, persons, queues, reports, stay_queue, stays, supply

app_name = "rehabilitation"

urlpatterns = [
    path("", persons.index, name="index"),
    path("persons/<int:pk>/", persons.person, name="person"),
    path("persons/<int:pk>/ipr/new/", persons.ipr_new, name="ipr_new"),
    path("persons/<int:pk>/issue/", persons.issue_new, name="issue_new"),
    path("persons/<int:pk>/hours/", persons.hours_new, name="hours_new"),
    path("ipr/import/", persons.import_iprs, name="import"),
    path("queues/<str:kind>/", queues.queue, name="queue"),
    path("queue-entries/<int:pk>/", queues.entry, name="entry"),
    path("supply/", supply.supply, name="supply"),
    path("supply/lines/<int:pk>/delivery/", supply.delivery_new, name="delivery_new"),
    path("vouchers/", supply.vouchers, name="vouchers"),
    path("vouchers/<int:pk>/<str:action>/", supply.voucher_action, name="voucher_action"),
    path("coverage/", reports.coverage_page, name="coverage"),
    path("coverage.xlsx", reports.coverage_export, name="coverage_xlsx"),
    path("care/", reports.care, name="care"),
    path("persons/<int:pk>/apply/", care.apply_new, name="apply_new"),
    path("persons/<int:pk>/care/", care.care_new, name="care_new"),
    path("persons/<int:pk>/placement/", care.placement_new, name="placement_new"),
    path("care/clients/<int:pk>/visit/", care.visit_new, name="visit_new"),
    path("care/clients/<int:pk>/start/", care.care_start, name="care_start"),
    path("care/placements/<int:pk>/admit/", care.placement_admit, name="placement_admit"),
    path("care/placements/<int:pk>/depart/", care.placement_depart, name="placement_depart"),
    path("care/projects/new/", care.project_new, name="project_new"),
    path("care/projects/<int:pk>/serve/", care.project_serve, name="project_serve"),
    path("stays/", stays.stays, name="stays"),
    path("stays/new/<str:service>/", stays.stay_new, name="stay_new"),
    path("stays/<int:pk>/leave/", stays.stay_leave, name="stay_leave"),
    path("stays/centres/new/", stays.centre_new, name="centre_new"),
    path("stays/figures/", stays.figures, name="stay_figures"),
    path("stays/queue/", stay_queue.queue, name="stay_queue"),
    path("stays/apply/<str:service>/", stay_queue.stay_apply, name="stay_apply"),
    path("stays/<int:pk>/admit/", stay_queue.stay_admit_queued, name="stay_admit_queued"),
    path("stays/<int:pk>/cancel/", stay_queue.stay_cancel, name="stay_cancel"),
    path("stays/<int:pk>/correct/", stay_queue.stay_correct, name="stay_correct"),
    path("stays/caseload/", stay_queue.caseload, name="stay_caseload"),
]
