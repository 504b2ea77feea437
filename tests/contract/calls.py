"""Making an exchange's SDK call, sync or async, with streams read to their end."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import IO, Any, Callable, Dict, List, Optional, Tuple

from contract import sdk
from contract.exchange import Call, call_arguments

Result = Tuple[Any, Optional[Exception]]  # (the typed result or the list of events, the error raised)


def perform(client: Any, call: Call, is_async: bool, workdir: Path) -> Result:
    """Call `client.<resource>.<method>` (or its `_async` twin); files are opened under `workdir`."""
    opened: List[IO[bytes]] = []
    try:
        kwargs = call_arguments(call.args, sdk.utils, opened, workdir)
        method = sdk.method(client, call.resource, call.method, is_async)
        return asyncio.run(_perform_async(method, kwargs)) if is_async else _perform_sync(method, kwargs)
    finally:
        for handle in opened:
            handle.close()


def _perform_sync(method: Callable[..., Any], kwargs: Dict[str, Any]) -> Result:
    try:
        result = method(**kwargs)
        if isinstance(result, sdk.utils.EventStream):
            with result as events:
                return list(events), None
        return result, None
    except Exception as exc:  # the expected outcome may be an error: the caller decides
        return None, exc


async def _perform_async(method: Callable[..., Any], kwargs: Dict[str, Any]) -> Result:
    try:
        result = await method(**kwargs)
        if isinstance(result, sdk.utils.AsyncEventStream):
            async with result as events:
                return [event async for event in events], None
        return result, None
    except Exception as exc:
        return None, exc
