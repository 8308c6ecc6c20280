"""Bank payment registries of an approved payroll: CSV and ISO 20022 ``pain.001.001.03`` XML.

One payment per assignment and bank (the net of its lines: the month, arrears, minus recoveries);
its end-to-end reference ``KMK<payroll>-<assignment>`` is what a bank's return file names. Rows are
read with a server-side cursor and the XML is built as text chunks, so a million payments stream
in constant memory. The XSD ships in ``schemas/`` (ISO 20022, reproduced as the ISO terms allow).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import connection
from django.utils import timezone

from komek.benefits.iban import make_iban
from komek.payments.models import Payroll
from komek.payments.purposes import purposes
from komek.payments.territory import lines_in_sql

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "pain.001.001.03.xsd"
NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
CSV_HEADER = ["reference", "iin", "surname", "name", "patronymic", "iban", "bic", "amount", "purpose"]
_CHUNK = 10_000


@dataclass(frozen=True)
class Payer:
    name: str
    iban: str
    bic: str


def payer() -> Payer:
    """The department's account at the Treasury (``KOMEK_PAYER`` in the settings overrides it)."""
    conf = getattr(settings, "KOMEK_PAYER", None) or {}
    return Payer(
        name=conf.get("name", "Department of Employment and Social Programs"),
        iban=conf.get("iban", make_iban("070", "0000000000001")),
        bic=conf.get("bic", "KKMFKZ2A"),
    )


def reference(payroll_id: int, assignment_id: int) -> str:
    return f"KMK{payroll_id}-{assignment_id}"


def _payments(payroll: Payroll) -> str:
    """The payroll's payments to one bank (parameters: the payroll, the bank), from its lines'
    partition only (ADR 0057)."""
    return f"""
        FROM payments_paymentline l
        JOIN benefits_assignment a ON a.id = l.assignment_id
        JOIN registry_person p ON p.id = a.recipient_id
        WHERE l.payroll_id = %s AND l.bank_id = %s AND l.status = 'pending'
          AND {lines_in_sql(payroll.prefix)}
        GROUP BY a.id, p.iin, p.surname, p.name, p.patronymic, p.language, l.iban
        HAVING SUM(l.amount) > 0
    """  # noqa: S608 (the range's bounds are digits)


def banks_of(payroll: Payroll) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT bank_id FROM payments_paymentline "  # noqa: S608 (the bounds are digits)
            f"WHERE payroll_id = %s AND {lines_in_sql(payroll.prefix, '')} ORDER BY bank_id",
            [payroll.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def totals(payroll: Payroll, bic: str) -> tuple[int, int]:
    """Number of payments and their sum for one bank."""
    with connection.cursor() as cursor:
        nets = f"SELECT SUM(l.amount) AS net {_payments(payroll)}"  # noqa: S608
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(net), 0) FROM ({nets}) t", [payroll.pk, bic])  # noqa: S608
        count, total = cursor.fetchone()
    return int(count), int(total)


def payments(payroll: Payroll, bic: str) -> Iterator[tuple[Any, ...]]:
    """(assignment id, IIN, surname, name, patronymic, the recipient's language, IBAN, net amount),
    in assignment order."""
    columns = "a.id, p.iin, p.surname, p.name, p.patronymic, p.language, l.iban, SUM(l.amount)"
    sql = f"SELECT {columns} {_payments(payroll)} ORDER BY a.id"  # noqa: S608
    connection.ensure_connection()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [payroll.pk, bic])
        while rows := cursor.fetchmany(_CHUNK):
            yield from rows


def purpose(payroll: Payroll, language: str = "") -> str:
    """The payment purpose in the recipient's language (Russian when unknown)."""
    texts = purposes(payroll.programme, payroll.month)
    return texts.get(language or "", texts[""])


