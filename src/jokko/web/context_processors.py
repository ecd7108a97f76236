"""Values every page needs: which node this is, and the text direction of the language."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from jokko.gazetteer import country_name


def node(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "node_country": settings.NODE_COUNTRY,
        "node_country_name": country_name(settings.NODE_COUNTRY, language),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }
