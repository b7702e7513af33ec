"""The job list on the page layer: the user's own jobs, filtered, paged and exported as the filters show them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.core.jobs.models import Job
from gonghui.core.testing.exports import export_of
from gonghui.core.testing.world import World

URL = reverse("jobs:job_list")


def _job(user: Any, title: str, status: str) -> Job:
    return Job.unscoped.create(
        kind="test.job",
        task_path="gonghui.core.jobs.tests.tasks.write_rows",
        title=title,
        owner_id=user.pk,
        owner_username=user.username,
        union_path=user.union.path,
        status=status,
        message=f"{title}: done",
    )


def test_the_job_list_filters_and_exports_the_users_own_jobs(world: World, client_for: Any) -> None:
    # given Carol's three jobs and one of Bob's
    _job(world.carol, "会员导入 一", Job.Status.SUCCEEDED)
    _job(world.carol, "会员导入 二", Job.Status.FAILED)
    _job(world.carol, "单位导出", Job.Status.SUCCEEDED)
    _job(world.bob, "会员导入 鲍勃", Job.Status.SUCCEEDED)
    carol = client_for(world.carol)

    # when Carol searches her imports that succeeded
    exported = export_of(carol, URL, {"q": "会员导入", "status": Job.Status.SUCCEEDED})

    # then the page and its export hold that one job, and none of Bob's
    assert exported.column("任务") == ["会员导入 一"]
    assert exported.column("状态") == [str(Job.Status.SUCCEEDED.label)]
    assert len(export_of(carol, URL).rows) == 3
    assert "会员导入 鲍勃" not in export_of(carol, URL).column("任务")


def test_an_empty_filter_says_so(world: World, client_for: Any) -> None:
    _job(world.carol, "会员导入", Job.Status.SUCCEEDED)
    page = client_for(world.carol).get(URL, {"status": Job.Status.CANCELLED})
    assert page.context["page"].total == 0
    assert "没有符合条件的任务" in page.content.decode()
