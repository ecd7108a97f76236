"""Pure privacy primitives: field encryption and blind indexes. No Django import.

See `fieldcrypto` for the scheme and why it is built the way it is.
"""

from jokko.privacy.fieldcrypto import (
    DecryptionError,
    FieldCipher,
    KeyFileError,
    add_secret_to_key_file,
    generate_key_file,
    load_key_file,
)

__all__ = [
    "DecryptionError",
    "FieldCipher",
    "KeyFileError",
    "add_secret_to_key_file",
    "generate_key_file",
    "load_key_file",
]
