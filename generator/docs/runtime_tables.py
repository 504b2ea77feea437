"""Tables of the runtime's own types (File, RetryConfig, BackoffStrategy):
the same in every SDK's reference docs."""

from __future__ import annotations

from openapi_sdkgen.docs import tables as md


def file_table() -> str:
    rows = [
        ["`file_name`", "*str*", md.CHECK, "The file name sent with the part."],
        ["`content`", "*Union[bytes, IO[bytes]]*", md.CHECK, "The bytes, or a binary file object such as `open(path, \"rb\")` (read as the request is sent)."],
        ["`content_type`", "*Optional[str]*", md.MINUS, "The part's media type; guessed from `file_name` when not given."],
    ]
    return md.table(["Field", "Type", "Required", "Description"], rows)


def retry_table() -> str:
    rows = [
        ["`strategy`", "*str*", md.CHECK, "`\"backoff\"` to retry, `\"none\"` to never retry.", "backoff"],
        ["`backoff`", "[Optional[BackoffStrategy]](backoffstrategy.md)", md.MINUS, "How long to wait between attempts; the SDK's default backoff when not given.", ""],
        ["`retry_connection_errors`", "*bool*", md.MINUS, "Whether to retry when the request got no response (connection errors and timeouts). Defaults to `False`.", "true"],
    ]
    return md.field_table("Field", rows)


def backoff_table() -> str:
    rows = [
        ["`initial_interval`", "*int*", md.CHECK, "The longest wait before the first retry, in milliseconds.", "500"],
        ["`max_interval`", "*int*", md.CHECK, "The longest wait before any retry, in milliseconds.", "60000"],
        ["`exponent`", "*float*", md.CHECK, "The factor by which the longest wait grows with each retry.", "1.5"],
        ["`max_elapsed_time`", "*int*", md.CHECK, "No retry starts after this many milliseconds since the first attempt.", "3600000"],
    ]
    return md.field_table("Field", rows)
