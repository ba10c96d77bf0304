"""The C API as ctypes sees it: one table of prototypes (name, result,
arguments, error check) drives every binding. Handles are opaque pointers;
strings go in as UTF-8 bytes and come out as str."""
import ctypes
from ctypes import (POINTER, c_bool, c_char_p, c_double, c_int, c_int64, c_size_t,
                    c_uint, c_uint64, c_void_p)

from . import _library
from .errors import error_for

__all__ = ["lib", "json_lib", "xml_lib", "UNSET", "last_error", "text", "_b", "_text_arg", "_utf8"]

lib = _library.load("libcjm.so.1", "CJM_LIBRARY", "cjm")
json_lib = _library.load("libcjm-json.so.1", "CJM_JSON_LIBRARY", "cjm-json", required=False)
xml_lib = _library.load("libcjm-xml.so.1", "CJM_XML_LIBRARY", "cjm-xml", required=False)

UNSET = -(2 ** 63)  # CJM_UNSET


class DictionaryColumn(ctypes.Structure):
    """cjm_dictionary_column: codes into a table of distinct strings."""
    _fields_ = [("codes", c_void_p), ("count", c_size_t), ("offsets", c_void_p),
                ("data", c_char_p)]


class AttributeColumn(ctypes.Structure):
    """cjm_attribute_column: a key and its values, here as a dictionary."""
    _fields_ = [("key", c_char_p), ("values", c_void_p),
                ("dictionary", POINTER(DictionaryColumn))]


handle = c_void_p
status = c_int
out_handle = POINTER(c_void_p)


def last_error():
    return (lib.cjm_last_error() or b"").decode("utf-8", "replace")


def _raise(code):
    raise error_for(code, last_error())


def check_status(result, func, args):
    """For functions returning cjm_status: raise on anything but CJM_OK."""
    if result != 0:
        _raise(result)
    return result


def check_handle(result, func, args):
    """For constructors: NULL means failure, the status is in the slot."""
    if not result:
        _raise(lib.cjm_last_status())
    return result


def text(value):
    """Decodes a returned string (bytes or None)."""
    return None if value is None else value.decode("utf-8")


