"""``komek proactive scan``: figures per programme as text and as JSON; bad input on stderr."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from komek.cli import translate
from komek.proactive.models import Item

pytestmark = pytest.mark.django_db


def test_the_alias() -> None:
    assert translate(["proactive", "scan", "--territory", "351600000"])[0] == "proactive_scan"


def test_text_and_json(phoned: Any, recipient_family: Any, month: Any) -> None:
    out = io.StringIO()
    call_command("proactive_scan", territory="351600000", month=f"{month:%Y-%m}", stdout=out)
    text = out.getvalue()
    assert text.startswith("Proactive scan — ") and "\ntsa " in text and "left out: housing" in text
    assert phoned.head.full_name not in text  # figures only
    out = io.StringIO()
    call_command("proactive_scan", territory="351600000", month=f"{month:%Y-%m}", json=True, stdout=out)
    data = json.loads(out.getvalue())
    tsa = next(p for p in data["programmes"] if p["code"] == "tsa")
    assert tsa["title"] == "Targeted social assistance" and tsa["not_eligible"] == 1
    assert tsa["candidates"] == Item.objects.filter(programme="tsa", kind="candidate").count()
    assert data["items"]["added"] == 0 and data["month"] == f"{month:%Y-%m}"


def test_bad_input(capsys: Any, phoned: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        call_command("proactive_scan", territory="351600000", month="2020-13x")
    assert exit_.value.code == 2 and "is not a month" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("proactive_scan", territory="000")
    assert "Unknown KATO code" in capsys.readouterr().err
