"""Every taxonomy code fits the columns that store codes (PostgreSQL enforces lengths)."""

from __future__ import annotations

from jokko.people.models import CODE_MAX_LENGTH
from jokko.taxonomy import VOCABULARY_NAMES, vocabulary


def test_every_code_fits_its_column() -> None:
    from jokko.cases.models import Case, FollowUp, Referral, ServiceDelivery
    from jokko.people.models import IdentityDocument, Person

    longest = max(len(term.code) for name in VOCABULARY_NAMES for term in vocabulary(name).terms)
    assert longest <= CODE_MAX_LENGTH
    columns = [
        Case._meta.get_field("case_type"),
        Case._meta.get_field("identification_source"),
        Case._meta.get_field("recruiter_relation"),
        Referral._meta.get_field("service_type"),
        ServiceDelivery._meta.get_field("service_type"),
        FollowUp._meta.get_field("kind"),
        Person._meta.get_field("sex"),
        IdentityDocument._meta.get_field("document_type"),
    ]
    assert all(column.max_length == CODE_MAX_LENGTH for column in columns)  # type: ignore[union-attr]
