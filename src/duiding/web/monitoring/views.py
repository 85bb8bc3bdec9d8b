"""Thin views: read through selectors, render a template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404

from duiding.web.monitoring import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/home.html", {"monitors": selectors.monitor_summary_list()})


def indicator_detail(request: HttpRequest, monitor_id: str, indicator_id: str) -> HttpResponse:
    page = selectors.indicator_page(monitor_id=monitor_id, indicator_id=indicator_id, period=request.GET.get("periode"))
    return render(request, "monitoring/indicator.html", {"page": page})


def signal_list(request: HttpRequest, monitor_id: str) -> HttpResponse:
    page = selectors.signal_page(monitor_id=monitor_id)
    return render(request, "monitoring/signals.html", {"page": page})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our own Http404s carry a Dutch sentence for the reader; the resolver's carry internals.
    own_message = exception is not None and not isinstance(exception, Resolver404) and str(exception)
    message = str(exception) if own_message else "Deze pagina bestaat niet."
    return render(request, "404.html", {"message": message}, status=404)
