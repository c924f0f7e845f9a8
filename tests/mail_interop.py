#!/usr/bin/env python3
"""Messages built by mimecodec read by Python's email package: for each
message of tests/mail_samples, the subject and sender decode to what was
given, and the leaves (in walk order) have the content type, file name and
payload bytes that were put in (text compared with its line ends as LF,
since both sides canonicalise them).  Python must also report no defects.

usage: mail_interop.py MAIL_SAMPLES DIR
(MAIL_SAMPLES may start with an emulator)
"""
import base64
import json
import subprocess
import sys
from email import policy
from email.parser import BytesParser


def main():
    samples, out_dir = sys.argv[1], sys.argv[2]
    run = subprocess.run(samples.split() + [out_dir], capture_output=True, check=True)
    failures = []
    expected = json.loads(run.stdout)
    for e in expected:
        with open(e["file"], "rb") as f:
            msg = BytesParser(policy=policy.default).parse(f)
        name = e["file"]
        if str(msg["Subject"]) != e["subject"]:
            failures.append("%s: subject %r, built %r" % (name, str(msg["Subject"]), e["subject"]))
        if e["from_name"] and msg["From"].addresses[0].display_name != e["from_name"]:
            failures.append("%s: sender %r" % (name, msg["From"].addresses[0].display_name))
        leaves = [p for p in msg.walk() if not p.is_multipart()]
        if len(leaves) != len(e["leaves"]):
            failures.append("%s: %d leaves, built %d" % (name, len(leaves), len(e["leaves"])))
            continue
        for part, want in zip(leaves, e["leaves"]):
            data = base64.b64decode(want["data"])
            got = part.get_payload(decode=True)
            if want["text"]:
                data, got = data.replace(b"\r\n", b"\n"), got.replace(b"\r\n", b"\n")
            if part.get_content_type() != want["type"]:
                failures.append("%s: type %s, built %s" % (name, part.get_content_type(), want["type"]))
            if part.get_filename() != want["filename"]:
                failures.append("%s: file name %r, built %r" % (name, part.get_filename(), want["filename"]))
            if got != data:
                failures.append("%s: %s payload differs (%d bytes, built %d)" % (name, want["type"], len(got), len(data)))
        for part in msg.walk():
            if part.defects:
                failures.append("%s: Python found defects %s" % (name, [type(d).__name__ for d in part.defects]))
    print("interop: %d messages read by Python's email package, %d failures" % (len(expected), len(failures)))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
