from __future__ import annotations

from django.http import HttpRequest

from duiding.web.monitoring.views import current_workspace


def workspace(request: HttpRequest) -> dict[str, object]:
    """The served workspace's gemeente for the page header."""
    ws = current_workspace()
    return {
        "gemeente_naam": ws.settings.gemeente_naam if ws else "",
        "is_demo": bool(ws and ws.settings.demo),
    }
