"""Message bodies encrypted at rest, like survivors' names.

A bulletin or a disclosure answer can carry a person's identity; the outbox and inbox keep the
body until it is delivered and applied, so it gets the same protection as the `people` fields:
a Fernet token under the node's field key (rotated by `jokko rotate_field_key` too, since this is
an `EncryptedTextField`). Python code sees the decoded JSON object.
"""

from __future__ import annotations

import json
from typing import Any

from jokko.people.fields import EncryptedTextField


class EncryptedJSONField(EncryptedTextField):
    # For django-stubs: instances hold decoded JSON, not the text the parent field holds.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        if text is None or text == "":
            return None if text is None else {}
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else {}
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return super().get_prep_value(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, sort_keys=True)
