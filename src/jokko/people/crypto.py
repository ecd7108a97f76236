"""The node's field cipher, loaded once from the key file named in settings.

In the demo and the tests a missing key file is created on first use; in production
(`JOKKO_REQUIRE_KEY_FILE=1`) a missing key is an error, because silently generating a new key
would make every existing ciphertext unreadable.
"""

from __future__ import annotations

import os
from functools import cache

from django.conf import settings

from jokko.privacy import FieldCipher, generate_key_file, load_key_file


@cache
def cipher() -> FieldCipher:
    path = settings.FIELD_KEY_FILE
    if not path.exists() and os.environ.get("JOKKO_REQUIRE_KEY_FILE") != "1":
        try:
            generate_key_file(path)
        except FileExistsError:
            pass  # another process created it first
    return load_key_file(path)
