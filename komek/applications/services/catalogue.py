"""Loading the state-service catalogue from its reference file (``reference/services.yaml``).

Idempotent: services and refusal reasons are updated in place by code, a service's document
checklist is replaced by the file's. Called by ``komek load-reference`` and by the data migration
that seeds a new database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "services.yaml"
CHANNELS = ("office", "akim", "portal")


class CatalogueError(ValueError):
    pass


def read_catalogue(path: Path = REFERENCE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    documents = doc.get("documents") or {}
    for service in doc.get("services") or []:
        where = f"service {service.get('code')!r}"
        for key in ("code", "en", "ru", "kk", "legal_basis", "channels", "deadline_working_days", "result"):
            if key not in service:
                raise CatalogueError(f"{where}: '{key}' is missing")
        unknown = [c for c in service["channels"] if c not in CHANNELS]
        if unknown:
            raise CatalogueError(f"{where}: unknown channels {unknown}")
        for line in service.get("documents") or []:
            if line["code"] not in documents:
                raise CatalogueError(f"{where}: document '{line['code']}' is not described under documents")
    return doc


def catalogue_load(apps: Any = None, path: Path = REFERENCE) -> int:
    """Create or update every service of the file; returns how many services it holds."""
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    Service = apps.get_model("applications", "Service")  # noqa: N806 (a model class)
    ServiceDocument = apps.get_model("applications", "ServiceDocument")  # noqa: N806
    RefusalReason = apps.get_model("applications", "RefusalReason")  # noqa: N806
    doc = read_catalogue(path)
    names = doc.get("documents") or {}
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
                "programmes": list(entry.get("programmes") or []),
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
