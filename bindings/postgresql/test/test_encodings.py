#!/usr/bin/env python3
"""Text in a database of another encoding than UTF-8.

    test_encodings.py PG_BINDIR MODULE SCRIPT MAP LIBCJM LIBCJM_JSON

On a temporary cluster, the same rows analysed in a UTF-8 database and in
a LATIN1 one: customers, a map's names and an attribute with accented
letters give the same report in both, partials made in either are merged
in the other (their bytes are UTF-8 wherever they are made), customers
come back as the database's own text, and a character LATIN1 lacks is
PostgreSQL's usual error, the server still up. SQL and answers cross the
pipe as ASCII (escapes in, hex out), whatever the test's own locale.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster  # noqa: E402

BINDIR, MODULE, SCRIPT, MAP = sys.argv[1:5]
LIBRARIES = sys.argv[5:7]
DATABASES = ("postgres", "latin")


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def escaped(text):
    """text as a SQL string constant of ASCII only (U&'...')."""
    out = "".join(c if 32 <= ord(c) < 127 and c not in "\\'" else
                  ("''" if c == "'" else f"\\{ord(c):04X}" if ord(c) < 0x10000
                   else f"\\+{ord(c):06X}") for c in text)
    return f"U&'{out}'"


class EncodingsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(MAP) as f:
            doc = json.load(f)
        doc["journey"]["name"] = "Caf\u00e9 et achats"
        for stage in doc["journey"]["stages"]:
            if stage["id"] == "purchase":
                stage["name"] = "Achat r\u00e9gl\u00e9"
        cls.map = json.dumps(doc, ensure_ascii=True)  # \u00e9: read in either encoding
        cls.touchpoints = [t["id"] for s in doc["journey"]["stages"]
                           for t in s.get("touchpoints", [])]
        cls.pg = Cluster(BINDIR, MODULE, SCRIPT, LIBRARIES)
        try:
            cls.pg.sql("CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
                       " TEMPLATE template0")
            cls.pg.install(database="latin")
            cls.pg.sql("CREATE DATABASE japan ENCODING 'EUC_JP' LC_COLLATE 'C' LC_CTYPE 'C'"
                       " TEMPLATE template0")
            cls.pg.install(database="japan")
        except BaseException:
            cls.pg.close()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.pg.close()

    def rows(self, customers):
        """A VALUES list: each customer's events on the first touchpoints,
        each with an attribute of an accented key and value."""
        values = []
        for i, c in enumerate(customers):
            for k, tp in enumerate(self.touchpoints[:4 + i % 3]):
                values.append(f"({escaped(c)}, timestamptz '2026-03-01' + interval '{i}h'"
                              f" + interval '{k}min', {literal(tp)}, {4 - k % 3}::float8)")
        return ("(VALUES " + ", ".join(values) + ") v(customer, at, touchpoint, score)")

    def query(self, sql, database):
        """The rows of sql's one column, each as UTF-8 text (hex on the way)."""
        out = self.pg.sql("SET client_encoding = 'UTF8';"
                          f" SELECT encode(convert_to(x::text, 'UTF8'), 'hex') FROM ({sql}) q(x)",
                          database)
        return [bytes.fromhex(line).decode("utf-8") for line in out.split()]

    def analyze(self, customers, partial=False):
        attributes = escaped(json.dumps({"r\u00e9gion": "\u00cele-de-France"},
                                        ensure_ascii=False))
        options = escaped(json.dumps({"breakdown": "r\u00e9gion", "min_customers": 1},
                                     ensure_ascii=False))
        function = "cjm_analyze_partial" if partial else "cjm_analyze"
        return (f"SELECT {function}({literal(self.map)}::jsonb, {options}::jsonb, customer, at,"
                f" touchpoint, NULL, NULL, score, 1, 5, {attributes}::jsonb)"
                f" FROM {self.rows(customers)}")

    def partial(self, customers, database):
        """The hex of a partial of the customers' rows made in database."""
        sql = self.analyze(customers, True)
        return self.query(f"SELECT encode(p, 'hex') FROM ({sql}) x(p)", database)[0]

    def test_reports_are_the_same_in_either_encoding(self):
        customers = ["Jos\u00e9", "Zo\u00eb", "c1", "Ren\u00e9e", "A\u00efcha"]
        reports = [json.loads(self.query(self.analyze(customers), db)[0]) for db in DATABASES]
        self.assertEqual(reports[0], reports[1])
        text = json.dumps(reports[1], ensure_ascii=False)
        self.assertIn("Achat r\u00e9gl\u00e9", text)
        self.assertIn("\u00cele-de-France", text)
        self.assertEqual(reports[1]["totals"]["customers"], 5)

    def test_partials_travel_between_encodings(self):
        customers = ["Jos\u00e9", "Zo\u00eb", "c2"]
        whole = json.loads(self.query(self.analyze(customers), "postgres")[0])
        for made, merged in (("postgres", "latin"), ("latin", "postgres")):
            part = self.partial(customers, made)
            got = self.query(f"SELECT cjm_merge(decode('{part}', 'hex'))", merged)
            self.assertEqual(json.loads(got[0]), whole, (made, merged))
            ids = self.query("SELECT * FROM cjm_customers(decode('" + part + "', 'hex'),"
                             f" '{{\"used\": {json.dumps(self.touchpoints[0])}}}')", merged)
            self.assertEqual(sorted(ids), sorted(customers))
        # Stored as the database's own text: é is one byte in LATIN1.
        part = self.partial(["Jos\u00e9"], "postgres")
        stored = self.pg.sql("SELECT encode(convert_to(x, 'LATIN1'), 'hex') FROM"
                             f" cjm_customers(decode('{part}', 'hex'), '{{}}') x", "latin")
        self.assertEqual(stored.split(), ["4a6f73e9"])

    def test_errors_arrive_as_the_databases_text(self):
        # A message quoting the library's text (a bad row's customer) is
        # the database's text: sent raw as UTF-8, PostgreSQL had replaced
        # the whole error by one about its bytes.
        for database, customer in (("latin", "\u00c1d\u00e1m"), ("japan", "\u65e5\u672c")):
            p = self.pg.psql(input="SET client_encoding = 'UTF8'; SELECT cjm_analyze("
                             f"{literal(self.map)}::jsonb, {escaped(customer)}, now(),"
                             " 'no-such-touchpoint', NULL, NULL, NULL, NULL, NULL);",
                             check=False, database=database)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn(f'cjm: row 1 of the group (customer "{customer}"', p.stderr, database)
            self.assertNotIn("invalid byte sequence", p.stderr)
            self.assertNotIn("has no equivalent", p.stderr)

    def test_options_a_database_cannot_hold(self):
        # A partial whose options name a breakdown LATIN1 cannot write is
        # PostgreSQL's usual error there, not a forged partial.
        options = escaped(json.dumps({"breakdown": "\u65e5\u672c"}, ensure_ascii=False))
        part = self.query(f"SELECT encode(cjm_analyze_partial({literal(self.map)}::jsonb,"
                          f" {options}::jsonb, 'c1', now(), {literal(self.touchpoints[0])}, NULL,"
                          " NULL, NULL, NULL, NULL, '{}'::jsonb), 'hex')", "postgres")[0]
        p = self.pg.psql(input="SET client_encoding = 'UTF8'; SELECT cjm_merge(decode("
                         f"'{part}', 'hex'));", check=False, database="latin")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('has no equivalent in encoding "LATIN1"', p.stderr)
        self.assertNotIn("not an analysis state", p.stderr)
        self.assertEqual(json.loads(self.query(f"SELECT cjm_merge(decode('{part}', 'hex'))",
                                               "japan")[0])["totals"]["events"], 1)

    def test_a_character_latin1_lacks(self):
        part = self.partial(["\u65e5\u672c"], "postgres")
        p = self.pg.psql(input="SET client_encoding = 'UTF8'; SELECT * FROM"
                         f" cjm_customers(decode('{part}', 'hex'), '{{}}');", check=False,
                         database="latin")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('has no equivalent in encoding "LATIN1"', p.stderr)
        # The same partial's report: the journey's figures hold no customer.
        got = self.query(f"SELECT cjm_merge(decode('{part}', 'hex'))", "latin")
        self.assertEqual(json.loads(got[0])["totals"]["customers"], 1)
        self.assertEqual(self.pg.sql("SELECT 1", "latin").strip(), "1")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
