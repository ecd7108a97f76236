"""Writes for the second factor: enrol, confirm, use a code, recovery codes, switch off.

Each write is audited: who set up or removed a second factor matters when an account is
later misused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jokko.accounts import twofactor
from jokko.accounts.models import RecoveryCode, TotpDevice, User
from jokko.audit.actions import record


def start_enrolment(user: User) -> TotpDevice:
    """A fresh, unconfirmed secret (replacing any earlier unconfirmed one)."""
    with transaction.atomic():
        TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
        device, _created = TotpDevice.objects.get_or_create(
            user=user, defaults={"secret": twofactor.new_secret()}
        )
        return device


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Switch 2FA on if `code` matches the pending secret; returns the new recovery codes."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(
            user=user, confirmed_at__isnull=True
        ).first()
        if device is None:
            return None
        step = twofactor.matching_step(device.secret, code)
        if step is None:
            return None
        device.confirmed_at = timezone.now()
        device.last_step = step
        device.save(update_fields=["confirmed_at", "last_step"])
        codes = _replace_recovery_codes(user)
        record(user, "update", "user", user.pk, change="2fa_enabled")
        return codes


def verify_code(user: User, code: str) -> bool:
    """Accept a TOTP code once (a replayed or older step is refused)."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(
            user=user, confirmed_at__isnull=False
        ).first()
        if device is None:
            return False
        step = twofactor.matching_step(device.secret, code)
        if step is None or step <= device.last_step:
            return False
        device.last_step = step
        device.save(update_fields=["last_step"])
        return True


def use_recovery_code(user: User, code: str) -> bool:
    """Accept an unused recovery code and burn it."""
    digest = twofactor.hash_recovery_code(code)
    with transaction.atomic():
        recovery = RecoveryCode.objects.select_for_update().filter(
            user=user, code_hash=digest, used_at__isnull=True
        ).first()
        if recovery is None:
            return False
        recovery.used_at = timezone.now()
        recovery.save(update_fields=["used_at"])
        record(user, "update", "user", user.pk, change="2fa_recovery_code_used")
        return True


def _replace_recovery_codes(user: User) -> list[str]:
    codes = twofactor.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=twofactor.hash_recovery_code(code)) for code in codes
    )
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record(user, "update", "user", user.pk, change="2fa_recovery_codes_replaced")
        return codes


def disable(user: User, actor: User) -> None:
    """Remove the second factor (the user with a valid code, or a node administrator)."""
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        record(actor, "update", "user", user.pk, change="2fa_disabled")
