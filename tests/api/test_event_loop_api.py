"""The API's event loop never blocks on the database (issue 13 §7): a command whose database write waits
for a lock waits on its own thread, and every other request is answered meanwhile."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time

import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.api.conftest import School
from tests.api.helpers_matrix import stand_at

DATABASE = make_url(os.environ["NASTAVNIK_DATABASE_URL"])


@pytest.mark.skipif(DATABASE.get_backend_name() != "sqlite", reason="holds SQLite's write lock")
async def test_a_command_waiting_for_the_database_does_not_hold_up_other_requests(
    api: httpx.AsyncClient, school: School
) -> None:
    stand = await stand_at(api, school, "ready")
    blocker = sqlite3.connect(str(DATABASE.database), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the database's write lock, held as a long transaction would
    try:
        command = asyncio.create_task(
            api.post(
                f"/pairs/{stand.pair_id}/transitions",
                headers=school.curator,
                json={"to_stage": "design", "comment": "Пара готова к проектированию."},
            )
        )
        await asyncio.sleep(0.5)  # the command has reached its write and waits for the lock
        assert not command.done()
        began = time.perf_counter()
        other = await api.get("/openapi.json")
        assert other.status_code == 200
        assert time.perf_counter() - began < 5  # answered while the command still waits (30 s at most)
        assert not command.done()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    response = await command
    assert response.status_code == 200, response.text
    assert response.json()["stage"] == "design"
