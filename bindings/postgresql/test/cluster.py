"""A throwaway PostgreSQL cluster for the extension's tests and benchmark.

The cluster lives in a temporary folder, listens only on a Unix socket
there, has the extension's SQL loaded with MODULE_PATHNAME pointing at the
module just built, and is stopped and removed on close(), pass or fail.
initdb refuses to run as root, so as root the server runs as `postgres`.
"""
import json
import os
import pwd
import shutil
import subprocess
import tempfile


class Cluster:
    def __init__(self, bindir, module, script, libraries=(), settings=()):
        """module: the built cjm.so; libraries: the built libcjm and
        libcjm-json it needs. Both are copied into the cluster's folder, so
        that the server's user can read them wherever the build is."""
        self.bindir = bindir
        self.dir = tempfile.mkdtemp(prefix="cjm-pg-")
        os.chmod(self.dir, 0o755)
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self.started = False
        lib = os.path.join(self.dir, "lib")
        os.mkdir(lib)
        for path in libraries:
            name = os.path.basename(path)  # libcjm.so.1.0.0 -> libcjm.so.1
            if ".so." in name:
                name = name[:name.index(".so.") + 4] + name.split(".so.")[1].split(".")[0]
            shutil.copy(path, os.path.join(lib, name))
        shutil.copy(module, os.path.join(lib, "cjm.so"))
        self.env = dict(os.environ, LD_LIBRARY_PATH=lib)
        self.module = os.path.join(lib, "cjm.so")
        self.script = script
        try:
            self._run("initdb", "-D", self.data, "-A", "trust", "-U", "cjm", "--no-sync",
                      "-E", "UTF8", "--locale", "C")
            options = " ".join(["-k", self.dir, "-c", "listen_addresses=''"] +
                               [f"-c {s}" for s in settings])
            self._run("pg_ctl", "-D", self.data, "-o", options, "-l",
                      os.path.join(self.dir, "server.log"), "-w", "start", env=self.env)
            self.started = True
            self.install()
        except BaseException:
            self.close()
            raise

    def install(self, schema=None, database="postgres"):
        """Runs the extension's scripts as CREATE EXTENSION would, in
        `schema` (made first) when given, else in the default one, in
        `database`."""
        if schema:
            self.sql(f"CREATE SCHEMA {schema}", database)
        for path in scripts(self.script):
            with open(path) as f:
                sql = f.read().replace("MODULE_PATHNAME", os.path.abspath(self.module))
            sql = "\n".join(l for l in sql.splitlines() if not l.startswith("\\echo"))
            self.sql((f"SET search_path = {schema};\n" if schema else "") + sql, database)

    def _run(self, program, *args, **kw):
        return subprocess.run([os.path.join(self.bindir, program), *args], check=True,
                              user=self.user, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, **kw)

    def psql(self, *args, input=None, check=True, database="postgres"):
        """Runs psql against the cluster; returns the CompletedProcess, and
        with `check` raises RuntimeError with psql's message on failure."""
        p = subprocess.run(
            [os.path.join(self.bindir, "psql"), "-X", "-q", "-A", "-t", "-v",
             "ON_ERROR_STOP=1", "-h", self.dir, "-U", "cjm", "-d", database, *args],
            input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if check and p.returncode != 0:
            raise RuntimeError(f"psql failed: {p.stderr.strip()}")
        return p

    def sql(self, text, database="postgres"):
        """Runs SQL (one or more statements) and returns the output."""
        return self.psql(input=text, database=database).stdout

    def log(self):
        try:
            with open(os.path.join(self.dir, "server.log")) as f:
                return f.read()
        except OSError:
            return ""

    def close(self):
        if self.started:
            subprocess.run([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m",
                            "immediate", "-w", "stop"], user=self.user,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def scripts(first):
    """The extension's base script and, as CREATE EXTENSION does, the
    update scripts beside it that lead from its version to the newest."""
    folder, name = os.path.split(first)
    version = name[len("cjm--"):-len(".sql")]
    found = [first]
    while True:
        step = [f for f in os.listdir(folder)
                if f.startswith(f"cjm--{version}--") and f.endswith(".sql")]
        if not step:
            return found
        found.append(os.path.join(folder, step[0]))
        version = step[0][len(f"cjm--{version}--"):-len(".sql")]


def copy_field(value):
    """A value in COPY's text format: \\N for NULL, backslash escapes."""
    if value is None:
        return "\\N"
    text = str(value)
    for a, b in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(a, b)
    return text


def events_to_copy(jsonl, out_path):
    """JSON Lines events as COPY rows; returns their number."""
    n = 0
    with open(jsonl) as src, open(out_path, "w") as out:
        for line in src:
            e = json.loads(line)
            f = e.get("feedback") or {}
            scale = f.get("scale") or [None, None]
            row = [e["customer"], e["at"], e["touchpoint"], e.get("channel"), e.get("stage"),
                   f.get("score"), scale[0], scale[1]]
            out.write("\t".join(copy_field(v) for v in row) + "\n")
            n += 1
    return n
