-- cjm 1.1: a report's figures as rows with typed columns.
\echo Use "ALTER EXTENSION cjm UPDATE TO '1.1'" to load this file. \quit

-- Each reads a cjm-report document (cjm_analyze's or cjm_merge's result,
-- or one stored as jsonb); another document is an error naming the
-- function (cjm_report_check). Arrays keep the report's order in `place`
-- (from 1); order by it to keep the map's order. The last column,
-- `figures`, is the row's whole object of the report: every figure the
-- library reports, the ones a later library adds too, so that a new
-- figure needs no new column and no change of these functions' types.

CREATE FUNCTION cjm_report_check(report jsonb, caller text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'cjm_pg_report_check'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_report_check(jsonb, text) IS
    'The report itself, or an error naming the caller when it is not a cjm-report document';

-- The member at `path` of a document (a report, or a row of it): with
-- `rows`, an array of objects, else an object; an absent or null member
-- as an empty one, and any other value an error naming the caller. A key
-- of the path that meets an array is a place in it: from 0, or from the
-- end after a minus (-1 the last).
CREATE FUNCTION cjm_member_at(doc jsonb, path text[], rows boolean, caller text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'cjm_pg_member_at'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_member_at(jsonb, text[], boolean, text) IS
    'The array of objects (rows) or the object at path in a document, or an error naming the caller';

-- A figure of a row (an object of a report) as its column's type: NULL
-- when the row lacks it or holds null, and an error naming the caller
-- and the figure when it holds anything but what a report writes there
-- (PostgreSQL's own cast would name neither).
CREATE FUNCTION cjm_whole(doc jsonb, key text, caller text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'cjm_pg_whole'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_whole(jsonb, text, text) IS
    'A whole-number figure of a report''s row, or an error naming the caller and the figure';
CREATE FUNCTION cjm_real(doc jsonb, key text, caller text) RETURNS float8
    AS 'MODULE_PATHNAME', 'cjm_pg_real'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_real(jsonb, text, text) IS
    'A number figure of a report''s row, or an error naming the caller and the figure';
CREATE FUNCTION cjm_flag(doc jsonb, key text, caller text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'cjm_pg_flag'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_flag(jsonb, text, text) IS
    'A true-or-false figure of a report''s row, or an error naming the caller and the figure';
CREATE FUNCTION cjm_text(doc jsonb, key text, caller text) RETURNS text
    AS 'MODULE_PATHNAME', 'cjm_pg_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_text(jsonb, text, text) IS
    'A text figure (an id, a kind, a message) of a report''s row, or an error naming the caller and the figure';
CREATE FUNCTION cjm_texts(doc jsonb, key text, caller text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'cjm_pg_texts'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_texts(jsonb, text, text) IS
    'A list-of-ids figure of a report''s row, or an error naming the caller and the figure';

-- The rows of the array at `path` in a document, each with its place
-- from 1: none when the document lacks it.
CREATE FUNCTION cjm_rows_at(doc jsonb, path text[], caller text)
    RETURNS TABLE (place integer, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, x
    FROM jsonb_array_elements(cjm_member_at(doc, path, true, caller)) WITH ORDINALITY AS e(x, n);
    END;
COMMENT ON FUNCTION cjm_rows_at(jsonb, text[], text) IS
    'The elements of the array at path in a document, with their places';

-- The same of a report, and an error naming the caller for a document
-- that is not a report. The functions below are made of these two.
CREATE FUNCTION cjm_report_rows(report jsonb, path text[], caller text)
    RETURNS TABLE (place integer, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC SELECT * FROM cjm_rows_at(cjm_report_check(report, caller), path, caller); END;
COMMENT ON FUNCTION cjm_report_rows(jsonb, text[], text) IS
    'The rows of an array of a cjm-report, with their places, for the function named caller';

CREATE FUNCTION cjm_stages(report jsonb)
    RETURNS TABLE (place integer, id text, reached bigint, dropped bigint,
                   drop_rate float8, silent_churn bigint, feedback bigint, mean_score float8,
                   median_transition_ms bigint, switch_customers bigint, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(s, 'id', 'cjm_stages'), cjm_whole(s, 'reached', 'cjm_stages'),
           cjm_whole(s, 'dropped', 'cjm_stages'), cjm_real(s, 'drop_rate', 'cjm_stages'),
           cjm_whole(s, 'silent_churn', 'cjm_stages'), cjm_whole(s, 'feedback', 'cjm_stages'),
           cjm_real(s, 'mean_score', 'cjm_stages'),
           cjm_whole(s, 'median_transition_ms', 'cjm_stages'),
           cjm_whole(s, 'switch_customers', 'cjm_stages'), s
    FROM cjm_report_rows(report, '{stages}', 'cjm_stages') AS e(n, s);
    END;
COMMENT ON FUNCTION cjm_stages(jsonb) IS
    'The stages of a cjm-report, in map order, with their figures';

CREATE FUNCTION cjm_touchpoints(report jsonb)
    RETURNS TABLE (place integer, id text, stage text, planned boolean, channel text,
                   events bigint, customers bigint, feedback bigint, mean_score float8,
                   figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(t, 'id', 'cjm_touchpoints'),
           cjm_text(t, 'stage', 'cjm_touchpoints'), cjm_flag(t, 'planned', 'cjm_touchpoints'),
           cjm_text(t, 'channel', 'cjm_touchpoints'), cjm_whole(t, 'events', 'cjm_touchpoints'),
           cjm_whole(t, 'customers', 'cjm_touchpoints'),
           cjm_whole(t, 'feedback', 'cjm_touchpoints'),
           cjm_real(t, 'mean_score', 'cjm_touchpoints'), t
    FROM cjm_report_rows(report, '{touchpoints}', 'cjm_touchpoints') AS e(n, t);
    END;
COMMENT ON FUNCTION cjm_touchpoints(jsonb) IS
    'The touchpoints of a cjm-report: the map''s in map order, then unplanned ones by id';

-- jsonb keeps an object's keys in its own order (shorter keys first), so
-- the channels are numbered here in the report's byte order.
CREATE FUNCTION cjm_channels(report jsonb)
    RETURNS TABLE (place integer, channel text, events bigint)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT (row_number() OVER (ORDER BY c.key COLLATE "C"))::integer, c.key,
           cjm_whole(m.events, c.key, 'cjm_channels')
    FROM cjm_member_at(cjm_report_check(report, 'cjm_channels'), '{channels,events}', false,
                       'cjm_channels') AS m(events),
         jsonb_each(m.events) AS c
    ORDER BY c.key COLLATE "C";
    END;
COMMENT ON FUNCTION cjm_channels(jsonb) IS
    'The events per channel of a cjm-report, channels in byte order';

CREATE FUNCTION cjm_gaps_of(report jsonb)
    RETURNS TABLE (place integer, kind text, stage text, touchpoint text, to_stage text,
                   value float8, count bigint, severity float8, message text,
                   figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(g, 'kind', 'cjm_gaps_of'), cjm_text(g, 'stage', 'cjm_gaps_of'),
           cjm_text(g, 'touchpoint', 'cjm_gaps_of'), cjm_text(g, 'to_stage', 'cjm_gaps_of'),
           cjm_real(g, 'value', 'cjm_gaps_of'), cjm_whole(g, 'count', 'cjm_gaps_of'),
           cjm_real(g, 'severity', 'cjm_gaps_of'), cjm_text(g, 'message', 'cjm_gaps_of'), g
    FROM cjm_report_rows(report, '{gaps}', 'cjm_gaps_of') AS e(n, g);
    END;
COMMENT ON FUNCTION cjm_gaps_of(jsonb) IS
    'The gaps of a cjm-report, worst first (place 1)';

-- The segments of a breakdown (the option breakdown: an attribute key,
-- or @day, @week, @month for cohorts), largest first as the report lists
-- them (the pooled rest, other = true, last); no rows without one.
CREATE FUNCTION cjm_segments(report jsonb)
    RETURNS TABLE (place integer, value text, other boolean, customers bigint, events bigint,
                   completed bigint, completion_rate float8, feedback bigint,
                   mean_score float8, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(g, 'value', 'cjm_segments'), cjm_flag(g, 'other', 'cjm_segments'),
           cjm_whole(g, 'customers', 'cjm_segments'), cjm_whole(g, 'events', 'cjm_segments'),
           cjm_whole(g, 'completed', 'cjm_segments'),
           cjm_real(g, 'completion_rate', 'cjm_segments'),
           cjm_whole(g, 'feedback', 'cjm_segments'), cjm_real(g, 'mean_score', 'cjm_segments'),
           g
    FROM cjm_report_rows(report, '{segments}', 'cjm_segments') AS e(n, g);
    END;
COMMENT ON FUNCTION cjm_segments(jsonb) IS
    'The segments of a cjm-report''s breakdown, in the report''s order';

-- Each segment's stages, a row per segment and stage, in map order.
CREATE FUNCTION cjm_segment_stages(report jsonb)
    RETURNS TABLE (segment integer, value text, place integer, id text, reached bigint,
                   funnel bigint, dropped bigint, drop_rate float8, silent_churn bigint,
                   feedback bigint, mean_score float8, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT g.place, cjm_text(g.figures, 'value', 'cjm_segment_stages'),
           n::integer, cjm_text(s, 'id', 'cjm_segment_stages'),
           cjm_whole(s, 'reached', 'cjm_segment_stages'),
           cjm_whole(s, 'funnel', 'cjm_segment_stages'),
           cjm_whole(s, 'dropped', 'cjm_segment_stages'),
           cjm_real(s, 'drop_rate', 'cjm_segment_stages'),
           cjm_whole(s, 'silent_churn', 'cjm_segment_stages'),
           cjm_whole(s, 'feedback', 'cjm_segment_stages'),
           cjm_real(s, 'mean_score', 'cjm_segment_stages'), s
    FROM cjm_report_rows(report, '{segments}', 'cjm_segment_stages') g,
         cjm_rows_at(g.figures, '{stages}', 'cjm_segment_stages') AS e(n, s);
    END;
COMMENT ON FUNCTION cjm_segment_stages(jsonb) IS
    'The stages of each segment of a cjm-report''s breakdown, segments and stages in order';

-- The paths customers took through the stages, most followed first (the
-- option max_paths lists so many; the report's paths.distinct counts all).
CREATE FUNCTION cjm_paths(report jsonb)
    RETURNS TABLE (place integer, stages text[], customers bigint, completed bigint,
                   figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_texts(p, 'stages', 'cjm_paths'),
           cjm_whole(p, 'customers', 'cjm_paths'), cjm_whole(p, 'completed', 'cjm_paths'), p
    FROM cjm_report_rows(report, '{paths,top}', 'cjm_paths') AS e(n, p);
    END;
COMMENT ON FUNCTION cjm_paths(jsonb) IS
    'The most followed paths through the stages of a cjm-report, most followed first';

-- The flow's edges between touchpoints, largest first (max_flow_edges).
CREATE FUNCTION cjm_flow_edges(report jsonb)
    RETURNS TABLE (place integer, "from" text, "to" text, count bigint, customers bigint,
                   median_ms bigint, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(f, 'from', 'cjm_flow_edges'), cjm_text(f, 'to', 'cjm_flow_edges'),
           cjm_whole(f, 'count', 'cjm_flow_edges'),
           cjm_whole(f, 'customers', 'cjm_flow_edges'),
           cjm_whole(f, 'median_ms', 'cjm_flow_edges'), f
    FROM cjm_report_rows(report, '{flow,edges}', 'cjm_flow_edges') AS e(n, f);
    END;
COMMENT ON FUNCTION cjm_flow_edges(jsonb) IS
    'The largest steps between touchpoints of a cjm-report, with their median times';

-- Where the flow begins and ends: the touchpoints of customers' first and
-- last events, most customers first, then by id, as the report lists them.
CREATE TYPE cjm_flow_touchpoint AS (place integer, touchpoint text, customers bigint,
                                    figures jsonb);
CREATE FUNCTION cjm_flow_touchpoints(report jsonb, side text)
    RETURNS SETOF cjm_flow_touchpoint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n, cjm_text(f, 'touchpoint', 'cjm_flow_' || side),
           cjm_whole(f, 'customers', 'cjm_flow_' || side), f
    FROM cjm_report_rows(report, ARRAY['flow', side], 'cjm_flow_' || side) AS e(n, f);
    END;
COMMENT ON FUNCTION cjm_flow_touchpoints(jsonb, text) IS
    'The flow''s starts or ends (side) of a cjm-report, in the report''s order';
CREATE FUNCTION cjm_flow_starts(report jsonb) RETURNS SETOF cjm_flow_touchpoint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC SELECT * FROM cjm_flow_touchpoints(report, 'starts'); END;
COMMENT ON FUNCTION cjm_flow_starts(jsonb) IS
    'The touchpoints where customers of a cjm-report began, in the report''s order';
CREATE FUNCTION cjm_flow_ends(report jsonb) RETURNS SETOF cjm_flow_touchpoint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC SELECT * FROM cjm_flow_touchpoints(report, 'ends'); END;
COMMENT ON FUNCTION cjm_flow_ends(jsonb) IS
    'The touchpoints where customers of a cjm-report ended, in the report''s order';

-- Each stage's exits (where the customers it lost had their last event),
-- a row per stage and exit: stages in map order, exits most customers
-- first. The final stage has none.
CREATE FUNCTION cjm_exits(report jsonb)
    RETURNS TABLE (stage_place integer, stage text, place integer, touchpoint text,
                   customers bigint, silent bigint, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT s.place, cjm_text(s.figures, 'id', 'cjm_exits'),
           n::integer, cjm_text(x, 'touchpoint', 'cjm_exits'),
           cjm_whole(x, 'customers', 'cjm_exits'), cjm_whole(x, 'silent', 'cjm_exits'), x
    FROM cjm_report_rows(report, '{stages}', 'cjm_exits') s,
         cjm_rows_at(s.figures, '{exits}', 'cjm_exits') AS e(n, x);
    END;
COMMENT ON FUNCTION cjm_exits(jsonb) IS
    'The exits of each stage of a cjm-report, stages in map order, exits most used first';

-- The changes of channel between a customer's consecutive events, a row
-- per pair of channels, by (from, to) in byte order as the report lists them.
CREATE FUNCTION cjm_channel_matrix(report jsonb)
    RETURNS TABLE (place integer, "from" text, "to" text, count bigint, figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(m, 'from', 'cjm_channel_matrix'),
           cjm_text(m, 'to', 'cjm_channel_matrix'), cjm_whole(m, 'count', 'cjm_channel_matrix'), m
    FROM cjm_report_rows(report, '{channels,matrix}', 'cjm_channel_matrix') AS e(n, m);
    END;
COMMENT ON FUNCTION cjm_channel_matrix(jsonb) IS
    'The switches from channel to channel of a cjm-report, in the report''s order';

-- Going back: a row per pair of stages (from a later stage back to an
-- earlier one), by the from stage's place in the map, then the to stage's.
CREATE FUNCTION cjm_backtrack_pairs(report jsonb)
    RETURNS TABLE (place integer, "from" text, "to" text, count bigint, customers bigint,
                   figures jsonb)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
    SELECT n::integer, cjm_text(b, 'from', 'cjm_backtrack_pairs'),
           cjm_text(b, 'to', 'cjm_backtrack_pairs'), cjm_whole(b, 'count', 'cjm_backtrack_pairs'),
           cjm_whole(b, 'customers', 'cjm_backtrack_pairs'), b
    FROM cjm_report_rows(report, '{backtracks,pairs}', 'cjm_backtrack_pairs') AS e(n, b);
    END;
COMMENT ON FUNCTION cjm_backtrack_pairs(jsonb) IS
    'The pairs of stages customers of a cjm-report went back between, in the report''s order';

-- The customers behind a figure of a partial's report: those that meet
-- every criterion of the selection, in byte order of their ids.
CREATE FUNCTION cjm_customers(partial bytea, selection jsonb DEFAULT '{}')
    RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'cjm_pg_customers'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cjm_customers(bytea, jsonb) IS
    'The customers of a cjm_analyze_partial() result that a selection of figures takes';

-- The aggregates with each row's attributes (a jsonb object of keys and
-- values, NULL for none), for a breakdown by an attribute:
-- cjm_analyze(map, '{"breakdown": "plan"}', customer, ..., scale_max,
--             jsonb_build_object('plan', plan)).
CREATE FUNCTION cjm_analyze_transition(internal, jsonb, jsonb, text, timestamptz, text, text,
                                       text, float8, float8, float8, jsonb)
    RETURNS internal AS 'MODULE_PATHNAME', 'cjm_pg_analyze_attributes_transition'
    LANGUAGE C PARALLEL SAFE;

CREATE AGGREGATE cjm_analyze(map jsonb, options jsonb, customer text, at timestamptz,
                             touchpoint text, channel text, stage text, score float8,
                             scale_min float8, scale_max float8, attributes jsonb) (
    SFUNC = cjm_analyze_transition,
    STYPE = internal,
    SSPACE = 50000,
    FINALFUNC = cjm_analyze_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cjm_analyze(jsonb, jsonb, text, timestamptz, text, text, text, float8,
                                 float8, float8, jsonb) IS
    'The cjm-report of customers'' events, with their attributes, against a journey map';

CREATE AGGREGATE cjm_analyze_partial(map jsonb, options jsonb, customer text,
                                     at timestamptz, touchpoint text, channel text,
                                     stage text, score float8, scale_min float8,
                                     scale_max float8, attributes jsonb) (
    SFUNC = cjm_analyze_transition,
    STYPE = internal,
    SSPACE = 50000,
    FINALFUNC = cjm_analyze_partial_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cjm_analyze_partial(jsonb, jsonb, text, timestamptz, text, text, text,
                                         float8, float8, float8, jsonb) IS
    'The analysis of these rows, with their attributes, as bytes, to merge with cjm_merge()';

-- The aggregates' state size for the planner (SSPACE): an analysis of one
-- customer against a map of some fifty touchpoints holds about 50 kB, the
-- journey's own copy, its tables and its first block of events. Without
-- it the planner takes a state for a few bytes and hashes a million
-- groups in memory it does not have. CREATE AGGREGATE is the only command
-- that sets it, and dropping the aggregates would drop the views that use
-- them, so the catalog is set here directly.
UPDATE pg_catalog.pg_aggregate SET aggtransspace = 50000
WHERE aggfnoid IN (
    'cjm_analyze(jsonb, text, timestamptz, text, text, text, float8, float8, float8)'::regprocedure,
    'cjm_analyze(jsonb, jsonb, text, timestamptz, text, text, text, float8, float8, float8)'::regprocedure,
    'cjm_analyze_partial(jsonb, text, timestamptz, text, text, text, float8, float8, float8)'::regprocedure,
    'cjm_analyze_partial(jsonb, jsonb, text, timestamptz, text, text, text, float8, float8, float8)'::regprocedure,
    'cjm_merge(bytea)'::regprocedure);
