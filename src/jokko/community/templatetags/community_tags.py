"""`{% case_origin case %}`: on a case page, the community report(s) the case came from.

The case page is already access-controlled; the report's reference is shown to whoever sees
the case, and linked only for those who may open the report itself (operators, coordinators).
"""

from __future__ import annotations

from typing import Any

from django import template

from jokko.community.access import visible_reports
from jokko.community.models import CommunityReport

register = template.Library()


@register.inclusion_tag("community/_case_origin.html", takes_context=True)
def case_origin(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context.get("user")
    reports = list(CommunityReport.objects.filter(case=case).order_by("received_at", "id"))
    openable = set(
        visible_reports(user).filter(pk__in=[r.pk for r in reports]).values_list("pk", flat=True)
    )
    return {"origins": [(report, report.pk in openable) for report in reports]}
