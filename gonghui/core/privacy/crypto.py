"""Keys, authenticated encryption and the keyed hash (blind index) for personal data.

Stored form of an encrypted value (text, so it fits any database)::

    v1:<key id>:<base64(nonce 12 bytes + ciphertext + GCM tag 16 bytes)>

* AES-256-GCM (``cryptography``'s ``AESGCM``) with a random 96-bit nonce per value.
* The associated data is ``<db table>.<column>``: a ciphertext copied into another column
  (or table) fails to decrypt instead of showing someone else's value there.
* Decryption of a tampered or misplaced value raises ``DecryptionError``; it never returns
  garbage, and it never falls back to treating the stored text as plaintext.

Keys (the "key ring") come from, in this order:

* ``GONGHUI_DATA_KEYS`` = ``"k2:<base64 32 bytes>,k1:<base64 32 bytes>"`` (the first is the
  active key; the others stay readable until retired) together with ``GONGHUI_INDEX_KEY``
  = ``<base64 32 bytes>`` for the blind index. Setting one without the other is an error.
* otherwise the key file ``DATA_DIR/data_keys`` (JSON, mode 0600), created on first use the
  way ``env_secret`` creates the secret key. It is never in the repository; back it up
  separately from the database (a dump without its keys is unreadable, which is the point).

The blind index is HMAC-SHA256 under the index key, of the value normalised for its kind
(ID number: ASCII, upper-case X, no spaces; phone: digits only, without +86). It allows
exact lookup and uniqueness, nothing else: ordering, ranges and substring search on
encrypted columns are impossible by design.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed

from gonghui.env import ConfigError

FORMAT_VERSION = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32
KEY_ID_RE = re.compile(r"^[a-z0-9]{1,16}$")


class DecryptionError(ValueError):
    """A stored value could not be decrypted: unknown key, wrong column, or tampered with."""


@dataclass
class KeyRing:
    """Data keys by id (the first is active) and the blind-index key."""

    data_keys: dict[str, bytes]
    index_key: bytes
    source: str  # "environment" or the key file's path
    active_id: str = field(init=False)

    def __post_init__(self) -> None:
        if not self.data_keys:
            raise ConfigError("the personal-data key ring holds no data key")
        self.active_id = next(iter(self.data_keys))

    @property
    def from_environment(self) -> bool:
        return self.source == "environment"

    def cipher(self, key_id: str) -> AESGCM:
        """The AES-GCM object of data key ``key_id``, made once (a bulk import encrypts 200,000 values)."""
        ciphers = self.__dict__.setdefault("_ciphers", {})
        found = ciphers.get(key_id)
        if found is None:
            found = ciphers[key_id] = AESGCM(self.data_keys[key_id])
        return found


def generate_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def _decode_key(text: str, what: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigError(f"{what} is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise ConfigError(f"{what} must be {KEY_BYTES} bytes (base64 of 32 random bytes), not {len(key)}")
    return key


def check_key_id(key_id: str) -> str:
    if not KEY_ID_RE.match(key_id):
        raise ConfigError(f"key id {key_id!r} must be 1-16 lower-case letters or digits")
    return key_id


def parse_data_keys(text: str, what: str = "GONGHUI_DATA_KEYS") -> dict[str, bytes]:
    """``"k2:base64,k1:base64"`` → ``{"k2": b"...", "k1": b"..."}`` (order kept, first active)."""
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep:
            raise ConfigError(f"{what}: each key must be written id:base64")
        check_key_id(key_id)
        if key_id in keys:
            raise ConfigError(f"{what}: key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(encoded, f"{what} key {key_id!r}")
    return keys


# --- The key file ---------------------------------------------------------------------------


def read_key_file(path: Path) -> KeyRing:
    try:
        content = json.loads(path.read_text(encoding="ascii"))
        data = {check_key_id(k["id"]): _decode_key(k["key"], f"{path} key {k['id']!r}") for k in content["data"]}
        index = _decode_key(content["index"], f"{path} index key")
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"the key file {path} is damaged: {exc}") from exc
    return KeyRing(data_keys=data, index_key=index, source=str(path))


def _key_file_text(data_keys: dict[str, bytes], index_key: bytes) -> str:
    content = {
        "comment": "gonghui personal-data keys. Secret. Back up apart from the database; never commit.",
        "data": [{"id": key_id, "key": encode_key(key)} for key_id, key in data_keys.items()],
        "index": encode_key(index_key),
    }
    return json.dumps(content, indent=2) + "\n"


def write_key_file(path: Path, data_keys: dict[str, bytes], index_key: bytes) -> None:
    """Replace the key file atomically, mode 0600 (a crash leaves the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(_key_file_text(data_keys, index_key))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    reset_keyring()


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(_key_file_text({"k1": generate_key()}, generate_key()))
    try:
        # Hard-linking fails if another process got there first; then its keys win.
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink()


# --- The key ring ---------------------------------------------------------------------------

_keyring: KeyRing | None = None


def keyring() -> KeyRing:
    """The key ring in use (read once per process; see the module docstring)."""
    global _keyring
    if _keyring is None:
        _keyring = _load_keyring()
    return _keyring


def reset_keyring() -> None:
    global _keyring
    _keyring = None


def _load_keyring() -> KeyRing:
    data_text: str = getattr(settings, "PRIVACY_DATA_KEYS", "")
    index_text: str = getattr(settings, "PRIVACY_INDEX_KEY", "")
    if data_text or index_text:
        if not (data_text and index_text):
            raise ConfigError("set both GONGHUI_DATA_KEYS and GONGHUI_INDEX_KEY, or neither (to use the key file)")
        return KeyRing(
            data_keys=parse_data_keys(data_text),
            index_key=_decode_key(index_text, "GONGHUI_INDEX_KEY"),
            source="environment",
        )
    path = Path(settings.PRIVACY_KEY_FILE)
    if not path.exists():
        _create_key_file(path)
    return read_key_file(path)


def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    # Cache invalidation only (tests that swap keys).
    if setting in {"PRIVACY_DATA_KEYS", "PRIVACY_INDEX_KEY", "PRIVACY_KEY_FILE"}:
        reset_keyring()


setting_changed.connect(_settings_changed)


# --- Encryption -------------------------------------------------------------------------


def associated_data(db_table: str, column: str) -> bytes:
    """What a ciphertext is bound to: its table and column."""
    return f"{db_table}.{column}".encode()


def encrypt(plaintext: str, aad: bytes, *, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = ring.cipher(ring.active_id).encrypt(nonce, plaintext.encode("utf-8"), aad)
    return f"{FORMAT_VERSION}:{ring.active_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str) -> str | None:
    """The key id a stored value was encrypted with (None if it is not a ciphertext)."""
    parts = token.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == FORMAT_VERSION else None


def decrypt(token: str, aad: bytes, *, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    version, _sep, rest = token.partition(":")
    key_id, _sep, body = rest.partition(":")
    if version != FORMAT_VERSION or not body:
        raise DecryptionError("the stored value is not an encrypted value")
    key = ring.data_keys.get(key_id)
    if key is None:
        raise DecryptionError(f"the stored value needs key {key_id!r}, which is not in the key ring")
    try:
        raw = base64.b64decode(body, validate=True)
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError("the stored value fails authentication (tampered with, or in the wrong column)") from exc
    return plaintext.decode("utf-8")


# --- Normalisation and the blind index ------------------------------------------------------


def normalise(kind: str, value: str) -> str:
    """The canonical form of ``value`` for ``kind``: what is stored and what is hashed."""
    from gonghui.core import identifiers

    if kind == "id_number":
        return identifiers.normalise_id_number(value)
    if kind == "phone":
        return identifiers.normalise_mobile(value)
    if kind == "bank_account":
        return identifiers.normalise_bank_account(value)
    # NFKC turns full-width digits and letters (１２３Ｘ) into ASCII.
    return unicodedata.normalize("NFKC", value).strip()


def blind_index(kind: str, value: str | None, *, ring: KeyRing | None = None) -> str | None:
    """The keyed hash used for exact lookup of ``value`` (None for an empty value)."""
    if value is None:
        return None
    canonical = normalise(kind, value)
    if not canonical:
        return None
    ring = ring or keyring()
    message = f"{kind}:{canonical}".encode()
    return hmac.digest(ring.index_key, message, "sha256").hex()  # hmac.new(...).hexdigest(), in one C call
