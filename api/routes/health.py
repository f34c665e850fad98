"""Health: 200 only when the database, Temporal and a worker polling the task queue are all up."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest

from api.deps import TemporalDep
from db.session import engine

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    temporal: str
    worker: str


def _database_ok() -> bool:
    try:
        with engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


async def _worker_polling(temporal: TemporalDep) -> tuple[bool, bool]:
    try:
        response = await temporal.client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=temporal.client.namespace,
                task_queue=TaskQueue(name=temporal.task_queue),
                task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            ),
            timeout=timedelta(seconds=3),
        )
    except Exception:
        return False, False
    return True, len(response.pollers) > 0


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(temporal: TemporalDep) -> JSONResponse:
    database = await asyncio.to_thread(_database_ok)
    temporal_ok, worker_ok = await _worker_polling(temporal)
    body = Health(
        status="ok" if database and temporal_ok and worker_ok else "unavailable",
        database="ok" if database else "unavailable",
        temporal="ok" if temporal_ok else "unavailable",
        worker="ok" if worker_ok else "no worker polling",
    )
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)
