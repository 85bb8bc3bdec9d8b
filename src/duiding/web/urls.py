from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("duiding.web.monitoring.urls")),
]

handler404 = "duiding.web.monitoring.views.not_found"
