"""Names the official SDKs' docs import keep working: models at the package's top level,
`models.APIError`, `utils.parse_datetime`, the `httpclient` protocols."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, List

import httpx
import pytest

from mockapi import MockAPI

GENERATED = Path(__file__).resolve().parents[2] / "generated"

IMAGES = "/v2/router/images/generations"


def test_models_are_importable_from_the_package_and_importing_stays_lazy() -> None:
    code = (
        "import sys, orq_ai_sdk\n"
        "assert 'pydantic' not in sys.modules and 'orq_ai_sdk.models' not in sys.modules\n"
        "from orq_ai_sdk import CreateImageResponseBody, CreateImageRetryTypedDict, Orq\n"
        "from orq_ai_sdk import models\n"
        "assert CreateImageResponseBody is models.CreateImageResponseBody\n"
        "try:\n    from orq_ai_sdk import NoSuchModel\nexcept ImportError:\n    pass\nelse:\n    raise AssertionError\n"
        "try:\n    orq_ai_sdk._EXPORTS\nexcept AttributeError:\n    pass\nelse:\n    raise AssertionError\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=GENERATED / "src")


def test_models_api_error_is_the_error_raised(api_env: str) -> None:
    from orq_ai_sdk import Orq, errors, models

    api = MockAPI()
    api.json("POST", IMAGES, {"message": "teapot"}, status=418)
    with Orq(client=httpx.Client(transport=api.transport())) as orq:
        with pytest.raises(models.APIError) as raised:
            orq.router.images.generations.create(prompt="p", model="m", retries=None)
    assert models.APIError is errors.APIError and raised.value.status_code == 418


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-05-01T12:30:00Z", datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)),
        ("2024-05-01T12:30:00.123456789Z", datetime(2024, 5, 1, 12, 30, 0, 123456, tzinfo=timezone.utc)),
        ("2024-05-01T12:30:00.5+02:00", datetime(2024, 5, 1, 12, 30, 0, 500000, tzinfo=timezone(timedelta(hours=2)))),
        ("2024-05-01T12:30:00", datetime(2024, 5, 1, 12, 30)),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    from orq_ai_sdk.utils import parse_datetime

    assert parse_datetime(text) == expected


def test_a_client_of_the_httpclient_protocol_is_used(api_env: str) -> None:
    from orq_ai_sdk import Orq
    from orq_ai_sdk.httpclient import AsyncHttpClient, HttpClient

    api = MockAPI()
    api.json("POST", IMAGES, {"created": 1, "data": []})
    sent: List[str] = []

    class Tracing:
        """Not an httpx.Client: builds and sends requests through one."""

        def __init__(self) -> None:
            self.inner = httpx.Client(transport=api.transport())

        def build_request(self, method: str, url: Any, **kwargs: Any) -> httpx.Request:
            return self.inner.build_request(method, url, **kwargs)

        def send(self, request: httpx.Request, *, stream: bool = False, **kwargs: Any) -> httpx.Response:
            sent.append(request.url.path)
            return self.inner.send(request, stream=stream, **kwargs)

        def close(self) -> None:
            self.inner.close()

    client = Tracing()
    assert isinstance(client, HttpClient) and isinstance(httpx.AsyncClient(), AsyncHttpClient)
    with Orq(client=client) as orq:  # type: ignore[arg-type]
        assert orq.router.images.generations.create(prompt="p", model="m").created == 1
    assert sent == [IMAGES]
