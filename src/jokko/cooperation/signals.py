"""The listener that turns a received mutual legal assistance bulletin into a request.

A listener rather than a call in the bulletins app: bulletins stay ignorant of cooperation,
and a node without this app simply keeps the bulletin in its inbox.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from jokko.bulletins.models import Bulletin


@receiver(post_save, sender=Bulletin, dispatch_uid="cooperation-incoming-mla")
def incoming_mla_bulletin(
    sender: type[Bulletin], instance: Bulletin, created: bool, **_: Any
) -> None:
    if not created or not instance.is_incoming:
        return
    from jokko.cooperation.actions import receive_from_bulletin

    receive_from_bulletin(instance)
