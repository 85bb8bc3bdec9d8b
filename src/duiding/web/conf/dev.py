"""Local development and the demo: safe defaults, never for a server others reach."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret-duiding")
os.environ.setdefault("DJANGO_DEBUG", "false")

from duiding.web.conf.base import *  # noqa: F403
