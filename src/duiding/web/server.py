"""Start the web app for a workspace: configure Django, migrate the app database, serve."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def web_configure(workspace_root: Path) -> None:
    """Point Django at the workspace and set it up (once per process)."""
    import django

    os.environ["DUIDING_WORKSPACE"] = str(workspace_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duiding.web.conf.dev")
    django.setup()


def database_migrate() -> None:
    """Bring the app database (SQLite in the workspace, or DATABASE_URL) up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def web_serve(*, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the app with Waitress until interrupted."""
    from waitress import serve

    from duiding.web.wsgi import application

    serve(application, host=host, port=port, threads=8, ident="Duiding")
