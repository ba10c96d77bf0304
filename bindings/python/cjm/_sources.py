"""Where documents and events come from: a path, a str document, bytes
or a file object, gzip or not; and the modules reading them."""
import gzip
import os

from ._capi import _utf8
from .errors import InvalidError, UnsupportedError

__all__ = ["is_document", "read_source", "need_module", "events_format"]


def need_module(library, what):
    """Raises UnsupportedError when the module `what` is not loaded."""
    if library is None:
        raise UnsupportedError(f"the {what} module (libcjm-{what.lower()}) is not installed")


def is_document(source):
    """Whether a str is a document rather than a path."""
    return isinstance(source, str) and ("\n" in source or
                                        source.lstrip().startswith(("{", "<")))


def read_source(source, what, gunzip=True):
    """(bytes, name) of a path, str document, bytes or file object;
    gzip data is decompressed."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), None
    elif is_document(source):
        data, name = _utf8(source, what), None
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        with open(name, "rb") as f:
            data = f.read()
    elif hasattr(source, "read"):
        data = source.read()
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        if isinstance(data, str):
            data = _utf8(data, what)
        elif not isinstance(data, bytes):
            raise TypeError(f"{what}: read() returned {type(data).__name__}, not bytes or str")
    else:
        raise TypeError(f"{what}: expected a path, str, bytes or a file object, not "
                        f"{type(source).__name__}")
    if gunzip and data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise InvalidError(f"{name or '<buffer>'}: not gzip data: {e}") from None
    return data, name


def events_format(events, format):
    """"jsonl" or "xes": as given, or as a path's name says."""
    if format is not None:
        if format not in ("jsonl", "xes"):
            raise ValueError(f"format: {format!r} is not 'jsonl' or 'xes'")
        return format
    if isinstance(events, (str, os.PathLike)) and not is_document(events):
        path = os.fspath(events)
        return "xes" if path.endswith((".xes", ".xes.gz")) else "jsonl"
    return "jsonl"
