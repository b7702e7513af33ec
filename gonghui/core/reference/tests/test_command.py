"""The ``gonghui loadreference`` command, with and without --check."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gonghui.core.reference.kinds import KINDS
from gonghui.core.reference.models import Industry, PoliticalStatus, ReferenceLoad


def run(*args: str) -> str:
    out = StringIO()
    call_command("loadreference", *args, stdout=out)
    return out.getvalue()


def test_the_command_loads_and_prints_counts_per_kind(db):
    output = run()
    assert "industry" in output
    assert "117 created" in output
    assert "division" in output
    assert "171 created" in output
    assert Industry.objects.count() == 117
    # a second run reports that nothing changed
    assert "up to date" in run()


def test_check_reports_differences_and_writes_nothing(db):
    # given empty tables, when checked
    output = run("--check")
    # then the would-be creations are listed, nothing is written
    assert "117 would be created" in output
    assert "+ 01 汉族" in output
    assert "nothing was written" in output
    assert not any(kind.model.objects.exists() for kind in KINDS.values())
    assert not ReferenceLoad.objects.exists()


def test_check_after_a_load_shows_updates_and_deactivations(loaded, data_dir):
    text = (data_dir / "political_status.csv").read_text(encoding="utf-8")
    text = text.replace("13,群众,", "13,人民群众,").replace("12,无党派人士,无党派民主人士|无党派\n", "")
    (data_dir / "political_status.csv").write_text(text, encoding="utf-8")
    output = run("--check", "--from", str(data_dir))
    assert "~ 13 name: '群众' → '人民群众'" in output
    assert "- 12 (to be marked inactive)" in output
    assert PoliticalStatus.objects.get(code="13").name == "群众"
    assert PoliticalStatus.objects.get(code="12").active


def test_a_bad_file_stops_the_command_with_its_problems(db, data_dir):
    path = data_dir / "ethnic_groups.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("02,蒙古族", "01,蒙古族"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"ethnic_groups.csv:3: code 01 repeats"):
        run("--from", str(data_dir))
    assert not Industry.objects.exists()
