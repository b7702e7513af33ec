"""Leak-walker samplers for the jobs app: a job owned by Carol, in township A's subtree."""

from __future__ import annotations

import uuid

from gonghui.core.jobs.models import Job
from gonghui.core.testing.leakwalker import sampler
from gonghui.core.testing.world import MARKER, World

# Fixed, so the sampler is idempotent across calls and test databases.
CAROL_JOB_ID = uuid.UUID("7f3a1c00-0000-4000-8000-00000000a7f3")


@sampler("job_id")
def _job(world: World) -> uuid.UUID:
    job, _created = Job.unscoped.get_or_create(
        pk=CAROL_JOB_ID,
        defaults={
            "kind": "leakwalker.sample",
            "task_path": "gonghui.core.jobs.tests.tasks.write_rows",
            "title": f"{MARKER} 会员导入",
            "owner_id": world.carol.pk,
            "owner_username": world.carol.username,
            "union_path": world.carol.union.path,
            "status": Job.Status.FAILED,
            "message": f"{MARKER} 失败",
        },
    )
    return job.pk
