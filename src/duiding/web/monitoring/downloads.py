"""Downloads: the protected figures of one indicator as CSV or Excel, beside the tables of its page.

A thin view like the pages: the served workspace, a file from ``duiding.exports.export_rows``
(through the privacy gate, never solving inside a request), an attachment. Its Dutch refusals
become the same answers as the page's: an unknown monitor or indicator a 404, a period the
indicator has no figures for a 400, figures whose protection is being worked out a 503.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from duiding import exports
from duiding.errors import DuidingError
from duiding.web.monitoring.views import current_workspace, refusal_page


@require_safe
@never_cache  # the figures change with every refresh: a cached file could hold another compute's
def indicator_download(request: HttpRequest, monitor_id: str, indicator_id: str, fmt: str) -> HttpResponse:
    ws = current_workspace()
    if ws is None:
        raise Http404("Er is nog geen werkruimte ingericht.")
    try:
        file = exports.export_rows(
            ws,
            monitor=monitor_id,
            indicator=indicator_id,
            fmt=exports.ExportFormat(fmt),
            period=request.GET.get("periode"),
        )
    except DuidingError as error:
        return refusal_page(request, error)
    response = HttpResponse(file.content, content_type=file.media_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
