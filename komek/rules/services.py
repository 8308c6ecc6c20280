"""The state-service catalogue as the legislation ships it (``data/services.yaml``).

The one place for a service's names, documents, channels, deadline, result and context. The rules
engine reads it to check a programme's ``service`` and to name it; the applications context loads
it into the database. A service's programmes are derived from the programme documents (each version
names its service), never listed twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from komek.rules.errors import RulesError

if TYPE_CHECKING:
    from komek.rules.programmes import Programme

CATALOGUE = Path(__file__).parent / "data" / "services.yaml"
CHANNELS = ("office", "akim", "portal", "gov4c")  # gov4c: the Government for Citizens (ЦОН)
CONTEXTS = ("applications", "employment", "rehabilitation")
LANGUAGES = ("kk", "ru", "en")
REQUIRED = ("code", "context", "en", "ru", "kk", "legal_basis", "channels", "deadline_working_days", "result")


def read_catalogue(path: Path = CATALOGUE) -> dict[str, Any]:
    """The catalogue document, checked: every key present, known channels, contexts and documents."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    documents = doc.get("documents") or {}
    seen: set[str] = set()
    for i, service in enumerate(doc.get("services") or []):
        where = f"{path.name}: services[{i}] ({service.get('code')!r})"
        for key in REQUIRED:
            if key not in service:
                raise RulesError(f"{where}: '{key}' is missing.")
        if service["code"] in seen:
            raise RulesError(f"{where}: the code is used twice.")
        seen.add(service["code"])
        if "programmes" in service:
            raise RulesError(f"{where}: programmes are derived from each programme's 'service', not listed.")
        if service["context"] not in CONTEXTS:
            raise RulesError(f"{where}: context must be one of {', '.join(CONTEXTS)}.")
        unknown = [c for c in service["channels"] if c not in CHANNELS]
        if unknown:
            raise RulesError(f"{where}: unknown channels {unknown}.")
        if not isinstance(service["deadline_working_days"], int) or service["deadline_working_days"] < 1:
            raise RulesError(f"{where}: deadline_working_days is a whole number of at least 1.")
        for line in service.get("documents") or []:
            if line["code"] not in documents:
                raise RulesError(f"{where}: document '{line['code']}' is not described under documents.")
    return doc


@functools.cache
def catalogue() -> dict[str, Any]:
    """The shipped catalogue, read once."""
    return read_catalogue()


def service_names() -> dict[str, dict[str, str]]:
    """Every service code of the catalogue with its name in kk, ru and en."""
    return {s["code"]: {lang: s[lang] for lang in LANGUAGES} for s in catalogue()["services"]}


def programmes_by_service(documents: list[tuple[str, dict[str, Any]]] | None = None) -> dict[str, list[str]]:
    """Each service's programme codes, from the ``service`` of every programme version shipped."""
    if documents is None:
        from komek.rules.programmes import read_programme_documents  # it imports the facts, which import us

        documents = read_programme_documents()
    found: dict[str, set[str]] = {code: set() for code in service_names()}
    for _source, doc in documents:
        service = doc.get("service")
        if service is not None:
            found.setdefault(str(service), set()).add(str(doc["code"]))
    return {code: sorted(codes) for code, codes in found.items()}


def without_way_to_money(programmes: Iterable[Programme], on: dt.date) -> list[str]:
    """The programme versions that could never be paid, each with why: not a category payment and
    no service of the catalogue offers it, or a version in force on or after ``on`` whose service is
    no longer rendered (``active: false``)."""
    services = {s["code"]: s for s in catalogue()["services"]}
    problems = []
    for p in programmes:
        where = f"{p.code} from {p.valid_from}"
        if p.facts.category_payment:
            continue
        service = services.get(p.facts.service or "")
        if service is None:
            problems.append(f"{where}: no service of the catalogue offers it and it is no category payment")
        elif not service.get("active", True) and (p.valid_to is None or p.valid_to >= on):
            problems.append(f"{where}: its service {service['code']} is no longer rendered")
    return problems
