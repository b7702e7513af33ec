"""Ids and years read from paths and query strings: what no object has is refused before the database."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve, reverse

from gonghui.core.web.converters import MAX_ID, parse_id, parse_year


def test_an_id_in_a_path_past_a_64_bit_integer_resolves_to_nothing():
    assert resolve(f"/unions/{MAX_ID}/").kwargs == {"union_id": MAX_ID}
    with pytest.raises(Resolver404):
        resolve(f"/unions/{MAX_ID + 1}/")
    with pytest.raises(Resolver404):
        resolve("/unions/99999999999999999999999999/")
    assert reverse("tree:union_detail", kwargs={"union_id": 7}) == "/unions/7/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (12, 12),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("²", None),
        ("１２", None),
        ("12a", None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", 2026),
        ("1900", 1900),
        ("2999", 2999),
        ("1899", None),
        ("3000", None),
        (str(2**63), None),
        ("²⁰²⁶", None),
        ("", None),
        ("20x6", None),
    ],
)
def test_parse_year(value, expected):
    assert parse_year(value) == expected