def csv_chunks(payroll: Payroll, bic: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    texts = purposes(payroll.programme, payroll.month)
    for n, (aid, iin, surname, name, patronymic, lang, iban, amount) in enumerate(payments(payroll, bic), 1):
        text = texts.get(lang or "", texts[""])
        writer.writerow([reference(payroll.pk, aid), iin, surname, name, patronymic, iban, bic, amount, text])
        if n % _CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _amount(tenge: int) -> str:
    return f"{tenge}.00"


def pain001_chunks(payroll: Payroll, bic: str, *, limit: int | None = None) -> Iterator[str]:
    """The registry for one bank as pain.001.001.03 text chunks (``limit``: the first N payments)."""
    count, total = totals(payroll, bic)
    rows: Iterator[tuple[Any, ...]] = payments(payroll, bic)
    if limit is not None and limit < count:
        rows = _first(rows, limit)
        count, total = _count_sum(payroll, bic, limit)
    src = payer()
    now = timezone.localtime()
    message_id = f"KMK{payroll.pk}-{bic}-{now:%Y%m%d%H%M%S}"[:35]
    execution = max(payroll.month, timezone.localdate())
    e = escape
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="{NAMESPACE}"><CstmrCdtTrfInitn>'
        f"<GrpHdr><MsgId>{message_id}</MsgId><CreDtTm>{now:%Y-%m-%dT%H:%M:%S}</CreDtTm>"
        f"<NbOfTxs>{count}</NbOfTxs><CtrlSum>{_amount(total)}</CtrlSum><InitgPty><Nm>{e(src.name[:140])}</Nm></InitgPty>"
        f"</GrpHdr><PmtInf><PmtInfId>{e(message_id)}</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg>"
        f"<NbOfTxs>{count}</NbOfTxs><CtrlSum>{_amount(total)}</CtrlSum>"
        f"<ReqdExctnDt>{execution:%Y-%m-%d}</ReqdExctnDt><Dbtr><Nm>{e(src.name[:140])}</Nm></Dbtr>"
        f"<DbtrAcct><Id><IBAN>{src.iban}</IBAN></Id><Ccy>KZT</Ccy></DbtrAcct>"
        f"<DbtrAgt><FinInstnId><BIC>{src.bic}</BIC></FinInstnId></DbtrAgt><ChrgBr>SLEV</ChrgBr>\n"
    )
    texts = {lang: e(text) for lang, text in purposes(payroll.programme, payroll.month).items()}
    parts: list[str] = []
    for aid, iin, surname, name, patronymic, lang, iban, amount in rows:
        text = texts.get(lang or "", texts[""])
        full = e(" ".join(x for x in (surname, name, patronymic) if x)[:140])
        parts.append(
            f"<CdtTrfTxInf><PmtId><EndToEndId>{reference(payroll.pk, aid)}</EndToEndId></PmtId>"
            f'<Amt><InstdAmt Ccy="KZT">{amount}.00</InstdAmt></Amt>'
            f"<CdtrAgt><FinInstnId><BIC>{bic}</BIC></FinInstnId></CdtrAgt>"
            f"<Cdtr><Nm>{full}</Nm><Id><PrvtId><Othr><Id>{iin}</Id><SchmeNm><Prtry>IIN</Prtry></SchmeNm>"
            f"</Othr></PrvtId></Id></Cdtr><CdtrAcct><Id><IBAN>{iban}</IBAN></Id></CdtrAcct>"
            f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf></CdtTrfTxInf>\n"
        )
        if len(parts) >= 2000:
            yield "".join(parts)
            parts.clear()
    parts.append("</PmtInf></CstmrCdtTrfInitn></Document>\n")
    yield "".join(parts)


def _first(rows: Iterator[tuple[Any, ...]], n: int) -> Iterator[tuple[Any, ...]]:
    for i, row in enumerate(rows):
        if i >= n:
            return
        yield row


def _count_sum(payroll: Payroll, bic: str, limit: int) -> tuple[int, int]:
    amounts = [row[-1] for row in _first(payments(payroll, bic), limit)]
    return len(amounts), int(sum(amounts))


@cache
def schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def validate_file(path: Path) -> int:
    """Validate a pain.001 file against the XSD while parsing it (constant memory); returns the
    number of transactions, or raises ``lxml.etree.XMLSyntaxError`` naming the first fault."""
    from lxml import etree

    count = 0
    tag = f"{{{NAMESPACE}}}CdtTrfTxInf"
    for _event, element in etree.iterparse(str(path), events=("end",), schema=schema(), huge_tree=True):
        if element.tag == tag:
            count += 1
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return count


def validate_bytes(data: bytes) -> None:
    from lxml import etree

    schema().assertValid(etree.fromstring(data))


def file_name(payroll: Payroll, bic: str, fmt: str) -> str:
    ext = "xml" if fmt == "pain001" else "csv"
    source = (
        (payroll.budget_source,) if payroll.budget_source else ()
    )  # a payroll made before: its one source
    parts = (f"{payroll.month:%Y-%m}", payroll.programme, *source, payroll.territory, bic)
    return "payroll-" + "-".join(parts) + f".{ext}"
