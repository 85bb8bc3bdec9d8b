from __future__ import annotations

from django.urls import path

from duiding.web.monitoring import views
from duiding.web.monitoring.downloads import indicator_download

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "monitors/<slug:monitor_id>/indicatoren/<slug:indicator_id>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path("monitors/<slug:monitor_id>/", views.monitor_detail, name="monitor_detail"),
    path("monitors/<slug:monitor_id>/signalen/", views.signal_list, name="signal_list"),
    path("monitors/<slug:monitor_id>/wijkprofiel/", views.wijk_profile, name="wijk_profile"),
    path(
        "monitors/<slug:monitor_id>/indicatoren/<slug:indicator_id>/download.csv",
        indicator_download,
        {"fmt": "csv"},
        name="indicator_download",
    ),
    path(
        "monitors/<slug:monitor_id>/indicatoren/<slug:indicator_id>/download.xlsx",
        indicator_download,
        {"fmt": "xlsx"},
        name="indicator_download",
    ),
]
