"""Thin views: the served workspace, a page model from ``duiding.presentation``, a template."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404

from duiding import presentation
from duiding.errors import BadParameter, DuidingError, NotFound
from duiding.privacy import ProtectionPending
from duiding.workspace import Workspace, workspace_open


def current_workspace() -> Workspace | None:
    """The workspace this server serves, or None when it is not set up."""
    try:
        return workspace_open(settings.DUIDING_WORKSPACE)
    except DuidingError:
        return None


def _page(
    request: HttpRequest, template: str, build: Callable[[Workspace], object], *, name: str = "page"
) -> HttpResponse:
    """Render ``template`` with the model ``build`` makes (as ``name``); its Dutch refusals become pages."""
    ws = current_workspace()
    if ws is None:
        raise Http404("Er is nog geen werkruimte ingericht.")
    try:
        model = build(ws)
    except DuidingError as error:
        return refusal_page(request, error)
    return render(request, template, {name: model})


def refusal_page(request: HttpRequest, error: DuidingError) -> HttpResponse:
    """The answer to a Dutch refusal of a page or a download: ``NotFound`` a 404, ``BadParameter`` a
    400, ``ProtectionPending`` a 503 to try again, any other (a warehouse of a newer Duiding) a 503
    with its message; never a stack trace."""
    if isinstance(error, NotFound):
        raise Http404(str(error)) from None
    if isinstance(error, BadParameter):
        return message_page(request, "Ongeldige keuze", str(error), status=400)
    if isinstance(error, ProtectionPending):
        response = message_page(request, "Wordt bijgewerkt", str(error), status=503)
        response["Retry-After"] = "60"
        return response
    return message_page(request, "Niet beschikbaar", str(error), status=503)


def message_page(request: HttpRequest, title: str, message: str, *, status: int) -> HttpResponse:
    """A page with one Dutch message: a refused choice (400), figures being updated (503), …"""
    return render(request, "message.html", {"title": title, "message": message}, status=status)


def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "monitoring/home.html", presentation.monitor_summary_list, name="monitors")


def indicator_detail(request: HttpRequest, monitor_id: str, indicator_id: str) -> HttpResponse:
    return _page(
        request,
        "monitoring/indicator.html",
        lambda ws: presentation.indicator_page(
            ws,
            monitor_id=monitor_id,
            indicator_id=indicator_id,
            period=request.GET.get("periode"),
            breakdown=request.GET.get("uitsplitsing"),
            area=request.GET.get("gebied"),
        ),
    )


def monitor_detail(request: HttpRequest, monitor_id: str) -> HttpResponse:
    return _page(request, "monitoring/monitor.html", lambda ws: presentation.monitor_page(ws, monitor_id=monitor_id))


def wijk_profile(request: HttpRequest, monitor_id: str) -> HttpResponse:
    return _page(
        request,
        "monitoring/profile.html",
        lambda ws: presentation.profile_page(ws, monitor_id=monitor_id, area=request.GET.get("gebied")),
    )


def signal_list(request: HttpRequest, monitor_id: str) -> HttpResponse:
    return _page(request, "monitoring/signals.html", lambda ws: presentation.signal_page(ws, monitor_id=monitor_id))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our own Http404s carry a Dutch sentence for the reader; the resolver's carry internals.
    own_message = exception is not None and not isinstance(exception, Resolver404) and str(exception)
    message = str(exception) if own_message else "Deze pagina bestaat niet."
    return render(request, "404.html", {"message": message}, status=404)
