"""The one access policy: who may do what, and where.

Every service and selector of every context asks this module, and nothing else, whether an actor
holds a capability and whether a row lies in the actor's territory. Two kinds of actor exist:

* a member of staff (:class:`~komek.accounts.models.User`), whose role gives the capabilities
  (:mod:`komek.accounts.roles`) and whose territorial units and reach give the KATO prefixes;
* the system itself (:class:`SystemActor`, made by :func:`system`): a nightly job, a command run by
  an operator, the e-government portal's channel. It may do anything everywhere, and it is always
  named, so the audit log says which job acted. ``None`` is never an actor: a service called with
  ``actor=None`` fails loudly instead of silently skipping the check.

The user's territory is read from the database once per user object (so once per request) and
dropped when the user's units change (see ``komek.accounts.signals``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from komek.common import partitions
from komek.common.errors import PermissionDenied

if TYPE_CHECKING:
    from komek.accounts.models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class SystemActor:
    """The system acting on its own behalf, under a name the audit log shows (``system:<name>``)."""

    name: str
    pk: None = None
    is_authenticated: bool = False
    is_active: bool = True

    @property
    def username(self) -> str:
        return f"system:{self.name}"

    def can(self, capability: str) -> bool:
        return True

    def territory_prefixes(self) -> list[str] | None:
        return None


def system(name: str) -> SystemActor:
    """The system acting as ``name`` (a job or command: ``payroll-run``, ``rehab-replacements``)."""
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"A system actor needs a plain name, not {name!r}.")
    return SystemActor(name=name)


@dataclass(frozen=True)
class CitizenActor:
    """A citizen signed in on the portal (``/my/``), acting for themselves: named in the audit log
    as ``citizen:<IIN>``. A citizen receives their own applications, consents to their own offers and
    corrects their own contacts, in their own unit only; nothing else. The portal's services decide
    whose records a citizen acts on (the family they belong to); the policy only keeps the citizen
    to those capabilities and to their unit."""

    person_id: int
    iin: str
    kato: str
    pk: None = None
    is_authenticated: bool = False
    is_active: bool = True

    @property
    def username(self) -> str:
        return f"citizen:{self.iin}"

    def can(self, capability: str) -> bool:
        from komek.accounts.choices import Capability

        return capability in {
            Capability.APPLICATION_INTAKE,
            Capability.PROACTIVE_MANAGE,
            Capability.PERSON_EDIT,
        }

    def territory_prefixes(self) -> list[str] | None:
        return [self.kato]


def citizen(*, person_id: int, iin: str, kato: str) -> CitizenActor:
    """The citizen ``iin`` (person ``person_id`` of the registry, living in unit ``kato``)."""
    if not (len(iin) == 12 and iin.isdigit()) or not kato:  # noqa: PLR2004
        raise ValueError("A citizen actor needs the person's IIN and unit.")
    return CitizenActor(person_id=person_id, iin=iin, kato=kato)


if TYPE_CHECKING:
    #: Who acts: a member of staff or the named system, or a citizen on the portal. Annotate services with it.
    Actor: TypeAlias = User | SystemActor | CitizenActor


#: Whoever typed a user name at the login page: the only actor that is nobody in particular.
ANONYMOUS = SystemActor(name="anonymous")


def _checked(actor: Actor | None) -> User | SystemActor | CitizenActor:
    if actor is None:
        raise TypeError("No actor: pass the signed-in user or komek.accounts.policy.system(name).")
    return actor


def can(actor: Actor | None, capability: str) -> bool:
    """Whether the actor's role (or the system) allows ``capability``."""
    return _checked(actor).can(capability)


def require(actor: Actor | None, *capabilities: str) -> None:
    """Refuse unless the actor holds every one of ``capabilities``."""
    checked = _checked(actor)
    if not all(checked.can(c) for c in capabilities):
        raise PermissionDenied(_("Your role does not allow this action."))


def require_any(actor: Actor | None, *capabilities: str) -> None:
    """Refuse unless the actor holds at least one of ``capabilities``."""
    checked = _checked(actor)
    if not any(checked.can(c) for c in capabilities):
        raise PermissionDenied(_("Your role does not allow this action."))


def prefixes(actor: Actor | None) -> list[str] | None:
    """The KATO prefixes the actor may see and act in; ``None`` means the whole country."""
    return _checked(actor).territory_prefixes()


def in_territory(actor: Actor | None, kato_code: str) -> bool:
    """Whether a KATO code lies in the actor's territory."""
    allowed = prefixes(actor)
    return allowed is None or any((kato_code or "").startswith(p) for p in allowed)


def require_territory(actor: Actor | None, kato_code: str, *, field: str = "kato") -> None:
    """Refuse an address outside the actor's territorial units (the error names ``field``)."""
    if not in_territory(actor, kato_code):
        raise PermissionDenied(_("This address is outside your territorial units."), field=field)


def prefix_q(prefix: str, field: str, *, ranged: bool = False) -> Q:
    """Rows whose KATO ``field`` starts with ``prefix``; ``ranged`` states it as a range as well
    (``>= '3516' AND < '3517'``) for a table partitioned by region on that column (ADR 0053):
    PostgreSQL prunes partitions on the range, never on the ``LIKE``, which stays for the
    ``varchar_pattern_ops`` indexes. Only partition keys get the range: on another column the
    planner would take the two conditions for independent and expect far fewer rows."""
    q = Q(**{f"{field}__startswith": prefix})
    if ranged and prefix:
        q &= Q(**{f"{field}__gte": prefix})
        upper = partitions.upper_bound(prefix)
        if upper is not None:
            q &= Q(**{f"{field}__lt": upper})
    return q


def prefixes_q(allowed: Iterable[str] | None, field: str, *, ranged: bool = False) -> Q:
    """Rows whose KATO ``field`` starts with one of ``allowed`` (``None``: everywhere)."""
    if allowed is None:
        return Q()
    q = Q(pk__in=[])
    for prefix in allowed:
        q |= prefix_q(prefix, field, ranged=ranged)
    return q


def is_partition_key(model: type[Model] | None, field: str) -> bool:
    """Whether ``field`` is the column ``model``'s table is partitioned on by region (ADR 0053),
    named itself or through its foreign key (a person's ``kato__code`` is its ``kato_code``)."""
    key = partitions.TABLES.get(model._meta.db_table) if model is not None else None
    if key is None or field == key:
        return key is not None
    name, _sep, target = field.partition("__")
    try:
        relation = model._meta.get_field(name)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return False
    return bool(
        relation.many_to_one
        and getattr(relation, "column", None) == key
        and relation.target_field.name == target  # type: ignore[union-attr]
    )


def territory_q(actor: Actor | None, field: str, *, model: type[Model] | None = None) -> Q:
    """The filter keeping the rows whose KATO ``field`` lies in the actor's territory (``model``:
    the model ``field`` is a column of, so that a partitioned table's query prunes)."""
    return prefixes_q(prefixes(actor), field, ranged=is_partition_key(model, field))


def scoped(queryset: QuerySet[M], actor: Actor | None, *, field: str) -> QuerySet[M]:
    """``queryset`` narrowed to the actor's territory through the KATO ``field``."""
    allowed = prefixes(actor)
    if allowed is None:
        return queryset
    return queryset.filter(prefixes_q(allowed, field, ranged=is_partition_key(queryset.model, field)))


def visible(queryset: QuerySet[M], actor: Actor | None, *capabilities: str, field: str) -> QuerySet[M]:
    """The rows of ``queryset`` the actor may read: every capability held, then the territory."""
    require(actor, *capabilities)
    return scoped(queryset, actor, field=field)
