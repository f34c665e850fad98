"""What a Temporal server needs before our workflows run on it: the search attributes (issue 13 §6).

`python -m temporal_setup` registers them (docker-compose runs it once before the worker and the API);
the worker checks them at start and refuses to run without them, because a workflow that upserts an
attribute the server does not know fails its workflow task again and again, for good.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from workflows.search_attributes import SEARCH_ATTRIBUTES

log = logging.getLogger("nastavnik.temporal_setup")


class SearchAttributesMissing(RuntimeError):
    """The server lacks attributes our workflows upsert: running would poison them."""


def dev_server_flags() -> list[str]:
    """`temporal server start-dev` arguments that register them at the dev server's start."""
    flags: list[str] = []
    for key in SEARCH_ATTRIBUTES:
        flags += ["--search-attribute", f"{key.name}=Keyword"]
    return flags


def _how_to_register(names: list[str]) -> str:
    commands = "; ".join(
        f"temporal operator search-attribute create --name {name} --type Keyword" for name in names
    )
    return f"register them with `python -m temporal_setup` or: {commands}"


async def missing_search_attributes(client: Client) -> list[str] | None:
    """The attributes the client's namespace lacks; None where the server cannot list them (the
    time-skipping test server, whose fixtures register them)."""
    try:
        listed = await client.operator_service.list_search_attributes(
            ListSearchAttributesRequest(namespace=client.namespace)
        )
    except RPCError as error:
        if error.status is RPCStatusCode.UNIMPLEMENTED:
            return None
        raise
    known = {**dict(listed.system_attributes), **dict(listed.custom_attributes)}
    return [
        key.name
        for key in SEARCH_ATTRIBUTES
        if known.get(key.name) != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
    ]


async def check_search_attributes(client: Client) -> None:
    """Refuse to run against a namespace that lacks them (or has one of another type)."""
    missing = await missing_search_attributes(client)
    if missing:
        raise SearchAttributesMissing(
            f"Temporal namespace {client.namespace!r} lacks the search attributes {', '.join(missing)} "
            f"(Keyword) that Nastavnik's workflows set; {_how_to_register(missing)}"
        )


async def register_search_attributes(client: Client, settle_seconds: int = 30) -> None:
    """Register every attribute as Keyword (registering one the server has already is harmless)."""
    missing = await missing_search_attributes(client)
    names = [key.name for key in SEARCH_ATTRIBUTES] if missing is None else missing
    if not names:
        return
    request = AddSearchAttributesRequest(
        namespace=client.namespace,
        search_attributes={name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD for name in names},
    )
    try:
        await client.operator_service.add_search_attributes(request)
    except RPCError as error:
        if error.status is not RPCStatusCode.ALREADY_EXISTS:
            raise
    if missing is None:
        return
    for _ in range(settle_seconds):  # a server's caches may take a few seconds to show them
        if not await missing_search_attributes(client):
            return
        await asyncio.sleep(1)
    await check_search_attributes(client)


async def main() -> int:
    from telemetry import configure_logging
    from worker import connect

    configure_logging("temporal_setup")
    client = await connect()
    try:
        await register_search_attributes(client)
    except (RPCError, SearchAttributesMissing) as error:
        log.error("search attributes not registered: %s", error)
        return 1
    log.info("search attributes registered: %s", ", ".join(key.name for key in SEARCH_ATTRIBUTES))
    return 0


if __name__ == "__main__":
    status = asyncio.run(main())
    logging.shutdown()
    sys.stdout.flush()
    os._exit(status)  # the SDK may abort at interpreter shutdown (../shared/PITFALLS.md §1)
