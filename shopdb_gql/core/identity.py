"""Identity values: normalization before matching, and junk values that never identify.

Collectors report placeholders (``To Be Filled By O.E.M.``, ``0``, all-zero MACs...). Such
a value may be stored, but it never matches one asset to another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Normalizer = Callable[[str], str]

JUNK = frozenset({
    "", "-", "--", "?", ".", "0", "none", "null", "nil", "n/a", "na", "n.a.", "not applicable",
    "unknown", "undefined", "default", "default string", "to be filled by o.e.m.",
    "to be filled by oem", "o.e.m.", "oem", "system serial number", "system product name",
    "chassis serial number", "base board serial number", "not specified", "not available",
    "serial", "serialnumber", "123456789", "1234567890", "12345678", "0123456789",
    "none given", "empty", "invalid", "localhost", "unnamed", "xxxxxxxx", "ffffffff",
})
_FILLER = re.compile(r"^[0\s:.\-_]*$|^[f:.\-]+$|^x+$|^(.)\1{5,}$")
_HEX = re.compile(r"[^0-9a-f]")


def text(value: str) -> str:
    """Trim, collapse inner whitespace, ignore case."""
    return " ".join(value.split()).casefold()


def hostname(value: str) -> str:
    """Like :func:`text`; a trailing dot of a fully qualified name is ignored."""
    return text(value).rstrip(".")


def mac(value: str) -> str:
    """Any MAC notation (``AA-BB-..``, ``aabb.ccdd.eeff``, ``AA:BB:..``) as ``aa:bb:cc:dd:ee:ff``."""
    digits = _HEX.sub("", value.strip().lower())
    if len(digits) != 12:
        return text(value)
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


NORMALIZERS: dict[str, Normalizer] = {"text": text, "hostname": hostname, "mac": mac,
                                      "serial": text}


def normalizer(name: str) -> Normalizer:
    try:
        return NORMALIZERS[name]
    except KeyError:
        raise ValueError(f"unknown normalizer {name!r}: use one of {sorted(NORMALIZERS)}") from None


def is_junk(normalized: str) -> bool:
    """Whether a normalized value is a placeholder that must never identify an asset."""
    return (normalized in JUNK or normalized.rstrip(".") in JUNK
            or normalized + "." in JUNK or _FILLER.match(normalized) is not None)


def identity_value(value: Any, normalize: Normalizer = text) -> str | None:
    """The normalized identity value, or None when absent, junk or too long to index."""
    if value is None:
        return None
    normalized = normalize(str(value))
    if is_junk(normalized) or len(normalized) > 191:
        return None
    return normalized
