"""Static files are served compressed (gzip and brotli) to browsers that accept it.

WhiteNoise serves a file's ``.gz`` or ``.br`` sibling when the browser accepts that encoding:
``make assets`` makes them for the vendor files that dev and the demo serve from the finders,
production's ``collectstatic`` (``CompressedStaticFilesStorage``) for every static file.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from duiding.web.conf import base

VEGA = "/static/vendor/vega/vega.min.js"
SITE_CSS = "/static/duiding/site.css"
VENDOR = base.WEB_DIR / "static" / "vendor"


def _get(url: str, accept: str) -> tuple[str | None, bytes]:
    """The Content-Encoding and the body as sent."""
    response = Client().get(url, headers={"accept-encoding": accept})
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content)
    if response.headers.get("Content-Encoding"):
        assert response["Vary"] == "Accept-Encoding"  # caches keep one copy per encoding
    return response.headers.get("Content-Encoding"), body


def _served_compressed(url: str) -> None:
    encoding, plain = _get(url, "")
    assert encoding is None
    encoding, gzipped = _get(url, "gzip, deflate")
    assert encoding == "gzip"
    assert gzip.decompress(gzipped) == plain
    encoding, brotlied = _get(url, "gzip, deflate, br")
    assert encoding == "br"
    assert brotli.decompress(brotlied) == plain
    assert len(brotlied) < len(gzipped) < len(plain) / 2, (len(plain), len(gzipped), len(brotlied))


def test_vendor_files_are_served_compressed_from_the_finders() -> None:
    assert (VENDOR / "vega" / "vega.min.js.gz").is_file(), "geen gecomprimeerde vendorbestanden: draai make assets"
    _served_compressed(VEGA)


def test_collectstatic_for_production_compresses_every_static_file(settings: Settings, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = base.STORAGES  # ci uses the plain storage; production has base's
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (settings.STATIC_ROOT / "duiding" / "site.css.br").is_file()
    settings.WHITENOISE_USE_FINDERS = False  # as in production: only what collectstatic wrote
    _served_compressed(VEGA)
    encoding, _ = _get(SITE_CSS, "br")
    assert encoding == "br"


@pytest.mark.parametrize("url", [VEGA, SITE_CSS])
def test_a_browser_without_compression_gets_the_plain_file(url: str) -> None:
    encoding, body = _get(url, "identity")
    assert encoding is None
    assert body