def _utf8(value, name="value"):
    """str (or None) to UTF-8 bytes passed with their length (a document,
    which may hold any character); `name` names the argument in the
    TypeError for anything else."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected str, not {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{name}: not valid text ({e.reason} at {e.start})") from None


def _text_arg(value, name):
    """A required str as for _b: None is a TypeError naming the argument,
    as any other non-str, not a NULL for the library to refuse."""
    if value is None:
        raise TypeError(f"{name}: expected str, not None")
    return _b(value, name)


def _b(value, name="value"):
    """str (or None) to the NUL-terminated UTF-8 string the C API takes:
    every id, name, text and path. A NUL inside would end the C string
    early and silently cut the value, so it is refused (ValueError)."""
    data = _utf8(value, name)
    if data is not None and b"\0" in data:
        raise ValueError(f"{name}: contains a NUL character (at {value.index(chr(0))}), "
                         "which text passed to the library cannot hold")
    return data


S, H = check_status, check_handle

# name: (result, [arguments], errcheck or None)
PROTOTYPES = {
    # common.h
    "cjm_status_name": (c_char_p, [status], None),
    "cjm_last_error": (c_char_p, [], None),
    "cjm_last_status": (status, [], None),
    "cjm_version": (c_char_p, [], None),
    "cjm_free": (None, [c_void_p], None),
    # time.h
    "cjm_time_parse": (status, [POINTER(c_int64), c_char_p], S),
    "cjm_time_format": (status, [c_char_p, c_size_t, c_int64], S),
    "cjm_duration_parse": (status, [POINTER(c_int64), c_char_p], S),
    "cjm_duration_format": (status, [c_char_p, c_size_t, c_int64], S),
    # model.h: journey
    "cjm_journey_new": (handle, [c_char_p, c_char_p], H),
    "cjm_journey_new_actual": (handle, [c_char_p, c_char_p], H),
    "cjm_journey_kind_of": (c_int, [handle], None),
    "cjm_customer_events_new": (handle, [handle, c_char_p, handle], H),
    "cjm_customer_events_free": (None, [handle], None),
    "cjm_customer_events_sink": (status, [handle, handle], None),
    "cjm_customer_events_compare": (status, [out_handle, out_handle, handle], S),
    "cjm_journey_free": (None, [handle], None),
    "cjm_journey_copy": (handle, [handle], H),
    "cjm_journey_equal": (c_bool, [handle, handle], None),
    "cjm_journey_stage_count": (c_size_t, [handle], None),
    "cjm_journey_stage": (handle, [handle, c_size_t], None),
    "cjm_journey_find_stage": (handle, [handle, c_char_p], None),
    "cjm_journey_find_touchpoint": (handle, [handle, c_char_p], None),
    "cjm_journey_touchpoint_count": (c_size_t, [handle], None),
    "cjm_journey_add_stage": (status, [out_handle, handle, c_char_p, c_char_p], S),
    "cjm_journey_insert_stage": (status, [out_handle, handle, c_size_t, c_char_p, c_char_p], S),
    "cjm_journey_remove_stage": (status, [handle, handle], S),
    # stage
    "cjm_stage_index": (c_size_t, [handle], None),
    "cjm_stage_expected_duration": (c_int64, [handle], None),
    "cjm_stage_set_expected_duration": (status, [handle, c_int64], S),
    "cjm_stage_touchpoint_count": (c_size_t, [handle], None),
    "cjm_stage_touchpoint": (handle, [handle, c_size_t], None),
    "cjm_stage_add_touchpoint": (status, [out_handle, handle, c_char_p, c_char_p, c_char_p], S),
    "cjm_stage_remove_touchpoint": (status, [handle, handle], S),
    # touchpoint
    "cjm_touchpoint_stage": (handle, [handle], None),
    "cjm_touchpoint_optional": (c_bool, [handle], None),
    "cjm_touchpoint_set_optional": (status, [handle, c_bool], S),
    "cjm_touchpoint_at": (c_int64, [handle], None),
    "cjm_touchpoint_set_at": (status, [handle, c_int64], S),
    "cjm_touchpoint_feedback_count": (c_size_t, [handle], None),
    "cjm_touchpoint_feedback": (handle, [handle, c_size_t], None),
    "cjm_touchpoint_add_feedback": (status, [out_handle, handle, c_double, c_double, c_double], S),
    "cjm_touchpoint_remove_feedback": (status, [handle, handle], S),
    # feedback
    "cjm_feedback_touchpoint": (handle, [handle], None),
    "cjm_feedback_score": (c_double, [handle], None),
    "cjm_feedback_scale_min": (c_double, [handle], None),
    "cjm_feedback_scale_max": (c_double, [handle], None),
    "cjm_feedback_normalized": (c_double, [handle], None),
    "cjm_feedback_set_score": (status, [handle, c_double, c_double, c_double], S),
    "cjm_feedback_at": (c_int64, [handle], None),
    "cjm_feedback_set_at": (status, [handle, c_int64], S),
    # analysis.h
    "cjm_options_new": (handle, [], H),
    "cjm_options_free": (None, [handle], None),
    "cjm_options_set_min_customers": (status, [handle, c_uint64], S),
    "cjm_options_set_min_feedback": (status, [handle, c_uint64], S),
    "cjm_options_set_threads": (status, [handle, c_uint], S),
    "cjm_options_set_lenient": (status, [handle, c_bool], S),
    "cjm_options_min_customers": (c_uint64, [handle], None),
    "cjm_options_min_feedback": (c_uint64, [handle], None),
    "cjm_options_threads": (c_uint, [handle], None),
    "cjm_options_lenient": (c_bool, [handle], None),
    "cjm_options_set_default_channel": (status, [handle, c_char_p], S),
    "cjm_options_default_channel": (c_char_p, [handle], None),
    "cjm_journey_channel_switches": (status, [POINTER(c_size_t), handle], S),
    "cjm_journey_compare": (status, [out_handle, handle, handle, handle], S),
    "cjm_comparison_free": (None, [handle], None),
    "cjm_comparison_count": (c_size_t, [handle], None),
    "cjm_comparison_kind": (c_int, [handle, c_size_t], None),
    "cjm_comparison_touchpoint": (c_char_p, [handle, c_size_t], None),
    "cjm_comparison_stage": (c_char_p, [handle, c_size_t], None),
    "cjm_comparison_from_stage": (c_char_p, [handle, c_size_t], None),
    "cjm_comparison_value": (c_double, [handle, c_size_t], None),
    "cjm_deviation_kind_name": (c_char_p, [c_int], None),
    "cjm_journey_gaps": (status, [out_handle, handle, handle], S),
    # svg.h
    "cjm_svg_write": (status, [POINTER(c_void_p), POINTER(c_size_t), handle, handle, handle], S),
    "cjm_gap_list_free": (None, [handle], None),
    "cjm_gap_list_count": (c_size_t, [handle], None),
    "cjm_gap_list_get": (handle, [handle, c_size_t], None),
    "cjm_gap_kind_of": (c_int, [handle], None),
    "cjm_gap_stage": (c_char_p, [handle], None),
    "cjm_gap_touchpoint": (c_char_p, [handle], None),
    "cjm_gap_to_stage": (c_char_p, [handle], None),
    "cjm_gap_value": (c_double, [handle], None),
    "cjm_gap_count": (c_uint64, [handle], None),
    "cjm_gap_severity": (c_double, [handle], None),
    "cjm_gap_message": (c_char_p, [handle], None),
    "cjm_gap_kind_name": (c_char_p, [c_int], None),
    # bulk.h
    "cjm_analysis_new": (handle, [handle, handle], H),
    "cjm_analysis_free": (None, [handle], None),
    "cjm_analysis_add": (status, [handle, c_char_p, c_int64, c_char_p, c_char_p, c_char_p], S),
    "cjm_analysis_add_columns": (status, [handle, c_size_t, c_void_p, c_void_p, c_void_p,
                                          c_void_p, c_void_p, c_void_p, c_void_p, c_void_p], S),
    "cjm_analysis_add_packed": (status, [handle, c_size_t, c_char_p, c_size_t, c_void_p,
                                         c_char_p, c_size_t, c_char_p, c_size_t, c_char_p,
                                         c_size_t, c_void_p, c_void_p, c_void_p], S),
    "cjm_analysis_merge": (status, [handle, handle], S),
    "cjm_analysis_add_dictionary": (status, [handle, c_size_t, POINTER(DictionaryColumn),
                                             c_void_p, POINTER(DictionaryColumn),
                                             POINTER(DictionaryColumn),
                                             POINTER(DictionaryColumn), c_void_p, c_void_p,
                                             c_void_p], S),
    "cjm_analysis_serialize": (status, [POINTER(c_void_p), POINTER(c_size_t), handle], S),
    "cjm_analysis_deserialize": (status, [out_handle, handle, c_char_p, c_size_t], S),
    "cjm_analysis_event_count": (c_uint64, [handle], None),
    "cjm_analysis_customer_count": (c_uint64, [handle], None),
    "cjm_analysis_rejected_count": (c_uint64, [handle], None),
    "cjm_analysis_rejected_message": (c_char_p, [handle, c_size_t], None),
    "cjm_analysis_report": (status, [out_handle, handle], S),
    "cjm_report_free": (None, [handle], None),
    "cjm_report_gaps": (handle, [handle], None),
    "cjm_report_stage_median_transition_ms": (c_int64, [handle, c_size_t], None),
    "cjm_report_touchpoint_planned": (c_bool, [handle, c_size_t], None),
    # tables.h: the report described, and read by table, row and column
    "cjm_table_count": (c_size_t, [], None),
    "cjm_table_name": (c_char_p, [c_int], None),
    "cjm_table_keyed": (c_bool, [c_int], None),
    "cjm_table_list": (c_bool, [c_int], None),
    "cjm_table_column_count": (c_size_t, [c_int], None),
    "cjm_table_column_name": (c_char_p, [c_int, c_size_t], None),
    "cjm_table_column_find": (status, [POINTER(c_size_t), c_int, c_char_p], S),
    "cjm_table_column_type": (c_int, [c_int, c_size_t], None),
    "cjm_table_column_nullable": (c_bool, [c_int, c_size_t], None),
    "cjm_table_column_optional": (c_bool, [c_int, c_size_t], None),
    "cjm_table_column_table": (status, [POINTER(c_int), c_int, c_size_t], S),
    "cjm_report_row_count": (c_size_t, [handle, c_int], None),
    "cjm_report_value_is_null": (c_bool, [handle, c_int, c_size_t, c_size_t], None),
    "cjm_report_value_is_absent": (c_bool, [handle, c_int, c_size_t, c_size_t], None),
    "cjm_report_child_rows": (status, [POINTER(c_size_t), POINTER(c_size_t), handle, c_int,
                                       c_size_t, c_size_t], S),
    "cjm_report_value_count": (status, [POINTER(c_uint64), handle, c_int, c_size_t,
                                        c_size_t], S),
    "cjm_report_value_integer": (status, [POINTER(c_int64), handle, c_int, c_size_t,
                                          c_size_t], S),
    "cjm_report_value_real": (status, [POINTER(c_double), handle, c_int, c_size_t,
                                       c_size_t], S),
    "cjm_report_value_text": (status, [POINTER(c_char_p), handle, c_int, c_size_t,
                                       c_size_t], S),
    "cjm_report_value_boolean": (status, [POINTER(c_bool), handle, c_int, c_size_t,
                                          c_size_t], S),
    # analysis.h, 1.1: how sure a pain point must be
    "cjm_options_set_confidence": (status, [handle, c_double], S),
    "cjm_options_confidence": (c_double, [handle], None),
}

# Event attributes and the breakdown into segments (1.1).
PROTOTYPES["cjm_analysis_add_dictionary_with_attributes"] = (
    status, [handle, c_size_t, POINTER(DictionaryColumn), c_void_p, POINTER(DictionaryColumn),
             POINTER(DictionaryColumn), POINTER(DictionaryColumn), c_void_p, c_void_p, c_void_p,
             POINTER(AttributeColumn), c_size_t], S)
PROTOTYPES["cjm_analysis_add_dictionary_on_scale"] = (
    status, [handle, c_size_t, POINTER(DictionaryColumn), c_void_p, POINTER(DictionaryColumn),
             POINTER(DictionaryColumn), POINTER(DictionaryColumn), c_void_p, c_double, c_double,
             POINTER(AttributeColumn), c_size_t], S)
# The cancel hook (1.1): asked now and then by long calls, in the calling thread.
CANCEL_HOOK = ctypes.CFUNCTYPE(c_bool, c_void_p)
PROTOTYPES["cjm_analysis_set_cancel"] = (status, [handle, CANCEL_HOOK, c_void_p], S)
PROTOTYPES["cjm_options_set_breakdown"] = (status, [handle, c_char_p], S)
PROTOTYPES["cjm_options_breakdown"] = (c_char_p, [handle], None)

# Counts among the options of later releases (1.1): how many paths and
# flow edges the report lists, how many segments.
LATER_COUNT_OPTIONS = ("max_paths", "max_flow_edges", "max_segments")
for name in LATER_COUNT_OPTIONS:
    PROTOTYPES["cjm_options_set_" + name] = (status, [handle, c_uint64], S)
    PROTOTYPES["cjm_options_" + name] = (c_uint64, [handle], None)

# Getters alike in shape, listed by name.
for name in ("journey_id", "journey_name", "journey_persona", "journey_description",
             "journey_customer", "stage_id", "stage_name", "stage_goal", "touchpoint_id",
             "touchpoint_name", "touchpoint_channel", "touchpoint_owner",
             "touchpoint_description", "feedback_emotion", "feedback_comment",
             "feedback_source", "feedback_customer", "report_journey"):
    PROTOTYPES["cjm_" + name] = (c_char_p, [handle], None)
for name in ("journey_set_id", "journey_set_name", "journey_set_persona",
             "journey_set_description", "journey_set_customer", "stage_set_id",
             "stage_set_name", "stage_set_goal", "touchpoint_set_id", "touchpoint_set_name",
             "touchpoint_set_channel", "touchpoint_set_owner", "touchpoint_set_description",
             "feedback_set_emotion", "feedback_set_comment", "feedback_set_source",
             "feedback_set_customer"):
    PROTOTYPES["cjm_" + name] = (status, [handle, c_char_p], S)
for name in ("pain_threshold", "drop_threshold", "silent_threshold", "backtrack_threshold",
             "switch_threshold"):
    PROTOTYPES["cjm_options_set_" + name] = (status, [handle, c_double], S)
    PROTOTYPES["cjm_options_" + name] = (c_double, [handle], None)
for name in ("customers", "events", "feedback", "map_feedback", "completed", "rejected",
             "map_channel_switches", "switches", "multichannel_customers", "backtracks",
             "backtrack_customers"):
    PROTOTYPES["cjm_report_" + name] = (c_uint64, [handle], None)
for name in ("stage_count", "touchpoint_count", "channel_count", "matrix_count",
             "backtrack_pair_count"):
    PROTOTYPES["cjm_report_" + name] = (c_size_t, [handle], None)
for name in ("stage_id", "touchpoint_id", "touchpoint_stage", "touchpoint_channel",
             "channel", "matrix_from", "matrix_to", "backtrack_from", "backtrack_to"):
    PROTOTYPES["cjm_report_" + name] = (c_char_p, [handle, c_size_t], None)
for name in ("stage_reached", "stage_dropped", "stage_silent_churn", "stage_feedback",
             "stage_transition_samples", "stage_switch_customers", "touchpoint_events",
             "touchpoint_customers", "touchpoint_feedback", "channel_events",
             "stage_map_feedback", "touchpoint_map_feedback",
             "matrix_switches", "backtrack_pair_backtracks", "backtrack_pair_customers"):
    PROTOTYPES["cjm_report_" + name] = (c_uint64, [handle, c_size_t], None)
PROTOTYPES["cjm_report_stage_funnel"] = (c_uint64, [handle, c_size_t], None)
PROTOTYPES["cjm_report_stage_hop_customers"] = (c_uint64, [handle, c_size_t], None)
PROTOTYPES["cjm_report_stage_transition_percentile"] = (c_int64, [handle, c_size_t, c_uint],
                                                        None)
PROTOTYPES["cjm_report_completion_samples"] = (c_uint64, [handle], None)
PROTOTYPES["cjm_report_completion_percentile"] = (c_int64, [handle, c_uint], None)
for name in ("stage_drop_rate", "stage_mean_score", "touchpoint_mean_score",
             "stage_map_mean_score", "touchpoint_map_mean_score", "stage_score_sd",
             "stage_score_high", "touchpoint_score_sd", "touchpoint_score_high"):
    PROTOTYPES["cjm_report_" + name] = (c_double, [handle, c_size_t], None)

JSON_PROTOTYPES = {
    "cjm_json_read_journey": (status, [out_handle, c_char_p, c_size_t, c_char_p], S),
    "cjm_json_write_journey": (status, [POINTER(c_void_p), POINTER(c_size_t), handle, c_uint], S),
    "cjm_json_write_report": (status, [POINTER(c_void_p), POINTER(c_size_t), handle, c_uint], S),
    "cjm_json_read_events_path": (status, [c_char_p, c_uint, c_void_p, c_void_p], S),
    "cjm_json_read_events": (status, [c_char_p, c_size_t, c_char_p, c_uint, c_void_p,
                                      c_void_p], S),
}

# Functions of later releases (CJM_1.1), used when the library has them.
OPTIONAL = {"cjm_analysis_add_dictionary", "cjm_journey_new_actual", "cjm_journey_kind_of",
            "cjm_customer_events_new", "cjm_customer_events_free", "cjm_customer_events_sink",
            "cjm_customer_events_compare",
            "cjm_report_map_feedback", "cjm_report_stage_map_feedback",
            "cjm_report_stage_map_mean_score", "cjm_report_touchpoint_map_feedback",
            "cjm_report_touchpoint_map_mean_score", "cjm_report_stage_funnel",
            "cjm_report_stage_hop_customers", "cjm_report_stage_transition_percentile",
            "cjm_report_completion_samples", "cjm_report_completion_percentile",
            "cjm_options_set_confidence", "cjm_options_confidence",
            "cjm_report_stage_score_sd", "cjm_report_stage_score_high",
            "cjm_report_touchpoint_score_sd", "cjm_report_touchpoint_score_high"} | {
    f"cjm_options_{set_}{name}" for name in LATER_COUNT_OPTIONS + ("breakdown",)
    for set_ in ("", "set_")} | {"cjm_analysis_add_dictionary_with_attributes",
                                 "cjm_analysis_add_dictionary_on_scale",
                                 "cjm_analysis_set_cancel"} | {
    name for name in PROTOTYPES if name.startswith((
        "cjm_table_", "cjm_report_row_count", "cjm_report_value_", "cjm_report_child_rows"))}

XML_PROTOTYPES = {
    "cjm_xml_read_journey": (status, [out_handle, c_char_p, c_size_t, c_char_p], S),
    "cjm_xml_write_journey": (status, [POINTER(c_void_p), POINTER(c_size_t), handle, c_uint], S),
    "cjm_xml_validate_journey": (status, [c_char_p, c_size_t, c_char_p], S),
    "cjm_xes_options_new": (handle, [], H),
    "cjm_xes_options_free": (None, [handle], None),
    "cjm_xes_options_set_assume_utc": (status, [handle, c_bool], S),
    "cjm_xes_options_set_threads": (status, [handle, c_uint], S),
    "cjm_xes_read_events": (status, [c_char_p, c_size_t, c_char_p, handle, c_void_p,
                                     c_void_p], S),
    "cjm_xes_read_events_path": (status, [c_char_p, handle, c_void_p, c_void_p], S),
}
for name in ("touchpoint_key", "touchpoint_classifier", "customer_key", "channel_key",
             "stage_key", "lifecycle"):
    XML_PROTOTYPES["cjm_xes_options_set_" + name] = (status, [handle, c_char_p], S)


def _bind(library, table):
    for name, (restype, argtypes, errcheck) in table.items():
        if name in OPTIONAL and not hasattr(library, name):
            continue  # an older library: the binding does without
        f = getattr(library, name)
        f.restype = restype
        f.argtypes = argtypes
        if errcheck:
            f.errcheck = errcheck


_bind(lib, PROTOTYPES)
if json_lib is not None:
    _bind(json_lib, JSON_PROTOTYPES)
if xml_lib is not None:
    _bind(xml_lib, XML_PROTOTYPES)
