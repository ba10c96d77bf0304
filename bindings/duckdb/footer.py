#!/usr/bin/env python3
"""Makes a loadable DuckDB extension of a shared library: a copy of it with
DuckDB's metadata footer appended.

DuckDB reads the last 534 bytes of an extension file before it loads it: a
WebAssembly-style custom section named "duckdb_signature" that holds eight
fields of 32 bytes (stored last field first, each padded with NUL bytes)
and a 256-byte signature. The fields used here: 1 the footer's format
("4"), 2 the platform, 3 the version of DuckDB's C extension API the
extension was built for, 4 the extension's version, 5 the ABI type
("C_STRUCT": the stable C API). The signature is left as zeros: DuckDB
loads such an unsigned extension only with allow_unsigned_extensions.

usage: footer.py INPUT OUTPUT API_VERSION EXTENSION_VERSION [PLATFORM]
"""
import os
import sys


def field(text):
    data = text.encode()
    if len(data) > 32:
        raise SystemExit(f"footer: {text!r} is longer than 32 bytes")
    return data.ljust(32, b"\0")


def footer(platform, api_version, extension_version):
    fields = ["4", platform, api_version, extension_version, "C_STRUCT", "", "", ""]
    # Section id 0 (custom), the section's length 531 as LEB128 (0x93 0x04),
    # the name's length and the name, then the payload's length 512 as
    # LEB128 (0x80 0x04): eight fields and the signature.
    out = b"\0" + bytes([0x93, 0x04, 16]) + b"duckdb_signature" + bytes([0x80, 0x04])
    out += b"".join(field(f) for f in reversed(fields))
    out += bytes(256)
    assert len(out) == 534
    return out


def main(argv):
    if len(argv) not in (5, 6):
        raise SystemExit(__doc__.strip().splitlines()[-1])
    source, target, api_version, extension_version = argv[1:5]
    platform = argv[5] if len(argv) == 6 else "linux_amd64"
    with open(source, "rb") as f:
        data = f.read()
    # Written whole or not at all: a temporary file renamed over the target.
    temporary = target + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data + footer(platform, api_version, extension_version))
    os.chmod(temporary, 0o755)
    os.replace(temporary, target)


if __name__ == "__main__":
    main(sys.argv)
