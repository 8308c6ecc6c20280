"""Registering a family on one page (members inline, incomes of the quarter), and the IIN lookup."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from komek.accounts.choices import Capability
from komek.accounts.policy import can
from komek.accounts.web import actor, staff_view
from komek.common.periods import add_months, quarter_start
from komek.registry import iin as iin_rules
from komek.registry.choices import IncomeType
from komek.registry.forms import FamilyForm
from komek.registry.forms_registration import IncomeGrid, blank_row, member_formset
from komek.registry.selectors import current_family_id, person_by_iin
from komek.registry.services.registration import RegistrationFailed, family_register


def reference_quarter() -> list[Any]:
    """The months whose incomes count for an application made today: the previous quarter."""
    first = add_months(quarter_start(timezone.localdate()), -3)
    return [add_months(first, i) for i in range(3)]


def _place_errors(
    exc: RegistrationFailed, *, form: FamilyForm, members: Any, grid: IncomeGrid, rows: list[int]
) -> list[dict[str, str]]:
    """Put each error on its field or cell; return the summary lines (member, month, field: why),
    each with the id of the input it concerns, so the summary links to it."""
    summary: list[dict[str, str]] = []
    types = dict(IncomeType.choices)
    for key, errors in exc.errors.items():
        texts = [str(e) for e in errors]
        parts = str(key).split(".")
        if parts[0] == "members" and len(parts) == 3:
            row = rows[int(parts[1])]
            member_form = members.forms[row]
            field = parts[2] if parts[2] in member_form.fields else "iin"
            member_form.add_error(field, texts)
            line = _("Member %(n)s, %(field)s: %(why)s")
            label = member_form.fields[field].label
            target = member_form[field].id_for_label
            summary += [
                {"text": line % {"n": row + 1, "field": label, "why": t}, "target": target} for t in texts
            ]
        elif parts[0] == "incomes" and len(parts) == 4:
            row = rows[int(parts[1])]
            grid.errors[f"incomes.{row}.{parts[2]}.{parts[3]}"] = texts
            year, month = parts[2].split("-")
            line = _("Member %(n)s, incomes of %(month)s, %(type)s: %(why)s")
            where = {"n": row + 1, "month": f"{month}.{year}", "type": types.get(parts[3], "")}
            target = f"id_inc-{row}-{parts[2]}-{parts[3]}"
            summary += [{"text": line % {**where, "why": t}, "target": target} for t in texts]
        else:
            field = key if key in form.fields and key != "members" else "members"
            form.add_error(field, texts)
            target = form[field].id_for_label if field != "members" else "member-blocks"
            summary += [{"text": t, "target": target} for t in texts]
    return summary


@require_http_methods(["GET", "POST"])
@staff_view(Capability.PERSON_EDIT)
def family_register_view(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    posted = request.POST if request.method == "POST" else None
    adding = posted is not None and "add_member" in posted
    # Adding a member row (without JavaScript) re-shows what was typed, unchecked.
    typed = posted.dict() if adding and posted is not None else None
    form = FamilyForm(None if adding else posted, initial=typed, user=user)
    members = member_formset(posted, add_row=adding)
    with_incomes = can(user, Capability.INCOME_EDIT)
    grid = IncomeGrid(posted if with_incomes else None, months=reference_quarter())
    summary: list[dict[str, str]] = []
    checked = posted is not None and not adding
    if checked:
        form_ok = form.is_valid()
        if members.is_valid() and form_ok:
            rows = [i for i, f in enumerate(members.forms) if not blank_row(f)]
            data = dict(form.cleaned_data)
            data.pop("members", None)
            try:
                family = family_register(
                    actor=user,
                    members=[members.forms[i].entry() for i in rows],
                    incomes=grid.entries(rows) if with_incomes else [],
                    **data,
                )
            except RegistrationFailed as exc:
                summary = _place_errors(exc, form=form, members=members, grid=grid, rows=rows)
            else:
                messages.success(request, _("The family is registered."))
                return redirect("registry:family_detail", pk=family.pk)
        else:
            summary = [{"text": _("Correct the fields marked below."), "target": "member-blocks"}]
    blocks = [
        {"form": f, "row": i, "lines": grid.lines(i), "open": grid.has_values(i) or bool(grid.errors)}
        for i, f in enumerate(members.forms)
    ]
    context = {
        "form": form,
        "members": members,
        "blocks": blocks,
        "empty": {"form": members.empty_form, "row": "__prefix__", "lines": grid.lines("__prefix__")},
        "months": grid.months,
        "with_incomes": with_incomes,
        "checked": checked,
        "summary": summary,
    }
    return render(request, "registry/family_register.html", context)


@require_GET
@staff_view(Capability.PERSON_EDIT)
def person_lookup(request: HttpRequest) -> JsonResponse:
    """JSON for the family page: who has this IIN (a registered person of the territory, or nobody)."""
    iin = (request.GET.get("iin") or "").strip()
    if not iin:
        return JsonResponse({"found": False, "message": ""})
    try:
        info = iin_rules.parse_iin(iin)
    except iin_rules.InvalidIIN as exc:
        return JsonResponse({"found": False, "error": str(exc.message)})
    person = person_by_iin(user=actor(request), iin=iin)
    born = info.birth_date.strftime("%d.%m.%Y")
    if person is None:
        return JsonResponse(
            {
                "found": False,
                "message": _("Not registered yet: enter the names. Born %(date)s (from the IIN).")
                % {"date": born},
            }
        )
    family = current_family_id(person)
    message = _("Registered: %(name)s, born %(date)s.") % {"name": person.full_name, "date": born}
    if family is not None:
        message += " " + _("Now a member of family No. %(id)s; saving moves them here.") % {"id": family}
    return JsonResponse(
        {
            "found": True,
            "surname": person.surname,
            "name": person.name,
            "patronymic": person.patronymic,
            "citizenship": person.citizenship,
            "phone": person.phone,
            "message": message,
        }
    )
