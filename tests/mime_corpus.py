#!/usr/bin/env python3
"""The MIME corpus check: every message of the shared corpus parsed by
tests/mime_dump and compared with Python's view of it (expected/*.json):
the part tree (content types, multipart children, message/rfc822 bodies,
preamble and epilogue lengths) and each leaf's decoded length and sha256.
Every message must also write back byte for byte.

Where we disagree with Python on purpose, tests/data/mime_corpus_differences.txt
lists the file, the kinds of difference and the reason.  The kind "crlf"
(Python writes LF for the CRLF line ends of identity and QP text) is
checked: with our content's CRLF turned into LF the message must agree.
A listed file that agrees without its excuse is an error too, so the list
stays true.

usage: mime_corpus.py MIME_DUMP CORPUS_DIR DIFFERENCES_FILE
(MIME_DUMP may start with an emulator: "qemu-aarch64 ./tests/mime_dump")
"""
import base64
import hashlib
import json
import os
import subprocess
import sys


def compare(ours, theirs, path, out, crlf=False):
    """Appends to out a description of each difference under path; crlf:
    compare our content with CRLF as LF, and not the preamble/epilogue."""
    if ours["content_type"] != theirs["content_type"]:
        out.append("%s: content type %s, Python %s" % (path, ours["content_type"], theirs["content_type"]))
    for key in ("parts", "message"):
        a, b = ours.get(key), theirs.get(key)
        if (a is None) != (b is None):
            out.append("%s: %s %s, Python %s" % (path, key, "present" if a is not None else "absent",
                                                   "present" if b is not None else "absent"))
            return
        if a is None:
            continue
        if len(a) != len(b):
            out.append("%s: %d %s, Python %d" % (path, len(a), key, len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, "%s/%s[%d]" % (path, key, i), out, crlf)
    for key in ("preamble_len", "epilogue_len"):
        if "parts" in ours and not crlf and ours.get(key, 0) != theirs.get(key, 0):
            out.append("%s: %s %d, Python %d" % (path, key, ours.get(key, 0), theirs.get(key, 0)))
    if "content" in ours:
        data = base64.b64decode(ours["content"])
        if crlf and theirs.get("cte") in (None, "7bit", "8bit", "binary", "quoted-printable"):
            data = data.replace(b"\r\n", b"\n")
        if "sha256" not in theirs:
            out.append("%s: Python could not decode it (%s)" % (path, theirs.get("decode_error")))
        elif len(data) != theirs["decoded_len"] or hashlib.sha256(data).hexdigest() != theirs["sha256"]:
            out.append("%s: decoded %d bytes, Python %d (or different bytes)" % (path, len(data), theirs["decoded_len"]))


def main():
    dump, corpus, diff_file = sys.argv[1:4]
    listed = {}
    with open(diff_file, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, kinds, _ = (x.strip() for x in line.split(":", 2))
                listed[name] = set(kinds.split(","))
    messages = os.path.join(corpus, "messages")
    failures, agree, differ, total = [], 0, 0, 0
    for d, _, files in sorted(os.walk(messages)):
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(d, name), messages)
            total += 1
            run = subprocess.run(dump.split() + [os.path.join(d, name)], capture_output=True)
            if run.returncode != 0:
                failures.append("%s: mime_dump failed: %s" % (rel, run.stderr.decode(errors="replace")))
                continue
            ours = json.loads(run.stdout)
            if not ours["roundtrip"]:
                failures.append("%s: does not write back byte for byte" % rel)
            with open(os.path.join(corpus, "expected", rel + ".json"), encoding="utf-8") as f:
                theirs = json.load(f)
            diffs = []
            compare(ours["tree"], theirs["tree"], "", diffs)
            kinds = listed.get(rel, set())
            if diffs and "crlf" in kinds:
                rest = []
                compare(ours["tree"], theirs["tree"], "", rest, crlf=True)
                if rest and kinds == {"crlf"}:
                    failures.append("%s: differs beyond CRLF:\n    %s" % (rel, "\n    ".join(rest)))
            if diffs and not kinds:
                failures.append("%s: differs from Python and is not listed:\n    %s" % (rel, "\n    ".join(diffs)))
            elif not diffs and kinds:
                failures.append("%s: listed as differing but agrees with Python now" % rel)
            if diffs:
                differ += 1
            else:
                agree += 1
    print("corpus: %d messages, %d agree with Python, %d differ as listed, %d failures"
          % (total, agree, differ - sum(1 for f in failures if "not listed" in f), len(failures)))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
