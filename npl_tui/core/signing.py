"""Signed manifests: Ed25519 keys, signing at build time, verifying when a desk asks.

A feed served over plain HTTP (the common case inside a bank) is guarded against
accidents by the SHA-256 of every table in the manifest, but not against tampering:
whoever can change a table can change the manifest beside it. A signed manifest
closes that gap, as apt's signed Release file does: the manifest carries an Ed25519
signature over its content, and since the content names every table's SHA-256, the
signature vouches for every table byte.

* ``npl-tui keygen KEYFILE`` writes KEYFILE (the private key, PEM PKCS#8, mode 0600)
  and KEYFILE.pub (the public key, PEM SubjectPublicKeyInfo). Both are the standard
  formats ``openssl pkey`` reads and writes.
* ``npl-tui build DIR --sign KEYFILE`` adds a ``signature`` member to the manifest.
* ``--trust KEYFILE.pub`` makes a reader refuse a manifest that is not signed by one of
  the trusted keys, exactly as it refuses a table whose hash does not match.

What is signed: the manifest document without its ``signature`` member, serialised
as ``json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True)`` and
encoded as UTF-8 (:func:`signed_payload`). That is the document the reader parses and
uses, whatever the whitespace of the file.

The ``cryptography`` package is imported only by the functions that sign or verify,
so the monitor's start-up never pays for it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .snapshot import MANIFEST_NAME, DataError, Problem
from .text import one_line

__all__ = [
    "ALGORITHM",
    "KeyFileError",
    "PublicKey",
    "SigningKey",
    "generate_keypair",
    "load_public_key",
    "load_signing_key",
    "sign_manifest",
    "signed_payload",
    "verify_manifest",
]

ALGORITHM = "ed25519"


class KeyFileError(Exception):
    """A key file that cannot be used; ``str()`` is one line naming the file."""


@dataclass(frozen=True)
class PublicKey:
    """A trusted Ed25519 public key: its 32 raw bytes and where it came from."""

    raw: bytes
    source: str = ""

    @property
    def key_id(self) -> str:
        """A short, stable name for the key: the first 16 hex digits of SHA-256(raw)."""
        return hashlib.sha256(self.raw).hexdigest()[:16]


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key (its 32-byte seed) and its public half."""

    seed: bytes
    public: PublicKey


def generate_keypair(path: Path) -> tuple[Path, Path, str]:
    """Write a new private key to *path* (0600, never overwriting) and its public key
    to *path*.pub; return (private path, public path, key id)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(path)
    public_path = path.with_name(path.name + ".pub")
    for target in (path, public_path):
        if target.exists() or target.is_symlink():
            raise KeyFileError(f"{target}: already exists; choose another name or remove it first")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = private.public_key()
    public_pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    try:
        fd = os.open(public_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(public_pem)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, public_path, PublicKey(raw).key_id


def _read_key_file(path: Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot be read: {exc.strerror or one_line(exc)}") from None
    if len(data) > 64 * 1024:
        raise KeyFileError(f"{path}: is not a key file (too large)")
    return data


def load_public_key(path: Path) -> PublicKey:
    """A trusted public key from a PEM file (``KEYFILE.pub`` from ``npl-tui keygen``,
    or ``openssl pkey -pubout``). Raises KeyFileError with a one-line reason."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    data = _read_key_file(path)
    if b"PRIVATE KEY" in data:
        raise KeyFileError(f"{path}: is a private key; --trust takes the public key (the .pub file)")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise KeyFileError(f"{path}: is not a PEM public key (expected the KEYFILE.pub that npl-tui keygen writes)") from None
    except Exception as exc:  # noqa: BLE001 - e.g. an unsupported algorithm
        raise KeyFileError(f"{path}: is not a usable public key ({one_line(exc)[:80]})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path}: is not an Ed25519 key ({type(key).__name__}); npl-tui signs with Ed25519")
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PublicKey(raw, str(path))


