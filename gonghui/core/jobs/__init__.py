"""Background jobs: long work that outlives the request, with live progress (docs/jobs.md).

``runner.job_task`` makes a job function, ``services.job_start`` / ``job_retry`` run it,
``schedule.register_periodic`` runs a function every so often; the job tables live under
their own database alias so progress commits while the work's transaction is still open.
"""
