"""The supervisor keeps worker processes running and stops them with itself."""

from __future__ import annotations

import sys

from gonghui.core.jobs.worker import Supervisor


class SleepingSupervisor(Supervisor):
    def command(self) -> list[str]:
        return [sys.executable, "-c", "import time; time.sleep(60)"]


def test_workers_are_started_restarted_and_stopped():
    supervisor = SleepingSupervisor(2)
    try:
        # when it starts
        supervisor.check()
        first = [p.pid for p in supervisor.processes if p is not None]
        assert len(first) == 2
        # and one worker dies
        supervisor.processes[0].kill()
        supervisor.processes[0].wait()
        supervisor.check()
        # then that one alone is replaced
        assert supervisor.processes[0].pid != first[0]
        assert supervisor.processes[1].pid == first[1]
        assert all(p.poll() is None for p in supervisor.processes)
    finally:
        # when it stops, every worker stops with it
        supervisor.stop(timeout=5)
    assert all(p.poll() is not None for p in supervisor.processes)
    # and it starts none after that
    supervisor.check()
    assert all(p.poll() is not None for p in supervisor.processes)


def test_the_worker_command_watches_its_parent():
    command = Supervisor(1).command()
    assert command[1:6] == ["-m", "gonghui.cli", "worker", "--processes", "1"]
    assert "--parent-pid" in command
