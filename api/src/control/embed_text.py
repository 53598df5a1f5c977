#!/usr/bin/env python3
# embed_text.py INPUT OUTPUT: INPUT's bytes as the body of a C++ raw string
# literal (the compiler joins the pieces), so a document kept in the
# repository is served by the binary without being installed.
import sys

text = open(sys.argv[1], encoding="utf-8").read()
delimiter = "ctisim_embed"
assert ")" + delimiter + '"' not in text
# Pieces of at most 16 KiB: compilers bound the length of one literal.
pieces = [text[i:i + 16384] for i in range(0, len(text), 16384)] or [""]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("/* Generated from %s by embed_text.py: do not edit. */\n" % sys.argv[1].split("/")[-1])
    for piece in pieces:
        out.write('R"%s(%s)%s"\n' % (delimiter, piece, delimiter))
