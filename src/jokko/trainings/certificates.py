"""PDF certificates of completed trainings (WeasyPrint), rendered without touching the network.

The certificate is an HTML template printed by WeasyPrint. Fonts are vendored (Noto Sans and
Noto Naskh Arabic, OFL) and loaded through `file://` URLs; the URL fetcher refuses every other
URL, so a name typed as `<img src="http://...">` (escaped by the template anyway) or a stray
stylesheet link can never make a node call out while printing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

import jokko.web
from jokko.gazetteer.places import UnknownPlace
from jokko.gazetteer.places import get as get_place
from jokko.trainings.models import Attendance

FONTS_DIR = (Path(jokko.web.__file__).parent / "static" / "vendor" / "fonts").resolve()


class LocalFontsOnly(URLFetcher):
    """Serve the vendored fonts and nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not url.startswith("file://") or not path.is_relative_to(FONTS_DIR):
            raise ValueError(f"refused to fetch {url!r}: certificates use vendored files only")
        return super().fetch(url, headers)


def font_url(name: str) -> str:
    return (FONTS_DIR / name).as_uri()


def certificate_html(attendance: Attendance, verify_url: str) -> str:
    event = attendance.event
    try:
        place = get_place(event.place_code).name
    except UnknownPlace:
        place = event.place_code
    return render_to_string(
        "trainings/certificate.html",
        {
            "attendance": attendance,
            "participant": attendance.participant,
            "event": event,
            "place": place,
            "verify_url": verify_url,
            "fonts": {
                "sans_400": font_url("noto-sans-latin-400-normal.woff"),
                "sans_700": font_url("noto-sans-latin-700-normal.woff"),
                "sans_ext_400": font_url("noto-sans-latin-ext-400-normal.woff"),
                "sans_ext_700": font_url("noto-sans-latin-ext-700-normal.woff"),
                "naskh_400": font_url("noto-naskh-arabic-arabic-400-normal.woff"),
                "naskh_700": font_url("noto-naskh-arabic-arabic-700-normal.woff"),
            },
        },
    )


def certificate_pdf(attendance: Attendance, verify_url: str) -> bytes:
    """The certificate of a completed attendance as PDF bytes."""
    html = certificate_html(attendance, verify_url)
    pdf = HTML(string=html, url_fetcher=LocalFontsOnly(), base_url=str(FONTS_DIR)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
