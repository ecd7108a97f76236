"""What each dashboard shows: charts named by indicator code and disaggregation, nothing else.

Why specs and not queries: every figure on a dashboard comes from `jokko.analytics.catalogue`,
so a coordinator's dashboard, the API, the quarterly report and the map give the same number
for the same question. A chart is (indicator, disaggregation, kind); a funnel chains the
totals of several indicators; a "figures" block shows totals side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Chart kinds the page script knows how to draw.
LINE = "line"  # a time series (month or quarter on the category axis)
BAR = "bar"  # one bar per category of a disaggregation
FUNNEL = "funnel"  # the totals of `steps`, in order
FIGURES = "figures"  # the totals of `steps` as numbers (no chart, a table)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: Promise
    kind: str
    indicator: str = ""
    by: str = ""
    # FUNNEL and FIGURES: the indicators whose totals make the chart, in order.
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: Promise
    summary: Promise
    charts: tuple[Chart, ...] = field(default_factory=tuple)

    def indicator_codes(self) -> list[str]:
        codes: list[str] = []
        for chart in self.charts:
            for code in (chart.indicator, *chart.steps):
                if code and code not in codes:
                    codes.append(code)
        return codes


SURVIVOR_FUNNEL = (
    "survivors_identified",
    "survivors_referred",
    "survivors_assisted",
    "voluntary_returns",
    "survivors_reintegrated",
)

DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard(
        "overview",
        _("Overview"),
        _("The main figures of the national referral mechanism and of the justice chain."),
        (
            Chart(
                "headline",
                _("Main figures"),
                FIGURES,
                steps=(
                    *SURVIVOR_FUNNEL,
                    "services_delivered",
                    "prosecutions_opened",
                    "convictions",
                    "referrals_overdue",
                    "followups_overdue",
                ),
            ),
            Chart(
                "identified-month",
                _("Survivors identified by month"),
                LINE,
                "survivors_identified",
                "month",
            ),
            Chart("funnel", _("Referral funnel"), FUNNEL, steps=SURVIVOR_FUNNEL),
        ),
    ),
    Dashboard(
        "survivors",
        _("Survivors identified"),
        _(
            "Survivors identified over time, by form of exploitation, sex, age band and "
            "nationality."
        ),
        (
            Chart("month", _("By month of identification"), LINE, "survivors_identified", "month"),
            Chart(
                "form",
                _("By form of exploitation"),
                BAR,
                "survivors_identified",
                "exploitation_type",
            ),
            Chart("sex", _("By sex"), BAR, "survivors_identified", "sex"),
            Chart(
                "age", _("By age band at identification"), BAR, "survivors_identified", "age_band"
            ),
            Chart("nationality", _("By nationality"), BAR, "survivors_identified", "nationality"),
            Chart(
                "region", _("By region of identification"), BAR, "survivors_identified", "region"
            ),
        ),
    ),
    Dashboard(
        "referrals",
        _("Referral funnel"),
        _(
            "From identification to reintegration: how many survivors reach each step, and "
            "how long each step takes."
        ),
        (
            Chart("funnel", _("Survivors at each step"), FUNNEL, steps=SURVIVOR_FUNNEL),
            Chart(
                "step-days", _("Median days since the previous step"), BAR, "case_step_days", "step"
            ),
            Chart(
                "response-days",
                _("Median days for a provider to answer a referral"),
                BAR,
                "referral_response_days",
                "service_type",
            ),
            Chart("referral-status", _("Referrals by status"), BAR, "referrals_made", "status"),
        ),
    ),
    Dashboard(
        "services",
        _("Services delivered"),
        _("Services delivered to survivors, by month and by type of service."),
        (
            Chart("month", _("Services delivered by month"), LINE, "services_delivered", "month"),
            Chart(
                "type", _("Services delivered by type"), BAR, "services_delivered", "service_type"
            ),
            Chart(
                "survivors",
                _("Survivors assisted by type of service"),
                BAR,
                "survivors_assisted",
                "service_type",
            ),
        ),
    ),
    Dashboard(
        "justice",
        _("Prosecutions and convictions"),
        _("Prosecutions opened and convictions by offence, and the operations behind them."),
        (
            Chart(
                "figures",
                _("Main figures"),
                FIGURES,
                steps=(
                    "prosecutions_opened",
                    "convictions",
                    "conviction_rate",
                    "incidents_recorded",
                    "migrants_counted",
                ),
            ),
            Chart(
                "prosecutions-quarter",
                _("Prosecutions opened by quarter"),
                LINE,
                "prosecutions_opened",
                "quarter",
            ),
            Chart(
                "prosecutions-offence",
                _("Prosecutions opened by offence"),
                BAR,
                "prosecutions_opened",
                "offence",
            ),
            Chart(
                "convictions-offence", _("Convictions by offence"), BAR, "convictions", "offence"
            ),
            Chart("incidents-kind", _("Operations by kind"), BAR, "incidents_recorded", "kind"),
        ),
    ),
    Dashboard(
        "returns",
        _("Returns and reintegration"),
        _(
            "Assisted voluntary returns by destination, and survivors in reintegration and "
            "back at school."
        ),
        (
            Chart(
                "figures",
                _("Main figures"),
                FIGURES,
                steps=(
                    "voluntary_returns",
                    "survivors_reintegrated",
                    "survivors_in_school",
                    "children_in_school",
                ),
            ),
            Chart(
                "returns-month",
                _("Voluntary returns by month of travel"),
                LINE,
                "voluntary_returns",
                "month",
            ),
            Chart(
                "destination",
                _("Voluntary returns by destination country"),
                BAR,
                "voluntary_returns",
                "destination_country",
            ),
            Chart(
                "reintegration-month",
                _("Survivors entering reintegration by month"),
                LINE,
                "survivors_reintegrated",
                "month",
            ),
        ),
    ),
    Dashboard(
        "overdue",
        _("Overdue work"),
        _(
            "Referrals still waiting for an answer or a service, and follow-ups not done, past "
            "their due date, by organisation."
        ),
        (
            Chart(
                "figures",
                _("Main figures"),
                FIGURES,
                steps=("referrals_overdue", "followups_overdue"),
            ),
            Chart(
                "referrals-organisation",
                _("Overdue referrals by receiving organisation"),
                BAR,
                "referrals_overdue",
                "to_organisation",
            ),
            Chart(
                "followups-organisation",
                _("Overdue follow-ups by organisation in charge"),
                BAR,
                "followups_overdue",
                "organisation",
            ),
            Chart(
                "referrals-service",
                _("Overdue referrals by service"),
                BAR,
                "referrals_overdue",
                "service_type",
            ),
        ),
    ),
)

BY_SLUG: dict[str, Dashboard] = {dashboard.slug: dashboard for dashboard in DASHBOARDS}
