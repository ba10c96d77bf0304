"""Exceptions: one base class, one subclass per status code."""

__all__ = ["Error", "InvalidError", "MemoryError_", "RangeError", "DuplicateError",
           "NotFoundError", "ParseError", "IOError_", "LimitError", "UnsupportedError",
           "ConflictError", "CancelledError", "error_for"]


class Error(Exception):
    """A cjm call failed. `status` is the C status code, `message` the
    library's message naming the place."""

    status = None
    status_name = None

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class InvalidError(Error, ValueError):
    status, status_name = -1, "CJM_ERR_INVALID"


class MemoryError_(Error, MemoryError):
    status, status_name = -2, "CJM_ERR_NOMEM"


class RangeError(Error, ValueError):
    status, status_name = -3, "CJM_ERR_RANGE"


class DuplicateError(Error, ValueError):
    status, status_name = -4, "CJM_ERR_DUPLICATE"


class NotFoundError(Error, LookupError):
    status, status_name = -5, "CJM_ERR_NOT_FOUND"


class ParseError(Error, ValueError):
    status, status_name = -6, "CJM_ERR_PARSE"


class IOError_(Error, OSError):
    status, status_name = -7, "CJM_ERR_IO"


class LimitError(Error, ValueError):
    status, status_name = -8, "CJM_ERR_LIMIT"


class UnsupportedError(Error):
    status, status_name = -9, "CJM_ERR_UNSUPPORTED"


class ConflictError(Error, ValueError):
    status, status_name = -10, "CJM_ERR_CONFLICT"


class CancelledError(Error):
    """A long call stopped before its end because it was asked to
    (Analysis.cancel() from another thread); the analysis is as it was
    before the call. Ctrl-C stops such a call too, and raises
    KeyboardInterrupt from this error."""
    status, status_name = -11, "CJM_ERR_CANCELLED"


_BY_STATUS = {cls.status: cls for cls in (
    InvalidError, MemoryError_, RangeError, DuplicateError, NotFoundError, ParseError,
    IOError_, LimitError, UnsupportedError, ConflictError, CancelledError)}


def error_for(status, message):
    """The exception for a status code (Error itself for an unknown one)."""
    cls = _BY_STATUS.get(status, Error)
    return cls(message, status)
