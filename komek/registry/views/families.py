"""Family cards, registering a family with its members, members joining and leaving."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.web import actor, staff_view
from komek.common.audit import client_ip
from komek.common.web import is_htmx, submit
from komek.registry.forms import (
    FamilyForm,
    FamilyMemberAddForm,
    FamilyMemberRemoveForm,
    MemberRowForm,
    member_rows,
)
from komek.registry.selectors import family_card
from komek.registry.services.families import (
    MemberSpec,
    family_add_member,
    family_create,
    family_remove_member,
)
from komek.registry.views._lookup import current_member, visible_family


@require_GET
@staff_view(Capability.PERSON_VIEW)
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = family_card(user=actor(request), family_id=pk, ip_address=client_ip(request))
    return render(request, "registry/family_detail.html", {"card": card, "family": card.family})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.PERSON_EDIT)
def family_create_view(request: HttpRequest) -> HttpResponse:
    if is_htmx(request) and request.GET.get("row"):
        # "Add a member" button: one more empty row, appended to the list by HTMX.
        return render(request, "registry/_member_row.html", {"row": MemberRowForm()})
    form = FamilyForm(request.POST or None, user=actor(request))
    rows = member_rows(request.POST if request.method == "POST" else None, user=actor(request))
    if request.method == "POST":
        rows_valid = all(
            [row.is_valid() for row in rows]
        )  # every row validated, so every row shows its errors
        if not rows:
            form.add_error("members", _("Add at least one member: the head of the family."))
        if form.is_valid() and rows and rows_valid:
            data = dict(form.cleaned_data)
            data.pop("members", None)
            # Valid rows all carry their person (a row whose IIN matched nobody is invalid).
            specs = [
                MemberSpec(person=row.person, relation=row.cleaned_data["relation"])
                for row in rows
                if row.person is not None
            ]
            ok, family = submit(
                form,
                lambda: family_create(actor=actor(request), members=specs, **data),
                aliases={"relation": "members"},
            )
            if ok and family is not None:
                messages.success(request, _("The family is registered."))
                return redirect("registry:family_detail", pk=family.pk)
    return render(request, "registry/family_form.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.PERSON_EDIT)
def family_add_member_view(request: HttpRequest, pk: int) -> HttpResponse:
    family = visible_family(actor(request), pk)
    form = FamilyMemberAddForm(request.POST or None, user=actor(request))
    if request.method == "POST" and form.is_valid() and form.person is not None:
        person = form.person
        ok, _membership = submit(
            form,
            lambda: family_add_member(
                actor=actor(request),
                family=family,
                person=person,
                relation=form.cleaned_data["relation"],
                valid_from=form.cleaned_data["valid_from"],
            ),
            aliases={"person": "iin", "members": "iin"},
        )
        if ok:
            messages.success(request, _("The member is added."))
            return redirect("registry:family_detail", pk=family.pk)
    return render(request, "registry/family_member_add.html", {"form": form, "family": family})


@require_http_methods(["GET", "POST"])
@staff_view(Capability.PERSON_EDIT)
def family_remove_member_view(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    family = visible_family(actor(request), pk)
    person = current_member(family, person_pk)
    form = FamilyMemberRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _none = submit(
            form,
            lambda: family_remove_member(
                actor=actor(request),
                family=family,
                person=person,
                reason=form.cleaned_data["reason"],
                valid_to=form.cleaned_data["valid_to"],
            ),
        )
        if ok:
            messages.success(request, _("%(name)s has left the family.") % {"name": person.full_name})
            return redirect("registry:family_detail", pk=family.pk)
    return render(
        request, "registry/family_member_remove.html", {"form": form, "family": family, "person": person}
    )
