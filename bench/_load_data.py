"""The database of ``load_staff.py``: the demo (Balkhash town, every context) plus an Almaty-scale
registry with its own staff and applications, and the request paths the sessions draw from."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALMATY = "750000000"
CASEWORKERS = 20


@dataclass
class Profile:
    """A kind of staff session: who signs in and which page kinds they open (weights)."""

    name: str
    username: str
    pages: dict[str, int]
    cookies: list[str] = field(default_factory=list)


PROFILES = [
    Profile("Almaty registrar", "load_registrar",
            {"home": 1, "person_search": 4, "person_card": 4, "family_card": 2}),
    Profile("Almaty caseworker", "load_caseworker_0",
            {"home": 1, "application_list": 4, "case_page": 4, "person_card": 2}),
    Profile("Almaty department head", "load_head", {"home": 2, "application_list": 3, "case_page": 3}),
    Profile("Balkhash employment counsellor", "demo_employment_counsellor",
            {"home": 1, "jobseeker_list": 4, "vacancy_list": 3}),
    Profile("Balkhash accountant", "demo_accountant", {"home": 1, "payroll_list": 4}),
]  # fmt: skip


def komek(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/komek"), *args], env=env, check=True, cwd=ROOT)


def step(label: str, func: object, *args: object, **kwargs: object) -> object:
    started = time.perf_counter()
    result = func(*args, **kwargs)  # type: ignore[operator]
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def build(env: dict[str, str], *, persons: int, cases: int) -> None:
    """The demo town with every context, then ``persons`` Almaty persons, their staff and cases."""
    print(f"building: the demo, then {persons:,} Almaty persons and {cases:,} applications", flush=True)
    step("demo (Balkhash town, every context)", komek, env, "demo", "--no-serve", "--no-year")
    step(f"demo-data {persons:,} persons (Almaty)", komek, env, "demo-data", "--persons", str(persons),
         "--region", ALMATY, "--seed", "75")  # fmt: skip
    django_setup(env)
    from django.db import connection

    from komek.accounts.choices import Role
    from komek.accounts.policy import system
    from komek.accounts.services import user_create
    from komek.demo.applications import seed_cases
    from komek.registry.models import Membership

    def staff() -> list[object]:
        actor = system("bench")
        password = "Load-bench-2026-7731"  # noqa: S105 (a bench database's users)
        user_create(actor=actor, username="load_registrar", password=password, role=Role.REGISTRAR,
                    units=[ALMATY])  # fmt: skip
        user_create(actor=actor, username="load_head", password=password, role=Role.DEPARTMENT_HEAD,
                    units=[ALMATY])  # fmt: skip
        return [
            user_create(
                actor=actor,
                username=f"load_caseworker_{i}",
                password=password,
                role=Role.CASEWORKER,
                units=[ALMATY],
            )  # fmt: skip
            for i in range(CASEWORKERS)
        ]

    workers = step("Almaty staff", staff)
    heads = list(
        Membership.objects.filter(
            valid_to__isnull=True, relation="head", person__kato__code__startswith="75"
        ).values_list("person_id", "person__kato_id", "family_id")
    )
    step(f"{cases:,} Almaty applications", seed_cases, applicants=heads, caseworkers=workers, count=cases,
         prefix="7500", seed=75)  # fmt: skip
    step("registry summary", komek, env, "registry_summary_refresh")
    with connection.cursor() as cursor:
        # Statistics and the visibility map, as autovacuum keeps them on a live database (the counts
        # of a city's cases are then read from the indexes alone).
        step("VACUUM ANALYZE", cursor.execute, "VACUUM (ANALYZE)")


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scale() -> dict[str, int]:
    from komek.applications.models import Application
    from komek.registry.models import Family, Person

    return {"persons": Person.objects.count(), "families": Family.objects.count(),
            "applications": Application.objects.count()}  # fmt: skip


def sessions(sessions_per_profile: list[int]) -> None:
    """One signed-in session (cookie) per simulated staff member, made in the session store."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from komek.accounts.models import User

    for profile, count in zip(PROFILES, sessions_per_profile, strict=True):
        base = profile.username.removesuffix("_0")
        for i in range(count):
            name = f"{base}_{i % CASEWORKERS}" if profile.username.endswith("_0") else profile.username
            user = User.objects.get(username=name)
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            profile.cookies.append(f"sessionid={store.session_key}")


def paths(rng: random.Random, sample: int = 3000) -> dict[str, list[str]]:
    """Request paths per page kind, sampled from the database."""
    from komek.applications.models import Application
    from komek.employment.models import Jobseeker, Vacancy
    from komek.registry.models import Membership, Person

    top = Person.objects.filter(kato__code__startswith="75").order_by("-id").values_list("id", flat=True)[0]
    ids = rng.sample(range(1, top + 1), k=sample)
    people = list(
        Person.objects.filter(id__in=ids, kato__code__startswith="75").values_list(
            "id", "iin", "surname", "search_key"
        )
    )
    searches = []
    for _pk, iin, surname, key in people:
        if rng.random() < 0.25:
            searches.append("/persons/?q=" + iin[: rng.randint(6, 12)])
        else:
            text = surname[: rng.randint(3, 6)] if rng.random() < 0.7 else key[: rng.randint(3, 6)]
            searches.append("/persons/?q=" + urllib.parse.quote(text))
    families = Membership.objects.filter(person_id__in=[p[0] for p in people], valid_to__isnull=True)
    cases = Application.objects.filter(number__startswith="7500-").order_by("?").values_list("id", flat=True)
    lists = [
        "/services/?view=mine", "/services/?view=due_soon", "/services/?view=overdue", "/services/?view=all",
        "/services/?view=all&page=2", "/services/?view=all&status=in_review",
    ]  # fmt: skip
    return {
        "home": ["/"],
        "person_search": searches,
        "person_card": [f"/persons/{p[0]}/" for p in people],
        "family_card": sorted({f"/families/{f}/" for f in families.values_list("family_id", flat=True)}),
        "application_list": lists,
        "case_page": [f"/services/{pk}/" for pk in cases[:sample]],
        "jobseeker_list": ["/employment/jobseekers/"] if Jobseeker.objects.exists() else [],
        "vacancy_list": ["/employment/vacancies/"] if Vacancy.objects.exists() else [],
        "payroll_list": ["/payments/"],
    }
