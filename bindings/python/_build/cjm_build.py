"""The package's build backend (PEP 517 and PEP 660), standard library only.

cjm is pure Python, so building it means zipping cjm/ with its metadata.
Doing that here, instead of through setuptools and wheel, lets `pip
install` work offline in a fresh virtual environment, which on Debian 12
holds pip and setuptools but not wheel.
"""
import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME, VERSION = "cjm", "1.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST_INFO = f"{NAME}-{VERSION}.dist-info"
TAG = "py3-none-any"

METADATA = f"""Metadata-Version: 2.1
Name: {NAME}
Version: {VERSION}
Summary: Customer journey maps and their analysis: Python bindings to libcjm (ctypes)
License: MIT
Requires-Python: >=3.8
Classifier: Programming Language :: Python :: 3
Classifier: Programming Language :: C
Classifier: Typing :: Typed
Description-Content-Type: text/markdown

"""


def _metadata():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        return METADATA + f.read()


def _package_files():
    root = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(root)):
        if name.endswith(".py") or name == "py.typed":
            yield f"{NAME}/{name}", os.path.join(root, name)


def _hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _wheel(directory, files):
    """Writes a wheel of `files` (archive name -> bytes); returns its name."""
    files = dict(files)
    files[f"{DIST_INFO}/METADATA"] = _metadata().encode()
    files[f"{DIST_INFO}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: cjm_build\n"
                                   f"Root-Is-Purelib: true\nTag: {TAG}\n").encode()
    record = "".join(f"{name},{_hash(data)},{len(data)}\n" for name, data in files.items())
    record += f"{DIST_INFO}/RECORD,,\n"
    name = f"{NAME}-{VERSION}-{TAG}.whl"
    with zipfile.ZipFile(os.path.join(directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, data in files.items():
            z.writestr(arcname, data)
        z.writestr(f"{DIST_INFO}/RECORD", record)
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {}
    for arcname, path in _package_files():
        with open(path, "rb") as f:
            files[arcname] = f.read()
    return _wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose .pth file puts this directory on sys.path."""
    return _wheel(wheel_directory, {f"__editable__.{NAME}.pth": (HERE + "\n").encode()})


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{VERSION}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for rel in ("pyproject.toml", "README.md", "_build/cjm_build.py"):
            tar.add(os.path.join(HERE, rel), f"{base}/{rel}")
        for arcname, path in _package_files():
            tar.add(path, f"{base}/{arcname}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata().encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return name
