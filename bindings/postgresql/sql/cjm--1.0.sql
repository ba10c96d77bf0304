-- cjm: customer journey analysis inside PostgreSQL.
\echo Use "CREATE EXTENSION cjm" to load this file. \quit

CREATE FUNCTION cjm_channel_switches(journey jsonb) RETURNS bigint
    AS 'MODULE_PATHNAME', 'cjm_pg_channel_switches'
    LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cjm_channel_switches(jsonb) IS
    'How often the planned path of a cjm-journey document changes channel';

CREATE FUNCTION cjm_gaps(map jsonb, options jsonb DEFAULT NULL) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'cjm_pg_gaps'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cjm_gaps(jsonb, jsonb) IS
    'The gaps of a journey map (a cjm-journey document), most severe first';

-- The aggregate's support functions.
CREATE FUNCTION cjm_analyze_transition(internal, jsonb, text, timestamptz, text, text, text,
                                       float8, float8, float8)
    RETURNS internal AS 'MODULE_PATHNAME', 'cjm_pg_analyze_transition'
    LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION cjm_analyze_transition(internal, jsonb, jsonb, text, timestamptz, text, text,
                                       text, float8, float8, float8)
    RETURNS internal AS 'MODULE_PATHNAME', 'cjm_pg_analyze_options_transition'
    LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION cjm_analyze_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cjm_pg_analyze_combine' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION cjm_analyze_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cjm_pg_analyze_serialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION cjm_analyze_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cjm_pg_analyze_deserialize' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION cjm_analyze_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'cjm_pg_analyze_final' LANGUAGE C PARALLEL SAFE;

CREATE AGGREGATE cjm_analyze(map jsonb, customer text, at timestamptz, touchpoint text,
                             channel text, stage text, score float8, scale_min float8,
                             scale_max float8) (
    SFUNC = cjm_analyze_transition,
    STYPE = internal,
    FINALFUNC = cjm_analyze_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cjm_analyze(jsonb, text, timestamptz, text, text, text, float8, float8,
                                 float8) IS
    'The cjm-report of customers'' events against a journey map';

CREATE AGGREGATE cjm_analyze(map jsonb, options jsonb, customer text, at timestamptz,
                             touchpoint text, channel text, stage text, score float8,
                             scale_min float8, scale_max float8) (
    SFUNC = cjm_analyze_transition,
    STYPE = internal,
    FINALFUNC = cjm_analyze_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cjm_analyze(jsonb, jsonb, text, timestamptz, text, text, text, float8,
                                 float8, float8) IS
    'The cjm-report of customers'' events against a journey map, with options';

-- Partial results by hand, for engines that do not combine aggregates with
-- an internal state: each node returns cjm_analyze_partial(...) (bytes),
-- and cjm_merge() makes the report of them all.
CREATE FUNCTION cjm_analyze_partial_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cjm_pg_analyze_partial_final' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION cjm_merge_transition(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'cjm_pg_merge_transition' LANGUAGE C PARALLEL SAFE;

CREATE AGGREGATE cjm_analyze_partial(map jsonb, customer text, at timestamptz,
                                     touchpoint text, channel text, stage text, score float8,
                                     scale_min float8, scale_max float8) (
    SFUNC = cjm_analyze_transition,
    STYPE = internal,
    FINALFUNC = cjm_analyze_partial_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE cjm_analyze_partial(map jsonb, options jsonb, customer text,
                                     at timestamptz, touchpoint text, channel text,
                                     stage text, score float8, scale_min float8,
                                     scale_max float8) (
    SFUNC = cjm_analyze_transition,
    STYPE = internal,
    FINALFUNC = cjm_analyze_partial_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cjm_analyze_partial(jsonb, text, timestamptz, text, text, text, float8,
                                         float8, float8) IS
    'The analysis of these rows as bytes, to merge with cjm_merge() elsewhere';

CREATE AGGREGATE cjm_merge(partial bytea) (
    SFUNC = cjm_merge_transition,
    STYPE = internal,
    FINALFUNC = cjm_analyze_final,
    COMBINEFUNC = cjm_analyze_combine,
    SERIALFUNC = cjm_analyze_serialize,
    DESERIALFUNC = cjm_analyze_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cjm_merge(bytea) IS
    'The cjm-report of analyses made by cjm_analyze_partial()';
