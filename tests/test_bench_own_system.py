"""The lifecycle benchmark's second system, with the read model on PostgreSQL (issue 5, point 4).

Not a timed test: it checks that the benchmark can start that system, drive pairs through it both ways,
and leaves nothing behind. Figures are printed by `bench/bench_lifecycle.py` only.
"""

from __future__ import annotations

import os
import subprocess
import time
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.bench_lifecycle import Target, measure, system_processes
from bench.own_system import admin_url, descendants, fresh_database, postgres_system

POSTGRES_URL = os.environ.get("NASTAVNIK_TEST_DATABASE_URL", "")
on_postgres = pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgresql"), reason="needs NASTAVNIK_TEST_DATABASE_URL (PostgreSQL)"
)


def database_exists(name: str) -> bool:
    engine = create_engine(admin_url(POSTGRES_URL))
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            return found.first() is not None
    finally:
        engine.dispose()


def test_descendants_include_the_children_of_children() -> None:
    shell = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30 & wait"])
    try:
        deadline = time.monotonic() + 10
        while len(descendants(shell.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(descendants(shell.pid)) == 2
        assert shell.pid not in descendants(shell.pid)
    finally:
        for pid in descendants(shell.pid):
            os.kill(pid, 9)
        shell.kill()
        shell.wait()


@on_postgres
def test_the_benchmark_database_is_fresh_and_dropped_afterwards() -> None:
    name = f"nastavnik_bench_test_{uuid4().hex[:8]}"
    with fresh_database(POSTGRES_URL, name) as url:
        assert make_url(url).database == name
        assert database_exists(name)
    assert not database_exists(name)


@on_postgres
async def test_the_benchmark_drives_pairs_through_a_system_on_postgresql_and_stops_it() -> None:
    run = uuid4().hex[:8]
    with postgres_system(POSTGRES_URL, run) as system:
        port = int(system.api_url.rpartition(":")[2])
        temporal_port = int(system.temporal_address.rpartition(":")[2])
        processes = system_processes(port, temporal_port, within=descendants(system.launcher_pid))
        assert sorted(proc.role for proc in processes) == ["API", "Temporal dev server", "worker"]
        target = Target("test", system.api_url, system.temporal_address, system.database_url, processes)
        outcome = await measure(target, pairs=2, clients=2, run=run, lone=1)
        assert outcome is not None and outcome.ceiling is not None and outcome.bare is not None
        assert (outcome.api.completed, outcome.ceiling.completed, outcome.bare.completed) == (2, 2, 2)
        assert len(outcome.api.transitions) == len(outcome.ceiling.transitions) == 10
        assert len(outcome.bare.transitions) == 10
        assert outcome.ratios() is not None and outcome.ratios_to_bare(outcome.api) is not None
        assert outcome.lone_p50_ratio() is not None and not outcome.failed
    assert not database_exists(f"nastavnik_bench_{run}")
    assert all(proc.memory() is None for proc in processes)  # every process of that system has ended
