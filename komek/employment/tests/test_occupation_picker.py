"""The occupation picker: an occupation by code, by the list's "code — title", by its title in any
language or the start of one; a name that fits none or several is named in the error."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from komek.employment.forms.occupations import OccupationField
from komek.employment.models import Occupation

pytestmark = pytest.mark.django_db


class One(forms.Form):
    occupation = OccupationField(label="Occupation")


class Many(forms.Form):
    professions = OccupationField(label="Professions", multiple=True, limit=3)


@pytest.mark.parametrize(
    "typed",
    ["7212", "7212 — Сварщики и газорезчики", "Сварщики и газорезчики (7212)", "сварщики",
     "Дәнекерлеушілер мен газбен кесушілер", "welders and flame cutters", "Welders"],
)  # fmt: skip
def test_one_occupation_by_code_or_by_name(occupations, typed):
    form = One({"occupation": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation"] == "7212"


def test_a_name_that_fits_none_or_several_is_named(occupations):
    with translation.override("en"):
        unknown = One({"occupation": "astronaut"})
        assert not unknown.is_valid()
        assert "«astronaut» is not an occupation of the classifier" in unknown.errors["occupation"][0]
        several = One({"occupation": "Слесари"})
        assert not several.is_valid()
        message = several.errors["occupation"][0]
        assert "«Слесари» names several occupations" in message and "7222" in message
        assert not One({"occupation": "9999"}).is_valid()  # a code the classifier does not have


def test_several_professions_separated_by_commas(occupations):
    typed = "7212 — Сварщики и газорезчики, Воспитатели дошкольных организаций (2342), 7212"
    form = Many({"professions": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["professions"] == ["7212", "2342"]  # each once, in the order given
    too_many = Many({"professions": "7212, 2342, 7222, 7233"})
    assert not too_many.is_valid() and "professions" in too_many.errors


def test_the_list_offers_the_classifier_in_the_readers_language(occupations):
    with translation.override("kk"):
        html = str(One()["occupation"])
    assert 'list="id_occupation-occupations"' in html and '<datalist id="id_occupation-occupations">' in html
    assert '<option value="7212 — Дәнекерлеушілер мен газбен кесушілер">' in html
    assert html.count("<option") == Occupation.objects.count() > 400
