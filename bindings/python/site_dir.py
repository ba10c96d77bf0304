"""Prints the directory under PREFIX where this interpreter finds
packages (the first such entry of sys.path), or nothing."""
import os
import sys

prefix = os.path.realpath(sys.argv[1])
for entry in sys.path:
    if entry.endswith(("site-packages", "dist-packages")) and \
            os.path.realpath(entry).startswith(prefix + os.sep):
        print(entry)
        break
