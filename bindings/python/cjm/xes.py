"""Options of the XES reader: what to take from where in a log."""
from ._capi import _b, xml_lib
from ._handle import free, live, new_lock
from ._values import THREADS_MAX, count, flag
from .errors import UnsupportedError

__all__ = ["XesOptions"]

_TEXT = ("touchpoint_key", "touchpoint_classifier", "customer_key", "channel_key",
         "stage_key", "lifecycle")
_NAMES = _TEXT + ("assume_utc", "threads")


class XesOptions:
    """What Analysis.read_xes() takes from where in an XES log.

    >>> cjm.XesOptions(channel_key="org:group", lifecycle="complete", assume_utc=True)

    touchpoint_key (default concept:name), touchpoint_classifier (a
    classifier the log declares), customer_key (the trace's, default
    concept:name), channel_key (default cjm:channel), stage_key (default
    cjm:stage), lifecycle (take only this transition), assume_utc (read
    times without a zone as UTC), threads (0: parse on a second thread).
    Settings are write-only: the values given are kept in settings().
    """

    def __init__(self, **settings):
        self._lock = new_lock()
        self._h = None
        if xml_lib is None:
            raise UnsupportedError("the XML module (libcjm-xml) is not installed")
        self._settings = {}
        self._h = xml_lib.cjm_xes_options_new()
        for name, value in settings.items():
            if name not in _NAMES:
                raise TypeError(f"unknown XES option {name!r}; options are: "
                                f"{', '.join(_NAMES)}")
            self._set(name, value)

    def _set(self, name, value):
        if name in _TEXT:
            arg = _b(value, name)
        elif name == "assume_utc":
            arg = flag(value, name)
        else:
            arg = count(value, name, THREADS_MAX)
        with self._lock:
            getattr(xml_lib, "cjm_xes_options_set_" + name)(self._handle, arg)
            self._settings[name] = value

    def __del__(self):
        free(self, xml_lib.cjm_xes_options_free)

    @property
    def _handle(self):
        return live(self, ValueError, "these XES options were freed (their __del__ was called)")

    def __setattr__(self, name, value):
        # An option set after the fact is set (x.lifecycle = "complete"); a
        # misspelt one would otherwise be a plain attribute without effect.
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        elif name in _NAMES:
            self._set(name, value)
        else:
            raise AttributeError(f"unknown XES option {name!r}; options are: "
                                 f"{', '.join(_NAMES)}")

    @classmethod
    def _coerce(cls, options, settings):
        if settings:
            if options is not None:
                raise TypeError(f"give options or keyword settings ({', '.join(settings)}), "
                                "not both")
            return cls(**settings)
        if options is None or isinstance(options, XesOptions):
            return options
        if isinstance(options, dict):
            return cls(**options)
        raise TypeError(f"options: expected cjm.XesOptions or a dict, not "
                        f"{type(options).__name__}")

    def settings(self) -> dict:
        with self._lock:
            return dict(self._settings)

    def __copy__(self):
        return XesOptions(**self.settings())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        return (_xes_options_from, (self.settings(),))

    def __repr__(self):
        return "cjm.XesOptions(" + ", ".join(f"{k}={v!r}" for k, v in
                                             self.settings().items()) + ")"


def _xes_options_from(settings):
    return XesOptions(**settings)
