"""The HTTP side of the CBS StatLine connector: GET OData v3 JSON, follow paging, Dutch errors.

Standard library only (``urllib``). Every failure becomes a :class:`LoadError` whose message
says what went wrong in Dutch; an unreachable service is the subclass
:class:`StatlineOfflineError`, so a caller can offer the offline route (files downloaded by hand).
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from urllib.parse import quote, urlencode, urljoin, urlsplit

from duiding import __version__
from duiding.errors import LoadError

MAX_PAGES = 1000
"""Stop after this many pages: a next link that never ends is a fault, not a big table."""

_NEXT_LINKS = ("odata.nextLink", "@odata.nextLink")
"""OData v3 JSON (what CBS sends) names the next page ``odata.nextLink``; v4 ``@odata.nextLink``."""


_HEADERS = {"Accept": "application/json", "User-Agent": f"duiding/{__version__}"}


class StatlineOfflineError(LoadError):
    """CBS StatLine could not be reached at all (no network, refused, time-out)."""


def odata_url(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``$format=json`` and ``params``, encoded as CBS expects (%20 for spaces, not +)."""
    query = urlencode({"$format": "json", **params}, quote_via=quote, safe="$,'()")
    return f"{url}?{query}"


def odata_values(url: str, params: Mapping[str, str], *, timeout: float) -> list[dict[str, object]]:
    """All entries of the OData collection at ``url``, following ``odata.nextLink`` page by page."""
    values: list[dict[str, object]] = []
    next_url: str | None = odata_url(url, params)
    seen: set[str] = set()
    while next_url is not None:
        if next_url in seen or len(seen) >= MAX_PAGES:
            raise LoadError(f"CBS StatLine blijft naar een volgende pagina verwijzen ({next_url}); afgebroken.")
        seen.add(next_url)
        payload = _get_json(next_url, timeout=timeout)
        page = payload.get("value")
        if not isinstance(page, list) or not all(isinstance(entry, dict) for entry in page):
            raise LoadError(f"CBS StatLine gaf een onverwacht antwoord op {next_url}: geen lijst 'value' met rijen.")
        values.extend(page)
        links = [link for link in (payload.get(name) for name in _NEXT_LINKS) if isinstance(link, str) and link]
        next_url = urljoin(next_url, links[0]) if links else None
    return values


def _get_json(url: str, *, timeout: float) -> dict[str, object]:
    scheme = urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise LoadError(f"CBS StatLine: adres '{url}' wordt niet opgevraagd; alleen http en https.")
    # the scheme is checked above: only http(s), never file: or a custom handler
    request = urllib.request.Request(url, headers=_HEADERS)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body: bytes = response.read()
    except urllib.error.HTTPError as exc:
        raise LoadError(_http_error_message(url, exc)) from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise StatlineOfflineError(f"CBS StatLine is niet bereikbaar ({_reason(url, exc, timeout)}).") from exc
    try:
        payload = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LoadError(f"CBS StatLine gaf geen UTF-8-tekst terug op {url} (byte {exc.start}).") from exc
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"CBS StatLine gaf geen geldige JSON terug op {url} ({exc.msg}, regel {exc.lineno} kolom {exc.colno})."
        ) from exc
    if not isinstance(payload, dict):
        raise LoadError(f"CBS StatLine gaf een onverwacht antwoord op {url}: geen JSON-object.")
    return payload


def _http_error_message(url: str, exc: urllib.error.HTTPError) -> str:
    advice = {
        400: "De vraag aan CBS klopt niet (filter of kolomnaam).",
        404: "Controleer de tabelcode: CBS kent deze tabel of dit onderdeel niet.",
    }.get(exc.code, "CBS StatLine heeft een storing; probeer het later opnieuw." if exc.code >= 500 else "")
    detail = _server_message(exc)
    text = f"CBS StatLine antwoordde met HTTP {exc.code} ({exc.reason}) op {url}."
    return " ".join(part for part in (text, detail, advice) if part)


def _server_message(exc: urllib.error.HTTPError) -> str:
    """CBS explains a refused request in ``{"odata.error": {"message": {"value": ...}}}``; show it if present."""
    try:
        error = json.loads(exc.read(4096).decode("utf-8", "replace")).get("odata.error", {})
        message = error.get("message", {})
        text = message.get("value") if isinstance(message, dict) else message
    except (OSError, ValueError, AttributeError):
        return ""
    if not isinstance(text, str) or not text.strip():
        return ""
    return f"Melding van CBS: {text.strip().rstrip('.')}."


def _reason(url: str, exc: BaseException, timeout: float) -> str:
    where = urlsplit(url).netloc
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return f"{where}: geen antwoord binnen {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return f"{where}: verbinding geweigerd"
    if isinstance(reason, socket.gaierror):
        return f"{where}: adres onbekend, is er internet?"
    return f"{where}: {reason}"
