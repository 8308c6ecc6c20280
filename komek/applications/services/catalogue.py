"""Loading the state-service catalogue of the legislation (``komek/rules/data/services.yaml``).

Idempotent: services and refusal reasons are updated in place by code, a service's document
checklist is replaced by the file's. A service's programmes are derived from the programme versions
the legislation ships (each names its ``service``), so the catalogue and the programmes cannot
disagree. Called by ``komek load-reference`` and by the data migrations that seed a new database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from komek.rules.services import CATALOGUE, programmes_by_service, read_catalogue


def catalogue_load(apps: Any = None, path: Path = CATALOGUE) -> int:
    """Create or update every service of the file; returns how many services it holds."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    Service = apps.get_model("applications", "Service")  # noqa: N806 (a model class)
    ServiceDocument = apps.get_model("applications", "ServiceDocument")  # noqa: N806
    RefusalReason = apps.get_model("applications", "RefusalReason")  # noqa: N806
    doc = read_catalogue(path)
    names = doc.get("documents") or {}
    programmes = programmes_by_service()
    with transaction.atomic():
        for reason in doc.get("refusal_reasons") or []:
            RefusalReason.objects.update_or_create(
                code=reason["code"],
                defaults={"name_en": reason["en"], "name_ru": reason["ru"], "name_kk": reason["kk"]},
            )
        for entry in doc["services"]:
            defaults = {
                "name_en": entry["en"], "name_ru": entry["ru"], "name_kk": entry["kk"],
                "legal_basis": entry["legal_basis"], "channels": list(entry["channels"]),
                "deadline_working_days": int(entry["deadline_working_days"]),
                "programmes": programmes.get(entry["code"], []), "context": entry["context"],
                "commission": bool(entry.get("commission", False)),
                "result_en": entry["result"]["en"], "result_ru": entry["result"]["ru"],
                "result_kk": entry["result"]["kk"], "active": bool(entry.get("active", True)),
            }  # fmt: skip
            # The data migration runs this with the model as it was then: fields added later are
            # left to `komek load-reference`.
            fields = {f.name for f in Service._meta.get_fields()}
            service, _created = Service.objects.update_or_create(
                code=entry["code"], defaults={k: v for k, v in defaults.items() if k in fields}
            )
            ServiceDocument.objects.filter(service=service).delete()
            ServiceDocument.objects.bulk_create(
                ServiceDocument(
                    service=service,
                    code=line["code"],
                    order=i,
                    required=bool(line.get("required", True)),
                    state_database=bool(line.get("state_database", False)),
                    name_en=names[line["code"]]["en"],
                    name_ru=names[line["code"]]["ru"],
                    name_kk=names[line["code"]]["kk"],
                )
                for i, line in enumerate(entry.get("documents") or [])
            )
    return len(doc["services"])
