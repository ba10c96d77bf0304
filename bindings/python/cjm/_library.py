"""Finding and loading libcjm (and libcjm-json when it is installed)."""
import ctypes
import os
import subprocess
import sysconfig

__all__ = ["load", "LibraryNotFound"]


class LibraryNotFound(ImportError):
    """libcjm could not be loaded; the message lists every place tried."""


def _pkg_config_libdir(package):
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", package],
                             capture_output=True, text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _installed_libdir():
    """The libdir meson installed the package with (_config.py), if so."""
    try:
        from . import _config
    except ImportError:
        return None
    return _config.LIBDIR


def _lib_dirs():
    multiarch = sysconfig.get_config_var("MULTIARCH")
    return ([f"lib/{multiarch}"] if multiarch else []) + ["lib64", "lib"]


def load(soname, env, package, required=True):
    """Loads a library: the path in the environment variable `env`, then
    the directory `meson install` put it in (when the package was installed
    with it), the pkg-config package's libdir, the plain SONAME (the
    system's search path), and the usual library directories of /usr/local
    and /usr. Returns None for an optional library that is missing, or
    whose environment variable is set but empty: a build without that
    module says so, and no other version of it is picked up elsewhere."""
    if not required and env in os.environ and not os.environ[env]:
        return None
    tried = []
    candidates = []
    if os.environ.get(env):
        candidates.append((os.environ[env], f"${env}"))
    if _installed_libdir():
        candidates.append((os.path.join(_installed_libdir(), soname),
                           "the directory cjm was installed into"))
    libdir = _pkg_config_libdir(package)
    if libdir:
        candidates.append((os.path.join(libdir, soname), f"pkg-config {package}"))
    candidates.append((soname, "the system's library path"))
    for prefix in ("/usr/local", "/usr"):
        for lib in _lib_dirs():
            candidates.append((os.path.join(prefix, lib, soname), "a usual place"))
    for path, how in candidates:
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({how}): {e}")
    if not required:
        return None
    raise LibraryNotFound(f"cannot load {soname}; tried:\n  " + "\n  ".join(tried) +
                          f"\nSet {env} to the library's path, or install cjm "
                          "where pkg-config or the dynamic loader finds it.")
