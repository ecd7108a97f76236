"""Values every page needs: which node this is, and the text direction of the language."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from jokko.gazetteer import country_name


def node(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    right_to_left = get_language_bidi()
    return {
        "node_country": settings.NODE_COUNTRY,
        # Routes and referrals read "from → to": the arrow follows the reading direction.
        "arrow": "←" if right_to_left else "→",
        "node_country_name": country_name(settings.NODE_COUNTRY, language),
        "text_direction": "rtl" if right_to_left else "ltr",
    }
