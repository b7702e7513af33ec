"""The jobs pages: my jobs, the progress page and its polling, download and retry."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.audit.models import AuditEvent
from gonghui.core.jobs.models import Job
from gonghui.core.jobs.services import job_start
from gonghui.core.jobs.tests import tasks
from gonghui.core.web.navigation import items_for


def _report(world) -> Job:
    return job_start(
        actor=world.carol, task=tasks.make_report, title="统计报告", input_file=SimpleUploadedFile("a.txt", b"1\n2\n")
    )


def test_my_jobs_lists_only_my_own(world, client_for):
    # given a job of Carol's and one of Bob's (who may see Carol's union)
    _report(world)
    job_start(actor=world.bob, task=tasks.refuse, title="鲍勃的任务")
    # when Carol opens her jobs
    page = client_for(world.carol).get("/jobs/").content.decode()
    # then she sees hers only, with its status
    assert "统计报告" in page
    assert "鲍勃的任务" not in page
    assert 'data-status="succeeded"' in page
    # and Bob sees his only
    page = client_for(world.bob).get("/jobs/").content.decode()
    assert "鲍勃的任务" in page
    assert "统计报告" not in page


def test_navigation_has_my_jobs_for_data_roles_only(world):
    def labels(user):
        return [str(i["name"]) for s in items_for(user) for i in s["items"]]

    for user in (world.alice, world.bob, world.carol, world.leo, world.ann):
        assert "jobs:job_list" in labels(user)
    for user in (world.sam, world.audrey, world.wendy):
        assert "jobs:job_list" not in labels(user)


def test_a_finished_job_page_offers_the_result_and_stops_polling(world, client_for):
    job = _report(world)
    response = client_for(world.carol).get(job.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert f"/jobs/{job.pk}/download/" in body
    assert 'href="/jobs/"' in body
    assert "2 lines" in body
    assert 'hx-trigger="every' not in body  # no longer polling (the bell fetches its number once, on load)


def test_a_running_job_page_polls_as_background_and_shows_progress(world, client_for):
    # given a running job, 40 of 100 rows done
    job = Job.unscoped.create(
        kind="jobs.test_write_rows",
        task_path=tasks.write_rows.module_path,
        title="导入",
        owner_id=world.carol.pk,
        owner_username=world.carol.username,
        union_path=world.carol.union.path,
        status=Job.Status.RUNNING,
        done=40,
        total=100,
        stage="写入",
    )
    Job.unscoped.filter(pk=job.pk).update(started_at=job.created_at, heartbeat_at=job.created_at)
    client = client_for(world.carol)
    # when the page is polled by htmx
    response = client.get(job.get_absolute_url(), headers={"HX-Request": "true", "X-Gonghui-Background": "1"})
    body = response.content.decode()
    # then only the progress part comes back, polling every second as background activity
    assert "<html" not in body
    assert 'hx-trigger="every 1s"' in body
    assert '"X-Gonghui-Background": "1"' in body
    assert "40 / 100" in body
    assert "写入" in body
    assert 'aria-valuenow="40"' in body


def test_download_is_the_owners_only_and_audited(world, client_for):
    job = _report(world)
    # when Carol downloads her report
    response = client_for(world.carol).get(f"/jobs/{job.pk}/download/")
    # then she gets the file under its name, and the download is in the audit log
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f"{world.carol.username}: 2".encode()
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.unscoped.filter(object_id=str(job.pk), action=AuditEvent.Action.EXPORT).exists()
    # and nobody else may: not even Bob above her, nor the county administrator
    for other in (world.bob, world.alice, world.dan):
        assert client_for(other).get(f"/jobs/{job.pk}/download/").status_code == 404
        assert client_for(other).get(job.get_absolute_url()).status_code == 404


def test_run_again_button_starts_a_new_attempt(world, client_for):
    job = job_start(actor=world.carol, task=tasks.refuse, title="拒绝")
    client = client_for(world.carol)
    # GET does nothing
    assert client.get(f"/jobs/{job.pk}/retry/").status_code == 405
    # when Carol presses "run again"
    response = client.post(f"/jobs/{job.pk}/retry/")
    # then she is taken to the new attempt's page
    again = Job.unscoped.get(retry_of=job.pk)
    assert response.status_code == 302
    assert response["Location"] == again.get_absolute_url()
    # and Bob cannot retry Carol's job
    assert client_for(world.bob).post(f"/jobs/{job.pk}/retry/").status_code == 404


def test_a_worker_account_has_no_jobs_pages(world, client_for):
    assert client_for(world.wendy).get("/jobs/").status_code == 403
