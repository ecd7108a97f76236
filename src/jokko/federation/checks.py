"""Start-up check: a production node refuses to start without its node key file.

Django runs system checks before `runserver`, `migrate` and most commands, so an operator who
lost the key learns it at once rather than from peers rejecting every message as forged.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from jokko.federation import conf


@register()
def node_key_present(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    path = conf.node_key_file()
    if conf.key_file_required() and not path.exists():
        return [
            Error(
                f"node key file {path} is missing and JOKKO_REQUIRE_KEY_FILE=1",
                hint="Restore it from the node's key backup, or create one with "
                "`jokko node_info --create-key` and give the new public key to every peer.",
                id="jokko.federation.E001",
            )
        ]
    return []
