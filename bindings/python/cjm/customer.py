"""One customer straight from the events, compared with a map
(cjm_customer_events): Journey.compare_customer, also as a function."""
from typing import Optional

from ._handle import need
from .model import Journey
from .options import Options
from .xes import XesOptions

__all__ = ["compare_customer"]


def compare_customer(map: Journey, customer: str, events, options: Optional[Options] = None,
                     *, format: Optional[str] = None, xes: Optional[XesOptions] = None,
                     **settings) -> list:
    """map.compare_customer(customer, events, ...): see Journey.compare_customer."""
    need(map, Journey, "map")
    return map.compare_customer(customer, events, options, format=format, xes=xes, **settings)
