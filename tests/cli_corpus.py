#!/usr/bin/env python3
"""mimeencode --list and --extract --all --keep-partial on every message of
the shared MIME corpus: never a crash, nothing written outside the target
directory, one file per leaf that --list shows, and for the messages where
our tree agrees with Python's (those not in the differences list) the
extracted files hold exactly the leaves Python decodes (by sha256)."""
import collections, hashlib, json, os, subprocess, sys

prog, corpus, diff_file, scratch = sys.argv[1:5]
listed = set()
for line in open(diff_file, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        listed.add(line.split(":", 1)[0].strip())
messages = os.path.join(corpus, "messages")
failures, checked, compared = [], 0, 0
for d, _, files in sorted(os.walk(messages)):
    for name in sorted(files):
        rel = os.path.relpath(os.path.join(d, name), messages)
        path = os.path.join(d, name)
        out = os.path.join(scratch, rel.replace("/", "_"))
        os.makedirs(out)
        lst = subprocess.run(prog.split() + ["--list", path], capture_output=True)
        ext = subprocess.run(prog.split() + ["--extract", "--all", "--keep-partial", "-C", out, path],
                             capture_output=True)
        checked += 1
        for what, run in (("--list", lst), ("--extract", ext)):
            if run.returncode not in (0, 1):
                failures.append("%s: %s exited %d: %s" % (rel, what, run.returncode, run.stderr[-300:]))
        rows = lst.stdout.decode("utf-8", "replace").splitlines()[1:]
        leaves = [r for r in rows if not r.split()[-1 if len(r.split()) < 4 else 3] == "-"]
        files_out = sorted(os.listdir(out))
        sizes = [int(r.split()[3]) for r in rows if len(r.split()) >= 4 and r.split()[3].isdigit()]
        if len(files_out) != len(sizes):
            failures.append("%s: %d files extracted, --list shows %d leaves" % (rel, len(files_out), len(sizes)))
        if rel in listed:
            continue
        with open(os.path.join(corpus, "expected", rel + ".json"), encoding="utf-8") as f:
            theirs = json.load(f)
        want = collections.Counter(l["sha256"] for l in theirs["leaves"])
        got = collections.Counter(hashlib.sha256(open(os.path.join(out, f), "rb").read()).hexdigest()
                                  for f in files_out)
        compared += 1
        if want != got:
            failures.append("%s: extracted leaves differ from Python's (%d vs %d files)"
                            % (rel, sum(got.values()), sum(want.values())))
print("cli corpus: %d messages listed and extracted, %d compared with Python, %d failures"
      % (checked, compared, len(failures)))
for f in failures:
    print("FAIL " + f)
sys.exit(1 if failures else 0)
