/*
 * cjm: customer journey maps and their analysis.
 * SPDX-License-Identifier: MIT
 */
/**
 * @file cjm/tables.h
 * The bulk report as tables: one description of every member of the
 * report, and typed getters of its values, so that a consumer (a JSON
 * writer, a binding, a database function, a text report) walks the
 * description instead of naming each figure, and shows a figure the
 * library adds without a change of its own.
 *
 * The report is a set of tables (#cjm_table). Each table has rows (the
 * report's stages, touchpoints, ...) and columns; a column has a name, a
 * value type (#cjm_value_type) and says whether a value may be null.
 * #CJM_TABLE_REPORT is the report itself, one row: the document's
 * scalars and, in columns of type #CJM_VALUE_TABLE, the places of the
 * other tables. Walking it from its first column to its last writes the
 * cjm-report JSON document in its order.
 *
 * Naming rule: a column's name is its member's path in the JSON document,
 * its parts joined by dots. `totals.customers` is the member `customers`
 * of the object `totals`; in the stages table `transition_ms.p50` is the
 * member `p50` of the stage's object `transition_ms`. The columns of one
 * object are next to each other, in the object's order. An object whose
 * members are all null is null as a whole (`transition_ms` without
 * samples is `null`, not an object of nulls).
 *
 * The description is fixed for a given library: tables and columns are
 * appended, never removed, renamed or reordered within a major version,
 * and the enum values below are fixed forever. A consumer should look
 * columns up by name, not by index, when it needs one figure.
 *
 * Thread safety: every function here only reads; a report may be read
 * from many threads at once.
 */
