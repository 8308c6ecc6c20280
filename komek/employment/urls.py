from django.urls import path

from komek.employment.views import agreements, contracts, figures, jobseekers, plans, vacancies

app_name = "employment"

urlpatterns = [
    path("", figures.figures_page, name="figures"),
    path("plan/", plans.plan_edit, name="plan_edit"),
    path("figures.xlsx", figures.figures_export, name="figures_export"),
    path("jobseekers/", jobseekers.jobseeker_list, name="jobseeker_list"),
    path("jobseekers/new/", jobseekers.jobseeker_create, name="jobseeker_create"),
    path("jobseekers/promote/", jobseekers.jobseekers_promote, name="jobseekers_promote"),
    path("jobseekers/missed/", jobseekers.jobseekers_missed, name="jobseekers_missed"),
    path("jobseekers/<int:pk>/", jobseekers.jobseeker_detail, name="jobseeker_detail"),
    path("jobseekers/<int:pk>/match/", jobseekers.jobseeker_match, name="jobseeker_match"),
    path("jobseekers/<int:pk>/refer/<int:vacancy_id>/", jobseekers.referral_create, name="referral_create"),
    path("referrals/<int:pk>/outcome/", jobseekers.referral_outcome, name="referral_outcome"),
    path("referrals/<int:pk>/referral.pdf", jobseekers.referral_download, name="referral_download"),
    path("vacancies/", vacancies.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", vacancies.vacancy_create_view, name="vacancy_create"),
    path("vacancies/import/", vacancies.vacancy_import, name="vacancy_import"),
    path("vacancies/<int:pk>/", vacancies.vacancy_detail_view, name="vacancy_detail"),
    path("employers/", vacancies.employer_list, name="employer_list"),
    path("employers/<int:pk>/agreements/new/", agreements.agreement_create_view, name="agreement_create"),
    path("employers/new/", vacancies.employer_create_view, name="employer_create"),
    path("measures/new/", figures.measure_create, name="measure_create"),
    path("measures/<int:pk>/complete/", figures.measure_complete_view, name="measure_complete"),
    path("vacancies/<int:pk>/withdraw/", vacancies.vacancy_withdraw, name="vacancy_withdraw"),
    path("contracts/", figures.contract_list, name="contract_list"),
    path("contracts/new/", contracts.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", contracts.contract_detail_view, name="contract_detail"),
    path("assignments/<int:pk>/contract/", contracts.assignment_contract, name="assignment_contract"),
    path("obligations/<int:pk>/fulfil/", contracts.obligation_fulfil, name="obligation_fulfil"),
    path("obligations/<int:pk>/refuse/", contracts.obligation_refuse, name="obligation_refuse"),
]
