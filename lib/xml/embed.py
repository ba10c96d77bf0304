#!/usr/bin/env python3
"""Writes a C file holding a text file as a NUL-terminated array."""
import sys

source, output, symbol = sys.argv[1:4]
data = open(source, 'rb').read()
with open(output, 'w') as out:
    out.write('/* Generated from %s: do not edit. */\n' % source.split('/')[-1])
    out.write('#include <stddef.h>\n\n')
    out.write('extern const char %s[];\nextern const size_t %s_size;\n\n' % (symbol, symbol))
    out.write('const char %s[] = {\n' % symbol)
    for i in range(0, len(data), 16):
        out.write('    ' + ', '.join('0x%02x' % b for b in data[i:i + 16]) + ',\n')
    out.write('    0x00\n};\n')
    out.write('const size_t %s_size = %d;\n' % (symbol, len(data)))