#ifndef CJM_TABLES_H
#define CJM_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjm/common.h>
#include <cjm/bulk.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup tables The report as tables
 * @ingroup core
 * A description of every member of the bulk report and typed getters.
 * @{
 */

/** The tables of a bulk report. Values are fixed; new tables are appended.
 *  @since 1.1 */
typedef enum cjm_table {
    CJM_TABLE_REPORT = 0,          /**< the report itself: one row */
    CJM_TABLE_STAGES = 1,          /**< one row per stage, in map order */
    CJM_TABLE_TOUCHPOINTS = 2,     /**< planned in map order, then unplanned by id */
    CJM_TABLE_CHANNELS = 3,        /**< channels with events, byte order (keyed) */
    CJM_TABLE_MATRIX = 4,          /**< channel switch pairs, by (from, to) */
    CJM_TABLE_BACKTRACK_PAIRS = 5, /**< backtrack stage pairs */
    CJM_TABLE_GAPS = 6             /**< the gaps, by severity */
} cjm_table;

/** The type of a column's values. Values are fixed; new types are
 *  appended. @since 1.1 */
typedef enum cjm_value_type {
    CJM_VALUE_COUNT = 0,   /**< a count: uint64_t (cjm_report_value_count()) */
    CJM_VALUE_INTEGER = 1, /**< an integer such as milliseconds: int64_t
                                (cjm_report_value_integer()) */
    CJM_VALUE_REAL = 2,    /**< a rate, mean or score: double (cjm_report_value_real()) */
    CJM_VALUE_TEXT = 3,    /**< UTF-8 text (cjm_report_value_text()) */
    CJM_VALUE_BOOLEAN = 4, /**< true or false (cjm_report_value_boolean()) */
    CJM_VALUE_TABLE = 5    /**< another table, placed here
                                (cjm_report_column_table() names it) */
} cjm_value_type;

/**
 * The number of tables this library describes: tables 0 to this number
 * minus one exist. A newer library may have more.
 * @since 1.1
 */
CJM_EXPORT size_t cjm_table_count(void);

/**
 * The name of a table: `report`, `stages`, `touchpoints`, `channels`,
 * `matrix`, `backtrack_pairs`, `gaps`.
 * @return a static string, or NULL for a table this library lacks.
 * @since 1.1
 */
CJM_EXPORT const char *cjm_table_name(cjm_table table);

/**
 * Whether a table is keyed: written in JSON as one object whose member
 * names are the table's first column (text, never null) and whose values
 * are its second column (`"events": {"web": 4000}`), rather than as an
 * array of objects, one per row.
 * @return true or false (false for a table this library lacks).
 * @since 1.1
 */
CJM_EXPORT bool cjm_table_keyed(cjm_table table);

/**
 * The number of columns of a table.
 * @return the count, 0 for a table this library lacks.
 * @since 1.1
 */
CJM_EXPORT size_t cjm_table_column_count(cjm_table table);

/**
 * The name of a column: its member's path in the JSON report, parts
 * joined by dots (see the naming rule above).
 * @return a static string, or NULL for a table or column this library lacks.
 * @since 1.1
 */
CJM_EXPORT const char *cjm_table_column_name(cjm_table table, size_t column);

/**
 * Finds a column by name.
 * @param[out] column  receives its index
 * @param table        the table
 * @param name         the column's full name, such as `transition_ms.p50`
 * @return CJM_OK; CJM_ERR_INVALID (NULL); CJM_ERR_NOT_FOUND (no such
 *         table or column; *column is left as it was).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_table_column_find(size_t *column, cjm_table table, const char *name);

/**
 * The type of a column's values.
 * @return the type; #CJM_VALUE_COUNT for a table or column this library lacks.
 * @since 1.1
 */
CJM_EXPORT cjm_value_type cjm_table_column_type(cjm_table table, size_t column);

/**
 * Whether a column's values may be null in some report (a mean of no
 * items, a median of no samples). A consumer can give such a column a
 * nullable type.
 * @return true or false (false for a column this library lacks).
 * @since 1.1
 */
CJM_EXPORT bool cjm_table_column_nullable(cjm_table table, size_t column);

/**
 * The table a column of type #CJM_VALUE_TABLE holds.
 * @param[out] child  receives the table
 * @param table       the table
 * @param column      the column
 * @return CJM_OK; CJM_ERR_INVALID (NULL, or a column of another type);
 *         CJM_ERR_NOT_FOUND (no such table or column).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_table_column_table(cjm_table *child, cjm_table table, size_t column);

/**
 * The number of rows of a table in a report: 1 for #CJM_TABLE_REPORT.
 * @return the count; 0 for a NULL report or a table this library lacks.
 * @since 1.1
 */
CJM_EXPORT size_t cjm_report_row_count(const cjm_report *report, cjm_table table);

/**
 * Whether a value is null (undefined: a mean of no items, the final
 * stage's transition, a gap's stage when it has none).
 * @return true when it is null; false otherwise, and for a NULL report
 *         or a table, row or column the report lacks.
 * @since 1.1
 */
CJM_EXPORT bool cjm_report_value_is_null(const cjm_report *report, cjm_table table,
                                         size_t row, size_t column);

/**
 * Reads a value of type #CJM_VALUE_COUNT.
 *
 * The value getters share their contract. They read the value at (table,
 * row, column) of the report into *value. A null value reads as 0 (a
 * count), #CJM_UNSET (an integer), NaN (a real), NULL (a text) or false
 * (a boolean); cjm_report_value_is_null() tells null from those values.
 * A text is owned by the report and lives as long as it.
 * @param[out] value  receives the value; unchanged on error
 * @param report      the report (only read)
 * @param table       the table
 * @param row         the row, below cjm_report_row_count()
 * @param column      the column, below cjm_table_column_count()
 * @return CJM_OK; CJM_ERR_INVALID (NULL, or a column of another type);
 *         CJM_ERR_NOT_FOUND (a table, row or column the report lacks).
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_report_value_count(uint64_t *value, const cjm_report *report,
                                             cjm_table table, size_t row, size_t column);

/** Reads a value of type #CJM_VALUE_INTEGER; as cjm_report_value_count().
 *  @since 1.1 */
CJM_EXPORT cjm_status cjm_report_value_integer(int64_t *value, const cjm_report *report,
                                               cjm_table table, size_t row, size_t column);

/** Reads a value of type #CJM_VALUE_REAL; as cjm_report_value_count().
 *  @since 1.1 */
CJM_EXPORT cjm_status cjm_report_value_real(double *value, const cjm_report *report,
                                            cjm_table table, size_t row, size_t column);

/** Reads a value of type #CJM_VALUE_TEXT (borrowed from the report); as
 *  cjm_report_value_count(). @since 1.1 */
CJM_EXPORT cjm_status cjm_report_value_text(const char **value, const cjm_report *report,
                                            cjm_table table, size_t row, size_t column);

/** Reads a value of type #CJM_VALUE_BOOLEAN; as cjm_report_value_count().
 *  @since 1.1 */
CJM_EXPORT cjm_status cjm_report_value_boolean(bool *value, const cjm_report *report,
                                               cjm_table table, size_t row, size_t column);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_TABLES_H */
