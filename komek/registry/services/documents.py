"""Documents attached to persons and families, stored as files outside the database."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts.choices import Capability
from komek.accounts.policy import require, require_territory
from komek.common import audit
from komek.common.audit import created
from komek.common.choices import AuditAction
from komek.common.errors import DomainError
from komek.registry.choices import DocumentType
from komek.registry.models import Document, Family, Person

if TYPE_CHECKING:
    from komek.accounts.models import User

# What the first bytes of each allowed kind look like: the client's Content-Type is not trusted.
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def sniff_content_type(head: bytes) -> str | None:
    for content_type, signatures in MAGIC.items():
        if any(head.startswith(sig) for sig in signatures):
            return content_type
    return None


@transaction.atomic
def document_attach(
    *,
    actor: User,
    upload: UploadedFile,
    doc_type: str,
    person: Person | None = None,
    family: Family | None = None,
) -> Document:
    """Attach an uploaded file (PDF, PNG or JPEG, within the size limit) to a person or a family.

    Only a member of staff attaches a document (it is kept under their name), never the system.
    """
    require(actor, Capability.DOCUMENT_ADD)
    if (person is None) == (family is None):
        raise DomainError(_("A document belongs to exactly one person or family."))
    require_territory(actor, (person or family).kato_id)  # type: ignore[union-attr]
    if doc_type not in DocumentType.values:
        raise DomainError(_("Unknown document type."), field="doc_type")
    limit = settings.KOMEK_DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            field="file",
            code="too_large",
        )
    if upload.size == 0:
        raise DomainError(_("The file is empty."), field="file")
    data = upload.read()
    content_type = sniff_content_type(data[:16])
    allowed = settings.KOMEK_DOCUMENT_CONTENT_TYPES
    if content_type not in allowed:
        raise DomainError(_("Only PDF, PNG and JPEG files are accepted."), field="file", code="content_type")
    digest = hashlib.sha256(data).hexdigest()
    document = Document(
        person=person,
        family=family,
        doc_type=doc_type,
        original_name=(upload.name or "")[-255:],
        content_type=content_type,
        extension=allowed[content_type],
        size=len(data),
        sha256=digest,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    document.file.save("upload", ContentFile(data), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    owner_person = person.pk if person else None
    audit.record(
        territory=(person or family).kato_id,  # type: ignore[union-attr]
        actor=actor,
        action=AuditAction.CREATE,
        object_type="registry.document",
        object_id=document.pk,
        person_id=owner_person,
        changes=created(
            {
                "doc_type": doc_type,
                "size": len(data),
                "content_type": content_type,
                "family": family.pk if family else None,
            }
        ),
    )
    return document
