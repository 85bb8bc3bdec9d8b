from __future__ import annotations

from django.urls import path

from duiding.web.monitoring import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "monitors/<slug:monitor_id>/indicatoren/<slug:indicator_id>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path("monitors/<slug:monitor_id>/signalen/", views.signal_list, name="signal_list"),
]
