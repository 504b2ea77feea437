"""Checked by mypy --strict (test_sdk_streaming.py), never run: what callers of an operation
overloaded on `stream` get, and what they may not pass. An ignored line must be an error,
or mypy reports the ignore as unused."""

from typing import TYPE_CHECKING, Union

from typing_extensions import assert_type

from orq_ai_sdk import Orq, models
from orq_ai_sdk.utils import AsyncEventStream, EventStream

if TYPE_CHECKING:  # the overloads' TypedDict is defined for type checkers only
    from orq_ai_sdk.resources.router import CreateChatCompletionParams


def sync_calls(orq: Orq, flag: bool) -> None:
    assert_type(orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m"), models.ChatCompletion)
    assert_type(orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", stream=False), models.ChatCompletion)
    stream = orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", stream=True, timeout_ms=5)
    assert_type(stream, EventStream[models.ChatCompletionChunk])
    with stream as events:
        for event in events:
            assert_type(event, models.ChatCompletionChunk)
    either = orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", stream=flag)
    assert_type(either, Union[models.ChatCompletion, EventStream[models.ChatCompletionChunk]])
    # a stream is not a completion
    wrong: models.ChatCompletion = orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", stream=True)  # type: ignore[assignment]
    assert_type(orq.router.images.generations.create(prompt="p", model="m"), models.CreateImageResponseBody)


def params_dicts() -> None:
    complete: CreateChatCompletionParams = {"messages": [{"role": "user", "content": "hi"}], "model": "m", "timeout_ms": 5}
    without_messages: CreateChatCompletionParams = {"model": "m"}  # type: ignore[typeddict-item]


def rejected_calls(orq: Orq) -> None:
    orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", temperatur=0.5)  # type: ignore[call-overload]
    orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", stream=True, temperature="hot")  # type: ignore[call-overload]
    orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model=1)  # type: ignore[call-overload]
    orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], stream=True)  # type: ignore[call-overload]
    orq.router.chat_completions(messages=[{"role": "user", "content": "hi"}], model="m", stream="yes")  # type: ignore[call-overload]


async def async_calls(orq: Orq, flag: bool) -> None:
    assert_type(await orq.router.chat_completions_async(messages=[{"role": "user", "content": "hi"}], model="m"), models.ChatCompletion)
    stream = await orq.router.chat_completions_async(messages=[{"role": "user", "content": "hi"}], model="m", stream=True)
    assert_type(stream, AsyncEventStream[models.ChatCompletionChunk])
    async with stream as events:
        async for event in events:
            assert_type(event, models.ChatCompletionChunk)
    either = await orq.router.chat_completions_async(messages=[{"role": "user", "content": "hi"}], model="m", stream=flag)
    assert_type(either, Union[models.ChatCompletion, AsyncEventStream[models.ChatCompletionChunk]])
    await orq.router.chat_completions_async(messages=[{"role": "user", "content": "hi"}], model="m", top_p="high")  # type: ignore[call-overload]
