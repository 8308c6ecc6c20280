import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komek.settings")
application = get_wsgi_application()

# The OpenAPI document is generated now, before the first request (ADR 0023's note on the schema).
from komek.applications.api_schema import published_schema  # noqa: E402

published_schema()
