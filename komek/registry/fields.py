"""The person's address carried beside every key to a person (ADR 0070).

The persons are partitioned by region on PostgreSQL, on their registered address (``kato_code``).
A key to a partitioned table must name its partition key, so every row that refers to a person
carries that person's address next to the person: ``person_territory`` beside ``person``,
``applicant_territory`` beside ``applicant``. On PostgreSQL a foreign key on the pair holds it
equal to the person's address and moves it with a person who moves (``ON UPDATE CASCADE``); on
SQLite, which has no such key, the registry's service moves it (:func:`follow_move`).

A writer need not fill it: :class:`PersonAddress` takes the address from the person the row names
when the row is saved, or bulk-created, and the person is known to the instance (else one query).
A save of some fields that names the key must name the address too (refused otherwise). A
set-based writer (``INSERT ... SELECT``, ``COPY``) fills it from the person's row it reads; one that
leaves it out is refused by the database, the field having no default.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import signals
from django.utils.translation import gettext_lazy as _

#: Every (model, field) that carries a person's address, filled as the models load.
CARRIERS: list[tuple[type[models.Model], PersonAddress]] = []


class PersonAddress(models.CharField):
    """The registered address (KATO) of the person named by the foreign key ``of``."""

    def __init__(self, of: str = "person", *args: Any, **kwargs: Any) -> None:
        self.of = of
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("verbose_name", _("registered address (KATO)"))
        super().__init__(*args, **kwargs)

    def get_default(self) -> Any:
        """None, not a text field's "": a set-based writer that leaves the column out is refused by
        the database (``NOT NULL``) instead of writing an empty address. A migration that adds the
        column to rows already there gives it an explicit default."""
        return super().get_default() if self.has_default() else None

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.of != "person":
            kwargs["of"] = self.of
        for key, default in (("max_length", 9), ("editable", False)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        if not cls._meta.abstract and cls.__module__ != "__fake__":
            CARRIERS.append((cls, self))
            signals.pre_save.connect(_saved_together, sender=cls, weak=False, dispatch_uid=f"{cls}.{name}")

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        key: Any = model_instance._meta.get_field(self.of)
        person_id = getattr(model_instance, key.attname)
        given = getattr(model_instance, self.attname)
        person: Any = key.get_cached_value(model_instance, default=None)
        # A new row's address given by its writer is taken at its word (the database checks it); a
        # row saved again takes its person's, which may have changed.
        if person_id is None:
            value = None
        elif given and add:
            value = given
        elif person is not None and person.pk == person_id:
            value = person.kato_id
        elif given:
            value = given
        else:
            value = (
                key.related_model._base_manager.filter(pk=person_id).values_list("kato_id", flat=True).first()
            )
        setattr(model_instance, self.attname, value)
        return value


def _saved_together(sender: type[models.Model], update_fields: Any = None, **kwargs: Any) -> None:
    """A save of some fields that changes a key to a person must save its address too."""
    if not update_fields:
        return
    for model, field in CARRIERS:
        if model is sender and field.name not in update_fields:
            key = sender._meta.get_field(field.of)
            if key.name in update_fields or key.attname in update_fields:  # type: ignore[union-attr]
                raise ValueError(
                    f"{sender.__name__}.save(update_fields=...) names {key.name} without {field.name}."
                )


def follow_move(person_id: int, code: str) -> int:
    """Give every row that refers to the person its new address; the number of rows changed.

    On PostgreSQL the keys have moved them already (they cascade), so this finds none there."""
    changed = 0
    for model, field in CARRIERS:
        key: Any = model._meta.get_field(field.of)
        changed += (
            model._base_manager.filter(**{key.attname: person_id})
            .exclude(**{field.attname: code})
            .update(**{field.attname: code})
        )
    return changed


def filled(*carriers: tuple[str, str, str]) -> Any:
    """A migration's step giving the rows already recorded their person's address.

    Each carrier is (table, key column, address column); one set-based ``UPDATE`` each, on either
    database (SQLite has ``UPDATE ... FROM`` since 3.33)."""
    from django.db import migrations

    def fill(apps: Any, schema_editor: Any) -> None:
        qn = schema_editor.connection.ops.quote_name
        with schema_editor.connection.cursor() as cursor:
            for table, key, column in carriers:
                cursor.execute(
                    f"UPDATE {qn(table)} SET {qn(column)} = p.kato_code "  # noqa: S608 (quoted names)
                    f"FROM registry_person p WHERE p.id = {qn(table)}.{qn(key)}"
                )

    return migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)
