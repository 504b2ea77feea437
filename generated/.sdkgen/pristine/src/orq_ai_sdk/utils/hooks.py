"""User hooks around SDK construction and every request."""

from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

import httpx


@dataclass(frozen=True)
class HookContext:
    operation_id: str
    base_url: str


SDKInitHook = Callable[[str, httpx.Client], Tuple[str, httpx.Client]]
BeforeRequestHook = Callable[[HookContext, httpx.Request], httpx.Request]
AfterSuccessHook = Callable[[HookContext, httpx.Response], httpx.Response]
AfterErrorHook = Callable[[HookContext, Optional[httpx.Response], Optional[Exception]], None]


class Hooks:
    """Hooks run in registration order.

    before_request runs before every attempt (retries included); after_success
    or after_error runs once per call, on its final outcome.
    """

    def __init__(self) -> None:
        self.sdk_init: List[SDKInitHook] = []
        self.before_request: List[BeforeRequestHook] = []
        self.after_success: List[AfterSuccessHook] = []
        self.after_error: List[AfterErrorHook] = []

    def register_sdk_init_hook(self, hook: SDKInitHook) -> None:
        self.sdk_init.append(hook)

    def register_before_request_hook(self, hook: BeforeRequestHook) -> None:
        self.before_request.append(hook)

    def register_after_success_hook(self, hook: AfterSuccessHook) -> None:
        self.after_success.append(hook)

    def register_after_error_hook(self, hook: AfterErrorHook) -> None:
        self.after_error.append(hook)

    def run_sdk_init(self, base_url: str, client: httpx.Client) -> Tuple[str, httpx.Client]:
        for hook in self.sdk_init:
            base_url, client = hook(base_url, client)
        return base_url, client

    def run_before_request(self, ctx: HookContext, request: httpx.Request) -> httpx.Request:
        for hook in self.before_request:
            request = hook(ctx, request)
        return request

    def run_after_success(self, ctx: HookContext, response: httpx.Response) -> httpx.Response:
        for hook in self.after_success:
            response = hook(ctx, response)
        return response

    def run_after_error(
        self,
        ctx: HookContext,
        response: Optional[httpx.Response],
        error: Optional[Exception],
    ) -> None:
        for hook in self.after_error:
            hook(ctx, response, error)
