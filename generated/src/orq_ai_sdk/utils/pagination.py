"""Pages of a paginated list method: one page's response, and every item across pages.

A paged method returns a `Page` (`AsyncPage` from its `_async` twin). Its attributes are
the parsed response's (`page.data`, `page.has_more`; all of it is `page.result`).
Iterating a page yields every item of it and of the pages after it, each page fetched
when the iteration reaches it; `next()` returns the next page or None (Speakeasy's loop)
and `iter_pages()` yields this page and the ones after it.

The iteration ends - it never loops - on a page that:
- has no items (also the first), or says there are no more (`has_more: false`);
- gives no next cursor or URL, or gives one met before (a server that repeats itself);
- is shorter than the `limit` asked for, or reaches the total the server reports;
- has the same body as a page before it (a mock server answering every call alike).
"""

from dataclasses import dataclass
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Dict,
    FrozenSet,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

import httpx

from .types import Unset

R = TypeVar("R")  # the parsed response of one page
T = TypeVar("T")  # an item
P = TypeVar("P", bound="_BasePage[Any, Any]")
Path = Tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Paging:
    """How an operation pages (emitted once per paged operation); paths are attribute
    names and list indexes into the parsed response."""

    kind: str  # "cursor" | "offset" | "page" | "url" | "link"
    param: str = ""  # the keyword that takes the cursor, offset or page number
    limit: str = ""  # the keyword that takes the page size
    results: Path = ()
    next_cursor: Path = ()
    has_more: Path = ()
    total: Path = ()
    pages: Path = ()
    next_url: Path = ()
    query: Tuple[Tuple[str, str], ...] = ()  # (wire name, keyword) a next URL's query sets
    first_page: int = 1


def _get(value: Any, path: Path) -> Any:
    for key in path:
        if value is None:
            return None
        if isinstance(key, int):
            try:
                value = value[key]
            except (IndexError, KeyError, TypeError):
                return None
        elif isinstance(value, Mapping):
            value = value.get(key)
        else:
            value = getattr(value, key, None)
    return None if isinstance(value, Unset) else value


class _BasePage(Generic[R, T]):
    """What sync and async pages share: the response, its items, the next call's arguments."""

    __slots__ = ("result", "http_response", "_paging", "_fetch", "_args", "_seen")

    def __init__(
        self,
        result: R,
        response: httpx.Response,
        paging: Paging,
        fetch: Callable[..., Any],
        args: Dict[str, Any],
    ) -> None:
        self.result = result
        self.http_response = response
        self._paging = paging
        self._fetch = fetch  # the method itself, called with `next_args()`
        self._args = args  # the keyword arguments of the call that fetched this page
        self._seen: FrozenSet[Any] = frozenset()  # cursors, URLs and bodies met before

    def __getattr__(self, name: str) -> Any:
        if name in _BasePage.__slots__:  # not set yet (copy, pickle): not the response's
            raise AttributeError(name)
        return getattr(self.result, name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.result!r}>"

    @property
    def page_items(self) -> List[T]:
        """The items of this page only."""
        found = _get(self.result, self._paging.results)
        return found if isinstance(found, list) else []

    def has_next_page(self) -> bool:
        return self.next_args() is not None

    def next_args(self) -> Optional[Dict[str, Any]]:
        """The keyword arguments of the call for the next page; None on the last page."""
        paging, args = self._paging, self._args
        found = _get(self.result, paging.results)
        items: List[T] = found if isinstance(found, list) else []
        if (isinstance(found, list) and not items) or (
            paging.has_more and _get(self.result, paging.has_more) is False
        ):
            return None
        if paging.kind == "cursor":
            cursor = _get(self.result, paging.next_cursor)
            if (
                cursor in (None, "")
                or cursor == args.get(paging.param)
                or ("cursor", cursor) in self._seen
            ):
                return None
            return {**args, paging.param: cursor}
        if paging.kind in ("offset", "page"):
            return self._numbered(items)
        if paging.kind == "url":
            url = _get(self.result, paging.next_url)
        else:
            url = _link_next(self.http_response.headers.get("link", ""))
        if not isinstance(url, str) or not url or ("url", url) in self._seen:
            return None
        return {**args, **self._query_args(url)}

    def _numbered(self, items: List[T]) -> Optional[Dict[str, Any]]:
        paging, args = self._paging, self._args
        limit = args.get(paging.limit) if paging.limit else None
        if isinstance(limit, int) and len(items) < limit:
            return None
        current = args.get(paging.param)
        if paging.kind == "offset":
            following = (current if isinstance(current, int) else 0) + len(items)
            total = _get(self.result, paging.total)
            if isinstance(total, int) and following >= total:
                return None
        else:
            following = (current if isinstance(current, int) else paging.first_page) + 1
            pages = _get(self.result, paging.pages)
            if isinstance(pages, int) and following > pages:
                return None
        return {**args, paging.param: following}

    def _query_args(self, url: str) -> Dict[str, Any]:
        """The keyword arguments a next-page URL's query gives (all it says, or an error)."""
        from urllib.parse import parse_qsl, urlsplit

        keywords = dict(self._paging.query)
        found: Dict[str, Any] = {}
        for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
            if name not in keywords:
                raise ValueError(
                    f"the next page's URL {url!r} sets the query parameter {name!r}, "
                    "which the operation does not declare"
                )
            keyword = keywords[name]
            if keyword in found:  # a repeated parameter: a list
                previous = found[keyword]
                found[keyword] = (previous if isinstance(previous, list) else [previous]) + [value]
            else:
                found[keyword] = value
        return found

    def _marker(self) -> Any:
        paging = self._paging
        if paging.kind == "cursor":
            return ("cursor", self._args.get(paging.param))
        if paging.kind in ("url", "link"):
            return ("url", str(self.http_response.url))
        return None

    def _continued(self, page: P) -> Optional[P]:
        """`page` (fetched after this one) with what was met so far; None if it repeats one."""
        seen = self._seen | {("body", hash(self.http_response.content)), self._marker()}
        if ("body", hash(page.http_response.content)) in seen:
            return None
        page._seen = seen
        return page


class Page(_BasePage[R, T]):
    """A page of a list method; iterate it for every item across pages."""

    __slots__ = ()

    def next(self) -> Optional["Page[R, T]"]:
        """The next page, or None after the last one."""
        args = self.next_args()
        if args is None:
            return None
        page: Page[R, T] = self._fetch(**args)
        return self._continued(page)

    def iter_pages(self) -> Iterator["Page[R, T]"]:
        """This page and each one after it, fetched as the iteration reaches it."""
        page: Optional[Page[R, T]] = self
        while page is not None:
            yield page
            page = page.next()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.page_items


class AsyncPage(_BasePage[R, T]):
    """Async twin of `Page`: `async for item in page`, `await page.next()`."""

    __slots__ = ()

    async def next(self) -> Optional["AsyncPage[R, T]"]:
        args = self.next_args()
        if args is None:
            return None
        page: AsyncPage[R, T] = await self._fetch(**args)
        return self._continued(page)

    async def iter_pages(self) -> AsyncIterator["AsyncPage[R, T]"]:
        page: Optional[AsyncPage[R, T]] = self
        while page is not None:
            yield page
            page = await page.next()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.page_items:
                yield item


def _link_next(header: str) -> Optional[str]:
    """The URL of `rel="next"` in a `Link` header (RFC 8288), if any."""
    for part in header.split(","):
        url, _, params = part.partition(";")
        url = url.strip()
        if not (url.startswith("<") and url.endswith(">")):
            continue
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').lower().split():
                return url[1:-1]
    return None
