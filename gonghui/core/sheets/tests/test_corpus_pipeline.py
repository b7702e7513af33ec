"""Every file of the bad-file corpus through the pipeline: a clear Chinese message, nothing written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from gonghui.core.audit.models import AuditEvent
from gonghui.core.audit.services import Action, audit_record
from gonghui.core.sheets import engine
from gonghui.core.sheets.specs import Column, SheetSpec, register
from gonghui.core.sheets.tests.corpus.make_corpus import CORPUS
from gonghui.core.testing.world import World
from gonghui.core.tree.models import Union
from gonghui.core.tree.scoping import acting_as, system_scope

pytestmark = pytest.mark.django_db
CORPUS_DIR = Path(__file__).parent / "corpus"
CJK = re.compile(r"[\u4e00-\u9fff]")


@register
class CorpusMemberSheet(SheetSpec):
    """A member-like sheet for the corpus (the member module declares the real one): every
    valid row it writes leaves an audit row, so "nothing written" can be counted."""

    kind = "test_corpus_members"
    title = "测试会员"
    import_permission = "tree.add_union"
    columns = (
        Column("name", "姓名", required=True),
        Column("sex", "性别"),
        Column("id_number", "证件号码", synonyms=("身份证号", "身份证号码"), type="code", digits=18, required=True),
        Column("phone", "移动电话", synonyms=("手机号码", "联系电话"), type="code", digits=11),
        Column("born", "出生日期", type="date"),
        Column("employer", "工作单位", synonyms=("单位名称",)),
    )

    def validate_row(self, run, row):
        row.action = "create"

    def write_batch(self, run, rows):
        for row in rows:
            audit_record(Action.CREATE, actor=run.actor, union=run.root, note=f"corpus row {row.number}")
        run.created += len(rows)


def counts() -> tuple[int, int]:
    with system_scope("test"):
        return Union.unscoped.count(), AuditEvent.objects.exclude(action=Action.IMPORT).count()


BAD = [item for item in CORPUS if item.kind == "refused" or (item.kind == "cell" and item.fatal)]
FLAGGED = [item for item in CORPUS if item.kind == "notice" or (item.kind == "cell" and not item.fatal)]


def test_the_corpus_has_at_least_twenty_bad_files() -> None:
    assert len(BAD) >= 20
    for item in CORPUS:
        assert (CORPUS_DIR / item.name).exists(), item.name


@pytest.mark.parametrize("item", BAD, ids=lambda item: item.name)
def test_a_bad_file_gets_a_chinese_message_and_writes_nothing(world: World, tmp_path: Path, item) -> None:
    # Given a bad file from the corpus, uploaded under its own name
    path = tmp_path / item.name
    shutil.copyfile(CORPUS_DIR / item.name, path)
    before = counts()
    # When Alice imports it in Chinese
    with translation.override("zh-hans"), acting_as(world.alice):
        report = engine.write_file(CorpusMemberSheet(), path, item.name, actor=world.alice, root=world.county)
    # Then it is refused or its rows are errors, each message in Chinese, and nothing is written
    assert not report.written
    messages = report.messages()
    assert messages, item.name
    assert all(CJK.search(m) for m in messages), messages
    if item.kind == "refused":
        assert report.refused
        assert report.exit_code == 2
    else:
        assert report.error_count
        assert report.exit_code == 1
    assert counts() == before


@pytest.mark.parametrize("item", FLAGGED, ids=lambda item: item.name)
def test_a_damaged_but_readable_file_is_flagged_in_chinese(world: World, tmp_path: Path, item) -> None:
    # Given a file the reader repairs or reads with a finding
    path = tmp_path / item.name
    shutil.copyfile(CORPUS_DIR / item.name, path)
    # When Alice checks it in Chinese
    with translation.override("zh-hans"), acting_as(world.alice):
        report = engine.validate_file(CorpusMemberSheet(), path, item.name, actor=world.alice, root=world.county)
    # Then the preview names what was found, in Chinese
    found = report.notices + [w["message"] for w in report.warning_list] + report.messages()
    assert found, item.name
    assert all(CJK.search(m) for m in found), found
