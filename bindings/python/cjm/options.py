"""Options of an analysis: thresholds, switches and the default channel."""
from ._capi import LATER_COUNT_OPTIONS, _b, lib, text
from ._handle import free, live, new_lock
from ._values import THREADS_MAX, count, flag, real

__all__ = ["Options"]

_RATES = ("pain_threshold", "drop_threshold", "silent_threshold", "backtrack_threshold",
          "switch_threshold")
_COUNTS = ("min_customers", "min_feedback", "threads")
# Options of later releases, present when the loaded library has them.
_LATER = tuple(n for n in ("confidence",) + LATER_COUNT_OPTIONS + ("breakdown",)
               if hasattr(lib, f"cjm_options_set_{n}"))
_NAMES = _COUNTS + _RATES + _LATER + ("lenient", "default_channel")


class Options:
    """Thresholds and switches of an analysis, with the library's defaults.

    >>> cjm.Options(min_customers=10, lenient=True, default_channel="web")

    Every setting is a property; a value of the wrong type raises
    TypeError, one out of range cjm.RangeError, both naming the setting.
    Options are copied into an analysis when it is made; changing them
    later does not change the analysis. Safe to share between threads.
    """

    def __init__(self, **settings):
        self._lock = new_lock()
        self._h = lib.cjm_options_new()
        for name, value in settings.items():
            if name not in _NAMES:
                raise TypeError(f"unknown option {name!r}; options are: {', '.join(_NAMES)}")
            setattr(self, name, value)

    def __del__(self):
        free(self, lib.cjm_options_free)

    @property
    def _handle(self):
        return live(self, ValueError, "these options were freed (their __del__ was called)")

    def __setattr__(self, name, value):
        # A misspelt option (min_customer) would otherwise be a plain
        # attribute, silently without effect.
        if not name.startswith("_") and name not in _NAMES:
            raise AttributeError(f"unknown option {name!r}; options are: {', '.join(_NAMES)}")
        object.__setattr__(self, name, value)

    @classmethod
    def _coerce(cls, options, settings=None, name="options"):
        """Options, a dict of settings, or None; keyword settings beside
        given options are refused rather than silently ignored."""
        if settings:
            if options is not None:
                raise TypeError(f"give {name} or keyword settings "
                                f"({', '.join(settings)}), not both")
            return cls(**settings)
        if options is None or isinstance(options, Options):
            return options
        if isinstance(options, dict):
            return cls(**options)
        raise TypeError(f"{name}: expected cjm.Options or a dict, not "
                        f"{type(options).__name__}")

    def settings(self) -> dict:
        """Every setting and its value, as keywords for Options()."""
        return {name: getattr(self, name) for name in _NAMES}

    def __eq__(self, other):
        if not isinstance(other, Options):
            return NotImplemented
        return self.settings() == other.settings()

    __hash__ = None

    def __copy__(self):
        return Options(**self.settings())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        return (_options_from, (self.settings(),))

    def __repr__(self):
        fields = ", ".join(f"{n}={v!r}" for n, v in self.settings().items())
        return f"cjm.Options({fields})"


def _options_from(settings):
    return Options(**settings)


def _property(name, check, kind, doc, hi=None):
    get = getattr(lib, f"cjm_options_{name}")
    set_ = getattr(lib, f"cjm_options_set_{name}")

    def fget(self):
        with self._lock:
            return kind(get(self._handle))

    def fset(self, value):
        value = check(value, name) if hi is None else check(value, name, hi)
        with self._lock:
            set_(self._handle, value)

    return property(fget, fset, doc=doc)


for _n in _RATES:
    setattr(Options, _n, _property(_n, real, float, f"The {_n.replace('_', ' ')} (float)."))
Options.min_customers = _property("min_customers", count, int,
                                  "Customers a figure needs before a gap is raised on it.")
Options.min_feedback = _property("min_feedback", count, int,
                                 "Feedback items a mean needs before it counts.")
Options.threads = _property("threads", count, int,
                            "Worker threads: 0 for one per processor, 1 for none.",
                            hi=THREADS_MAX)
if "confidence" in _LATER:
    Options.confidence = _property(
        "confidence", real, float,
        "How sure the analysis must be that customers are unhappy before it calls a pain "
        "point: 0 (the plain mean test) or a number from 0.5 to below 1 (libcjm 1.1).")
_LATER_DOCS = {
    "max_paths": "How many paths the report lists, those most customers followed; 0 lists "
                 "none (the count of distinct paths is given anyway). 10 by default.",
    "max_flow_edges": "How many edges of the flow (touchpoint to next touchpoint) the report "
                      "lists, those with the most pairs of events; 0 lists none. 200 by "
                      "default.",
    "max_segments": "How many entries an attribute breakdown lists: with more values, the "
                    "first max_segments - 1 by customers and the rest pooled into one "
                    "(other). 20 by default.",
}
for _n in LATER_COUNT_OPTIONS:
    if _n in _LATER:
        setattr(Options, _n, _property(_n, count, int, _LATER_DOCS[_n] + " (libcjm 1.1)"))
Options.lenient = _property("lenient", flag, bool,
                            "Skip and count invalid events instead of failing (bool).")


def _text_option(name, doc):
    """A text option: None (or "") unsets it."""
    get, set_ = getattr(lib, f"cjm_options_{name}"), getattr(lib, f"cjm_options_set_{name}")

    def fget(self):
        with self._lock:
            return text(get(self._handle)) or None

    def fset(self, value):
        data = _b(value, name)
        with self._lock:
            set_(self._handle, data)

    return property(fget, fset, doc=doc)


Options.default_channel = _text_option(
    "default_channel",
    "The channel of events of touchpoints the map lacks that name none, or None.")
if "breakdown" in _LATER:
    Options.breakdown = _text_option(
        "breakdown",
        "What splits the customers into the report's segments: an attribute key (the value "
        "on a customer's earliest event carrying it), '@day', '@week' or '@month' (the cohort "
        "of the first event, UTC), or None for no breakdown (libcjm 1.1).")
