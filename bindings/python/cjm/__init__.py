"""cjm: customer journey maps and their analysis, from Python.

A binding over ctypes (no compiled extension) to the C library libcjm
and, when installed, its JSON and XML modules. See docs/python.md.
"""
from ._capi import json_lib as _json_lib, lib as _lib, text as _text, xml_lib as _xml_lib
from ._values import DEFAULT_SCALE
from .analysis import Analysis
from .errors import (CancelledError, ConflictError, DuplicateError, Error, InvalidError,
                     IOError_, LimitError, MemoryError_, NotFoundError, ParseError, RangeError,
                     UnsupportedError)
from .model import Feedback, Journey, Stage, Touchpoint
from .options import Options
from .report import Report
from .results import Deviation, Gap
from .timeutil import format_duration, format_time, parse_duration, parse_time
from .xes import XesOptions

__all__ = ["Journey", "Stage", "Touchpoint", "Feedback", "Options", "XesOptions", "Analysis",
           "Report", "Gap", "Deviation", "Error", "InvalidError", "MemoryError_",
           "RangeError", "DuplicateError", "NotFoundError", "ParseError", "IOError_",
           "LimitError", "UnsupportedError", "ConflictError", "CancelledError", "parse_time", "format_time",
           "parse_duration", "format_duration", "library_version", "has_json", "has_xml",
           "DEFAULT_SCALE"]

library_version = _text(_lib.cjm_version())
has_json = _json_lib is not None
has_xml = _xml_lib is not None
__version__ = "1.1.0"
