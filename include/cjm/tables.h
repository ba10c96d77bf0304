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
 * A table is written in one of three forms. Most are an array of
 * objects, one per row. A keyed table (cjm_table_keyed()) is one object
 * whose member names are its first column and whose values are its
 * second. A list table (cjm_table_list()) is an array of its one
 * column's values (a path's `"stages": ["discover", "compare"]`).
 *
 * A column of type #CJM_VALUE_TABLE places another table (its child).
 * In #CJM_TABLE_REPORT it places the child's rows, all of them. In any
 * other table it places, for each row, a contiguous run of the child's
 * rows (a segment's `stages`: the segment_stages rows of that segment);
 * cjm_report_child_rows() gives the run. The child table's rows are the
 * runs of every parent row, one after another, in the parent's order.
 * Such a column may be nullable (the final stage's `exits` is null).
 *
 * A value may be absent rather than null: its member is left out of the
 * row's object (the report's `breakdown` and `segments` without a
 * breakdown), in a column that says so (cjm_table_column_optional()).
 * An absent value is null too, so a consumer that does not
 * ask cjm_report_value_is_absent() reads it as null. An object whose
 * members are all absent is absent; an absent value of a keyed or list
 * table leaves its entry out.
 *
 * A table this library does not fill yet has no columns and no rows, and
 * no column places it; a consumer skips it.
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
    CJM_TABLE_GAPS = 6,            /**< the gaps, by severity */
    CJM_TABLE_SEGMENTS = 7,        /**< the segments of a breakdown @since 1.1 */
    CJM_TABLE_SEGMENT_STAGES = 8,  /**< per segment, its stages @since 1.1 */
    CJM_TABLE_PATHS = 9,           /**< the most frequent paths @since 1.1 */
    CJM_TABLE_PATH_STAGES = 10,    /**< per path, its stage ids (a list) @since 1.1 */
    CJM_TABLE_FLOW_EDGES = 11,     /**< the flow's edges @since 1.1 */
    CJM_TABLE_FLOW_STARTS = 12,    /**< the flow's starts @since 1.1 */
    CJM_TABLE_FLOW_ENDS = 13,      /**< the flow's ends @since 1.1 */
    CJM_TABLE_EXITS = 14           /**< per stage, its exits @since 1.1 */
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
 * `matrix`, `backtrack_pairs`, `gaps`, `segments`, `segment_stages`,
 * `paths`, `path_stages`, `flow_edges`, `flow_starts`, `flow_ends`,
 * `exits`.
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
 * Whether a table is a list: it has one column, and is written in JSON
 * as an array of that column's values (`"stages": ["discover",
 * "compare"]`), rather than as an array of objects. A table is never
 * both keyed and a list.
 * @return true or false (false for a table this library lacks).
 * @since 1.1
 */
CJM_EXPORT bool cjm_table_list(cjm_table table);

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
 * Whether a column's values may be absent in some report (left out of
 * their object, cjm_report_value_is_absent()). Such a column is nullable
 * too. A value of any other column is never absent, so a consumer need
 * ask only of these.
 * @return true or false (false for a column this library lacks).
 * @since 1.1
 */
CJM_EXPORT bool cjm_table_column_optional(cjm_table table, size_t column);

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
 * stage's transition, a gap's stage when it has none, the final stage's
 * `exits`). An absent value is null too. Works on every column, those of
 * type #CJM_VALUE_TABLE included.
 * @return true when it is null; false otherwise, and for a NULL report
 *         or a table, row or column the report lacks.
 * @since 1.1
 */
CJM_EXPORT bool cjm_report_value_is_null(const cjm_report *report, cjm_table table,
                                         size_t row, size_t column);

/**
 * Whether a value is absent: its member is left out of the row's object
 * in the JSON report, rather than written as null (the report's
 * `breakdown` and `segments` when the analysis has no breakdown). An
 * absent value is also null (cjm_report_value_is_null()). Works on every
 * column, those of type #CJM_VALUE_TABLE included.
 * @return true when it is absent; false otherwise, and for a NULL report
 *         or a table, row or column the report lacks.
 * @since 1.1
 */
CJM_EXPORT bool cjm_report_value_is_absent(const cjm_report *report, cjm_table table,
                                           size_t row, size_t column);

/**
 * The rows of the child table that a column of type #CJM_VALUE_TABLE
 * places in one row: rows *first to *first + *count - 1 of the child
 * (cjm_table_column_table() names it). In #CJM_TABLE_REPORT that is
 * every row of the child; in another table it is the row's own run (a
 * segment's stages). A null or absent value places no rows (*first and
 * *count are 0).
 * @param[out] first  receives the first row
 * @param[out] count  receives the number of rows
 * @param report      the report (only read)
 * @param table       the table
 * @param row         the row, below cjm_report_row_count()
 * @param column      the column, of type #CJM_VALUE_TABLE
 * @return CJM_OK; CJM_ERR_INVALID (NULL, or a column of another type);
 *         CJM_ERR_NOT_FOUND (a table, row or column the report lacks).
 *         *first and *count are unchanged on error.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_report_child_rows(size_t *first, size_t *count,
                                            const cjm_report *report, cjm_table table,
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

/**
 * A value of a report's row as cjm_report_row_values() reads it: what
 * the getter of the column's type, cjm_report_value_is_null(),
 * cjm_report_value_is_absent() and, for a column of type
 * #CJM_VALUE_TABLE, cjm_report_child_rows() give for it. The member of
 * `as` that the column's type names is set; a null value holds 0,
 * #CJM_UNSET, NaN, NULL or false there, as the getters read it.
 * @since 1.1
 */
typedef struct cjm_row_value {
    bool null;   /**< as cjm_report_value_is_null() */
    bool absent; /**< as cjm_report_value_is_absent() (null too) */
    union {
        uint64_t count;     /**< #CJM_VALUE_COUNT */
        int64_t integer;    /**< #CJM_VALUE_INTEGER */
        double real;        /**< #CJM_VALUE_REAL */
        const char *text;   /**< #CJM_VALUE_TEXT, owned by the report */
        bool boolean;       /**< #CJM_VALUE_BOOLEAN */
        struct {
            size_t first, count;
        } rows;             /**< #CJM_VALUE_TABLE: the child's rows it places */
    } as;
} cjm_row_value;

/**
 * Reads columns 0 to n - 1 of one row at once (n at most
 * cjm_table_column_count(); fewer reads only the first n), each as the
 * getters would read it one call at a time: for programs that read every
 * value of many rows, such as a writer of the whole report.
 * @param[out] values  receives n values; unchanged on error
 * @param n            how many columns to read
 * @param report       the report (only read)
 * @param table        the table
 * @param row          the row, below cjm_report_row_count()
 * @return CJM_OK; CJM_ERR_INVALID (NULL values or report);
 *         CJM_ERR_NOT_FOUND (a table or row the report lacks);
 *         CJM_ERR_RANGE (n beyond the table's columns).
 * Thread safety: as the getters, any number of threads may read one report.
 * @since 1.1
 */
CJM_EXPORT cjm_status cjm_report_row_values(cjm_row_value *values, size_t n,
                                            const cjm_report *report, cjm_table table,
                                            size_t row);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CJM_TABLES_H */
