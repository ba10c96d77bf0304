"""cjm: customer journey maps and their analysis, from Python.

A thin binding (ctypes, no compiled extension) over the C library libcjm:
the library is found through $CJM_LIBRARY, pkg-config, or the system's
library path.
"""
from ._capi import lib as _lib, json_lib as _json_lib, text as _text
from .analysis import Analysis, Deviation, Gap, Options, Report
from .errors import (ConflictError, DuplicateError, Error, InvalidError, IOError_,
                     LimitError, MemoryError_, NotFoundError, ParseError, RangeError,
                     UnsupportedError)
from .model import Feedback, Journey, Stage, Touchpoint
from .timeutil import format_duration, format_time, parse_duration, parse_time

__all__ = ["Journey", "Stage", "Touchpoint", "Feedback", "Options", "Analysis", "Report",
           "Gap", "Deviation", "Error", "InvalidError", "MemoryError_", "RangeError",
           "DuplicateError", "NotFoundError", "ParseError", "IOError_", "LimitError",
           "UnsupportedError", "ConflictError", "parse_time", "format_time",
           "parse_duration", "format_duration", "library_version", "has_json"]

library_version = _text(_lib.cjm_version())
has_json = _json_lib is not None
__version__ = "1.0.0"
