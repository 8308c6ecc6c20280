"""The citizen portal's pages (``/my/``) and the staff's view of its outbox. Thin: parse, call one
service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from komek.accounts.choices import Capability
from komek.accounts.web import actor as staff_actor
from komek.accounts.web import staff_view
from komek.applications.models import Service
from komek.common import audit
from komek.common.errors import DomainError, NotFound
from komek.common.web import step, submit
from komek.portal import selectors
from komek.portal.forms import ApplyForm, CodeForm, ContactsForm, IinForm
from komek.portal.identity import provider
from komek.portal.services.acting import portal_apply, portal_contacts_correct, portal_offer_consent
from komek.portal.web import SESSION_KEY, citizen_view, me, sign_in_citizen

IIN_KEY = "komek_citizen_iin"


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = IinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _started = submit(
            form, lambda: provider().start(iin=form.cleaned_data["iin"], ip_address=audit.client_ip(request))
        )
        if ok:
            request.session[IIN_KEY] = form.cleaned_data["iin"]
            return redirect("portal:code")
        # Too many codes asked: the page says why and how long to wait.
        return render(request, "portal/sign_in.html", {"form": form}, status=429)
    return render(request, "portal/sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    iin = request.session.get(IIN_KEY)
    if not iin:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, actor = submit(
            form,
            lambda: provider().confirm(
                iin=iin, answer=form.cleaned_data["code"], ip_address=audit.client_ip(request)
            ),
        )
        if ok and actor is not None:
            sign_in_citizen(request, actor)
            return redirect("portal:home")
    return render(request, "portal/code.html", {"form": form, "iin": iin})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(IIN_KEY, None)
    request.session.cycle_key()
    return redirect("portal:sign_in")


@require_GET
@citizen_view
def home(request: HttpRequest) -> HttpResponse:
    found = selectors.overview(actor=me(request), ip_address=audit.client_ip(request))
    return render(request, "portal/home.html", {"o": found})


@require_GET
@citizen_view
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.application_of(actor=me(request), application_id=pk, ip_address=audit.client_ip(request))
    return render(request, "portal/application.html", {"p": page})


@require_GET
@citizen_view
def services(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/services.html", {"services": selectors.portal_services()})


@require_http_methods(["GET", "POST"])
@citizen_view
def apply(request: HttpRequest, code: str) -> HttpResponse:
    service = Service.objects.filter(code=code, active=True).first()
    if service is None:
        raise NotFound(_("Unknown state service: %(code)s.") % {"code": code})
    asked = [d for d in service.documents.order_by("id") if not d.state_database]
    taken = [d for d in service.documents.order_by("id") if d.state_database]
    form = ApplyForm(request.POST or None, documents=[(d.code, d.name) for d in asked])
    if request.method == "POST" and form.is_valid():
        try:
            app = portal_apply(
                actor=me(request),
                service=code, documents=form.cleaned_data["documents"], language=(get_language() or "ru")[:2],
                bank_bic=form.cleaned_data["bank_bic"], iban=form.cleaned_data["iban"],
                ip_address=audit.client_ip(request),
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request, _("Your application No. %(number)s is received.") % {"number": app.number}
            )
            return redirect("portal:application", pk=app.pk)
    return render(request, "portal/apply.html", {"service": service, "form": form, "taken": taken})


@require_http_methods(["GET", "POST"])
@citizen_view
def contacts(request: HttpRequest) -> HttpResponse:
    person = selectors.contacts_of(actor=me(request), ip_address=audit.client_ip(request))
    initial = {"phone": person.phone, "email": person.email, "street": person.street}
    form = ContactsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _person = submit(
            form,
            lambda: portal_contacts_correct(
                actor=me(request),
                ip_address=audit.client_ip(request),
                **form.cleaned_data,
            ),
        )
        if ok:
            messages.success(request, _("Your contacts are saved."))
            return redirect("portal:home")
    return render(request, "portal/contacts.html", {"form": form, "person": person})


@require_POST
@citizen_view
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    return step(
        request,
        lambda: portal_offer_consent(actor=me(request), item_id=pk, ip_address=audit.client_ip(request)),
        done=_("Thank you: your consent is received and your application is opened."),
        to="portal:home",
    )


@require_GET
@staff_view(Capability.PROACTIVE_VIEW)
def outbox(request: HttpRequest) -> HttpResponse:
    user = staff_actor(request)
    page = Paginator(selectors.outbox_messages(actor=user), 50).get_page(request.GET.get("page"))
    if page.object_list:
        audit.read(
            actor=user, object_type="portal.outboxmessage", persons=[m.person_id for m in page],
            territory=audit.common_territory(m.kato_code for m in page), ip_address=audit.client_ip(request),
        )  # fmt: skip
    return render(request, "portal/outbox.html", {"page": page, "query": ""})
