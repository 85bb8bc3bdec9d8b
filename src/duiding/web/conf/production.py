"""Production: every secret must come from the environment; HTTPS is assumed."""

from __future__ import annotations

from duiding.web.conf.base import *  # noqa: F403

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STATIC_ROOT = Path(os.environ["DJANGO_STATIC_ROOT"])  # noqa: F405 - collectstatic target, required
WHITENOISE_USE_FINDERS = False
