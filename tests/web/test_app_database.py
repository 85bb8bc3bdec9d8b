"""The app database (SQLite by default, PostgreSQL when DATABASE_URL is set)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_migrations_match_the_models() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_users_are_stored_and_passwords_hashed() -> None:
    user = get_user_model().objects.create_user("analist", password="geheim-wachtwoord")
    stored = get_user_model().objects.get(username="analist")
    assert stored.pk == user.pk
    assert stored.password != "geheim-wachtwoord"
    assert stored.check_password("geheim-wachtwoord")


def test_database_vendor_follows_database_url() -> None:
    import os

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
