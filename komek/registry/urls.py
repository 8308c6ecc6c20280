from django.urls import path

from komek.registry.views import documents, families, incomes_statuses, persons, registration

app_name = "registry"

urlpatterns = [
    path("persons/", persons.person_search_view, name="person_search"),
    path("persons/new/", persons.person_create_view, name="person_create"),
    path("persons/<int:pk>/", persons.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("persons/<int:pk>/incomes/add/", incomes_statuses.income_add, name="income_add"),
    path("persons/<int:pk>/statuses/add/", incomes_statuses.status_add_view, name="status_add"),
    path("persons/<int:pk>/documents/add/", documents.document_add, name="document_add"),
    path("persons/lookup/", registration.person_lookup, name="person_lookup"),
    path("families/register/", registration.family_register_view, name="family_register"),
    path("families/new/", families.family_create_view, name="family_create"),
    path("families/<int:pk>/", families.family_detail, name="family_detail"),
    path("families/<int:pk>/members/add/", families.family_add_member_view, name="family_add_member"),
    path(
        "families/<int:pk>/members/<int:person_pk>/remove/",
        families.family_remove_member_view,
        name="family_remove_member",
    ),
    path("families/<int:pk>/documents/add/", documents.family_document_add, name="family_document_add"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
]
