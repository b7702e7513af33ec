"""Loading the files: creation, idempotence, updates, deactivation instead of deletion, refusal of bad files."""

from __future__ import annotations

import pytest

from gonghui.core.audit.models import AuditEvent
from gonghui.core.reference.files import ReferenceFileError
from gonghui.core.reference.kinds import KINDS
from gonghui.core.reference.models import Division, EthnicGroup, Industry, PoliticalStatus, ReferenceLoad
from gonghui.core.reference.services import reference_load, reference_plan

VILLAGE = "339901101201"  # 杏花村委会, 城关镇


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_line(path, starting: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(starting)]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")


def test_a_first_load_creates_every_row(db):
    # when the shipped files are loaded into empty tables
    report = reference_load(actor=None)
    # then every row is created, and the counts are those of the standards
    counts = report.summary()
    assert counts["industry"] == {"created": 117, "updated": 0, "deactivated": 0}
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97
    assert EthnicGroup.objects.count() == 58
    assert PoliticalStatus.objects.count() == 13
    assert Division.objects.filter(level="province").count() == 34
    for kind in KINDS.values():
        assert kind.model.objects.filter(active=True).count() == counts[kind.key]["created"] > 0
    # and divisions and industries point at their parents
    assert Industry.objects.get(code="13").section_id == "C"
    assert Division.objects.get(code=VILLAGE).parent.name == "城关镇"
    assert Division.objects.get(code="339901000000").parent_id == "330000000000"


def test_the_load_is_recorded_and_audited(db):
    report = reference_load(actor=None)
    assert report.load is not None
    assert ReferenceLoad.objects.get().summary["division"]["created"] == 171
    event = AuditEvent.unscoped.get(object_type="reference.referenceload", object_id=str(report.load.pk))
    assert event.action == AuditEvent.Action.IMPORT
    assert "industry +117" in event.note


def test_loading_twice_changes_nothing(loaded):
    # given the data loaded once
    before = {kind.key: dict(kind.model.objects.values_list("code", "updated_at")) for kind in KINDS.values()}
    # when it is loaded again from the same files
    report = reference_load(actor=None)
    # then nothing is created, updated or deactivated, and nothing is written
    assert not report.changed
    assert all(counts == {"created": 0, "updated": 0, "deactivated": 0} for counts in report.summary().values())
    assert report.load is None
    assert ReferenceLoad.objects.count() == 1
    after = {kind.key: dict(kind.model.objects.values_list("code", "updated_at")) for kind in KINDS.values()}
    assert after == before


def test_a_changed_name_is_updated_in_place(loaded, data_dir):
    # given a file where a name changed
    edit(data_dir / "political_status.csv", "13,群众,", "13,普通群众（新）,")
    # when it is loaded
    report = reference_load(actor=None, data_dir=data_dir)
    # then that row alone is updated, under the same code
    assert report.summary()["political_status"] == {"created": 0, "updated": 1, "deactivated": 0}
    assert report.kinds[[k.kind.key for k in report.kinds].index("political_status")].update["13"]["name"] == (
        "群众",
        "普通群众（新）",
    )
    assert PoliticalStatus.objects.get(code="13").name == "普通群众（新）"


def test_a_code_missing_from_its_file_is_deactivated_not_deleted(loaded, data_dir):
    # given a file without one village
    drop_line(data_dir / "divisions.csv", VILLAGE)
    # when it is loaded
    report = reference_load(actor=None, data_dir=data_dir)
    # then the village is kept, marked inactive
    assert report.summary()["division"] == {"created": 0, "updated": 0, "deactivated": 1}
    village = Division.objects.get(code=VILLAGE)
    assert village.active is False
    # and when the shipped file (which has it) is loaded again, it is back in use
    report = reference_load(actor=None)
    assert report.summary()["division"]["updated"] == 1
    assert Division.objects.get(code=VILLAGE).active is True


def test_a_new_code_is_created(loaded, data_dir):
    with (data_dir / "household_types.csv").open("a", encoding="utf-8") as f:
        f.write("9,其他户口,其他\n")
    report = reference_load(actor=None, data_dir=data_dir)
    assert report.summary()["household_type"] == {"created": 1, "updated": 0, "deactivated": 0}


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("ethnic_groups.csv", "02,蒙古族", "01,蒙古族", "code 01 repeats"),
        ("industries.csv", "13,农副食品加工业,division,C", "13,农副食品加工业,division,Z", "section 'Z'"),
        ("industries.csv", "14,食品制造业,division,C", "12,食品制造业,division,C", "out of order"),
        ("divisions.csv", f"{VILLAGE},杏花村委会,village,339901101000", f"{VILLAGE},杏花村委会,village,339901999000",
         "parent"),
        ("divisions.csv", f"{VILLAGE},杏花村委会,village,339901101000", "339901102299,杏花村委会,village,339901101000",
         "within its parent"),
        ("ownership.csv", "3,私营,", "3,私营,国有|", "names several codes"),
        ("skill_levels.csv", "code,name,synonyms", "code,name", "header"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_and_nothing_is_written(db, data_dir, file, old, new, problem):
    # given a file with a mistake
    edit(data_dir / file, old, new)
    # when it is loaded, then the load is refused with the file and the reason
    with pytest.raises(ReferenceFileError) as caught:
        reference_load(actor=None, data_dir=data_dir)
    assert any(file in p and problem in p for p in caught.value.problems), caught.value.problems
    # and nothing of any file was written
    assert not any(kind.model.objects.exists() for kind in KINDS.values())
    assert not ReferenceLoad.objects.exists()


def test_an_installation_overlay_replaces_a_shipped_file(db, data_dir, settings):
    # given the installation's data directory holding its own divisions file
    settings.DATA_DIR = data_dir.parent
    drop_line(data_dir / "divisions.csv", VILLAGE)
    # when the data is loaded without naming a directory
    reference_load(actor=None)
    # then the installation's file was used
    assert not Division.objects.filter(code=VILLAGE).exists()
    assert reference_plan().kinds[0].path == data_dir / "divisions.csv"


def test_a_real_county_file_with_its_prefecture_loads(db, data_dir):
    # given a county's own file in the NBS shape: province, prefecture, county, township, village
    (data_dir / "divisions.csv").write_text(
        "code,name,level,parent,synonyms\n"
        "330000000000,浙江省,province,,浙江\n"
        "330100000000,杭州市,prefecture,330000000000,\n"
        "330102000000,上城区,county,330100000000,\n"
        "330102001000,清波街道,township,330102000000,\n"
        "330102001001,清波门社区居委会,village,330102001000,清波门社区\n",
        encoding="utf-8",
    )
    # when it is loaded, then the chain of parents is stored
    reference_load(actor=None, data_dir=data_dir)
    village = Division.objects.get(code="330102001001")
    assert [village.parent.parent.parent.level, village.parent.parent.parent.parent_id] == [
        "prefecture",
        "330000000000",
    ]
