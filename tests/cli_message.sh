#!/bin/sh
# mimeencode --pack, --extract and --list: files and pipes packed into a
# message and extracted back byte for byte; Python's email package reads
# what --pack writes; the whole MIME corpus (../shared/corpus/mime, when
# present) listed and extracted, each leaf as Python decodes it.
. "${top_srcdir:-.}/tests/cli_lib.sh"
golden_inputs
mkdir "$tmp/x"
head -c 300000 /dev/urandom > "$tmp/rand.bin"
printf 'Dear reader,\n\nthe files are attached.\n' > "$tmp/body.txt"

# files, a pipe, a name and type given, a body
cat "$tmp/rand.bin" | $mimeencode --pack -s "Test — files" --from "Ann Example <ann@example.org>" \
	--to bob@example.org --to "Cy <cy@example.org>" --body "$tmp/body.txt" \
	"$tmp/in/allbytes.bin" "$tmp/in/text_lf.txt" "$tmp/in/empty.bin" \
	--name piped.bin - --type image/x-test "$tmp/in/zeros100.bin" -o "$tmp/msg.eml"
check test $? -eq 0
check grep -q '^Subject: Test =?utf-8?b?4oCU?= files' "$tmp/msg.eml"
check grep -q '^To: <bob@example.org>, Cy <cy@example.org>' "$tmp/msg.eml"
check grep -q 'Content-Type: image/x-test' "$tmp/msg.eml"
$mimeencode --extract -C "$tmp/x" "$tmp/msg.eml" > "$tmp/saved"
check test $? -eq 0
for f in allbytes.bin text_lf.txt empty.bin zeros100.bin; do
	check cmp -s "$tmp/x/$f" "$tmp/in/$f"
done
check cmp -s "$tmp/x/piped.bin" "$tmp/rand.bin"
check test ! -e "$tmp/x/part1"
check test "$(wc -l < "$tmp/saved")" -eq 5
# --all saves the text body too (it has no name)
mkdir "$tmp/all"
$mimeencode --extract --all -C "$tmp/all" "$tmp/msg.eml" > /dev/null
check cmp -s "$tmp/all/part1" "$tmp/body.txt"
# a second extraction never replaces: NAME.1 ...
$mimeencode --extract -C "$tmp/x" < "$tmp/msg.eml" > /dev/null
check cmp -s "$tmp/x/allbytes.bin.1" "$tmp/in/allbytes.bin"
$mimeencode --extract -f -C "$tmp/x" < "$tmp/msg.eml" > /dev/null
check test ! -e "$tmp/x/allbytes.bin.2"

# --list: the tree, types, encodings, decoded sizes, names
$mimeencode --list "$tmp/msg.eml" > "$tmp/list"
check test $? -eq 0
check grep -Eq '^0 +multipart/mixed +- +-' "$tmp/list"
check grep -Eq '^1 +text/plain +7bit|^1 +text/plain +- +[0-9]+' "$tmp/list"
check grep -Eq '^2 +[a-z]+/[-a-z.]+ +base64 +256  allbytes.bin$' "$tmp/list"
check grep -Eq '^5 +.* 300000  piped.bin$' "$tmp/list"
check test "$(wc -l < "$tmp/list")" -eq 8

# CRLF for SMTP; a body from standard input and nothing attached
printf 'hello\nworld\n' | $mimeencode --pack --crlf -s hi --body - > "$tmp/crlf.eml"
check test "$(grep -c "$(printf '\r')\$" "$tmp/crlf.eml")" -eq "$(wc -l < "$tmp/crlf.eml")"
check grep -q '^Content-Type: text/plain' "$tmp/crlf.eml"

# a message cut inside an attachment: the part is not saved, unless asked (as .partial)
head -c 200000 "$tmp/msg.eml" > "$tmp/cut.eml"
mkdir "$tmp/cut"
$mimeencode --extract -C "$tmp/cut" "$tmp/cut.eml" > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q "the message ends inside it" "$tmp/err"
check sh -c "! ls '$tmp/cut' | grep -q piped"
$mimeencode --extract --keep-partial -C "$tmp/cut" "$tmp/cut.eml" > /dev/null 2>&1
check test -e "$tmp/cut/piped.bin.partial"

# usage
expect_rc 2 $mimeencode --pack
expect_rc 2 $mimeencode --list a b
expect_rc 1 $mimeencode --pack "$tmp/missing"
expect_rc 1 $mimeencode --pack --from "not an address" "$tmp/body.txt"

if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 not installed: interop and corpus checks not run"
	summary
	exit $?
fi
# Python reads what --pack wrote: same parts, same bytes
python3 - "$tmp/msg.eml" "$tmp/in" "$tmp/rand.bin" <<'PY' && ok || bad "python reads --pack output"
import email, email.policy, sys, os
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert msg["subject"] == "Test — files", msg["subject"]
parts = [p for p in msg.iter_parts()]
names = [p.get_filename() for p in parts]
assert names == [None, "allbytes.bin", "text_lf.txt", "empty.bin", "piped.bin", "zeros100.bin"], names
for p, n in zip(parts[1:], names[1:]):
    want = open(sys.argv[3] if n == "piped.bin" else os.path.join(sys.argv[2], n), "rb").read()
    got = p.get_payload(decode=True)
    if p.get_content_type() == "text/plain":
        got = got.replace(b"\r\n", b"\n")
    assert got == want, n
PY

corpus="${MIME_CORPUS:-$top_srcdir/../shared/corpus/mime}"
if [ -d "$corpus/messages" ]; then
	python3 "$top_srcdir/tests/cli_corpus.py" "${emu}$tmp/bin/mimeencode" "$corpus" \
		"$top_srcdir/tests/data/mime_corpus_differences.txt" "$tmp/corpus" && ok || bad "corpus"
else
	echo "SKIP: no MIME corpus at $corpus: corpus extraction not run"
fi
summary
