"""What the tests of held ladders ask of Temporal: whether an item has a workflow of its own."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from activities.items import item_workflow_id


async def has_own_workflow(client: Client, item_id: str) -> bool:
    try:
        await client.get_workflow_handle(item_workflow_id(item_id)).describe()
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            return False
        raise
    return True
