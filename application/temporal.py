"""The link to Temporal that the application's commands start and update workflows through."""

from __future__ import annotations

from temporalio.client import Client


class TemporalLink:
    """The Temporal client and task queue the service starts and signals workflows on."""

    def __init__(self, client: Client, task_queue: str) -> None:
        self.client = client
        self.task_queue = task_queue
