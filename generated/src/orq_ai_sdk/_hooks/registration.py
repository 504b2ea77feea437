"""Your hooks, registered on every Orq client as it is created.

sdkgen writes this file once, when it first generates the package, and never again:
edit it freely. Register hooks with `hooks.register_before_request_hook(...)`,
`register_after_success_hook`, `register_after_error_hook` or `register_sdk_init_hook`;
see the README's Hooks section.
"""

from ..utils import Hooks


def init_hooks(hooks: Hooks) -> None:
    """Called with the hooks of each new client, before its first request."""