def load_signing_key(path: Path) -> SigningKey:
    """The private key written by ``npl-tui keygen`` (or ``openssl genpkey -algorithm
    ed25519``). Raises KeyFileError with a one-line reason."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = _read_key_file(path)
    if b"PRIVATE KEY" not in data:
        raise KeyFileError(f"{path}: is not a private key (--sign takes KEYFILE, not KEYFILE.pub)")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise KeyFileError(f"{path}: is encrypted; npl-tui needs an unencrypted key file (keep it readable by you only)") from None
    except ValueError:
        raise KeyFileError(f"{path}: is not a PEM private key") from None
    except Exception as exc:  # noqa: BLE001 - e.g. an unsupported algorithm
        raise KeyFileError(f"{path}: is not a usable private key ({one_line(exc)[:80]})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: is not an Ed25519 key ({type(key).__name__}); npl-tui signs with Ed25519")
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SigningKey(seed, PublicKey(raw, str(path)))


def signed_payload(doc: dict[str, Any]) -> bytes:
    """The bytes a manifest's signature covers: the document without ``signature``,
    keys sorted, no whitespace, ASCII escapes, UTF-8."""
    content = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("utf-8")


def sign_manifest(manifest_raw: bytes, key: SigningKey) -> bytes:
    """*manifest_raw* with a ``signature`` member by *key* (any earlier one replaced)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    doc = json.loads(manifest_raw.decode("utf-8-sig"))
    if not isinstance(doc, dict):
        raise TypeError("a manifest is a JSON object")
    doc.pop("signature", None)
    value = Ed25519PrivateKey.from_private_bytes(key.seed).sign(signed_payload(doc))
    doc["signature"] = {"algorithm": ALGORITHM, "key": key.public.key_id, "value": base64.b64encode(value).decode("ascii")}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def verify_manifest(manifest_raw: bytes, trusted: Sequence[PublicKey], where: str = MANIFEST_NAME) -> PublicKey:
    """Check that *manifest_raw* is signed by one of *trusted*; return that key.

    Raises DataError (one line naming *where*) when the manifest is unsigned, signed
    by another key, or its signature does not verify (the content was changed after
    signing). The caller parses the manifest as usual; this only judges the signature.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        doc = json.loads(manifest_raw.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        raise DataError(Problem(where, "is not valid JSON, so its signature cannot be checked")) from None
    if not isinstance(doc, dict):
        raise DataError(Problem(where, "must be a JSON object"))
    trusted_ids = ", ".join(k.key_id for k in trusted)
    signature = doc.get("signature")
    if signature is None:
        raise DataError(Problem(where, f"is not signed, and --trust requires a signature by {trusted_ids}"))
    if not isinstance(signature, dict):
        raise DataError(Problem(where, "signature must be an object {algorithm, key, value}"))
    algorithm, key_id, value = signature.get("algorithm"), signature.get("key"), signature.get("value")
    if algorithm != ALGORITHM:
        raise DataError(Problem(where, f"signature algorithm {_show(algorithm)} is not supported (expected {ALGORITHM!r})"))
    if not isinstance(value, str):
        raise DataError(Problem(where, "signature value must be base64 text"))
    try:
        sig = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise DataError(Problem(where, "signature value is not valid base64")) from None
    candidates = [k for k in trusted if k.key_id == key_id] or list(trusted)
    payload = signed_payload(doc)
    for key in candidates:
        try:
            Ed25519PublicKey.from_public_bytes(key.raw).verify(sig, payload)
        except InvalidSignature:
            continue
        return key
    if not any(k.key_id == key_id for k in trusted):
        raise DataError(Problem(where, f"is signed by key {_show(key_id)}, which is not trusted (trusted: {trusted_ids})"))
    raise DataError(Problem(where, f"signature does not verify with trusted key {_show(key_id)}: the manifest was changed after signing"))


def _show(value: object) -> str:
    text = str(value) if isinstance(value, str) else repr(value)
    text = text if text.isprintable() else ascii(text)
    return text if len(text) <= 40 else text[:39] + "…"
