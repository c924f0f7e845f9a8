#!/bin/sh
# mimeencode against coreutils' golden outputs, plus decoding, errors,
# forced paths and safe file output.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
prog="${TEST_EMULATOR:+$TEST_EMULATOR }$top_builddir/src/cli/mimeencode"
golden="$top_srcdir/tests/data/golden"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if "$@"; then ok; else bad "$*"; fi; }

for f in "$golden"/inputs/*; do
	name=$(basename "$f")
	for v in base64:76 base64_w0:0 base64_w64:64; do
		variant=${v%%:*}
		width=${v#*:}
		$prog -w "$width" "$f" > "$tmp/out" 2> "$tmp/err"
		check cmp -s "$tmp/out" "$golden/out/$name.$variant"
		$prog -u "$tmp/out" > "$tmp/back"
		check cmp -s "$tmp/back" "$f"
	done
	# standard input, and CRLF lines on decode
	$prog < "$f" > "$tmp/out"
	check cmp -s "$tmp/out" "$golden/out/$name.base64"
	sed 's/$/\r/' "$golden/out/$name.base64" | $prog -u > "$tmp/back"
	check cmp -s "$tmp/back" "$f"
done

# every path this machine runs gives the same bytes; unknown paths are refused
big="$tmp/big"
head -c 300000 /dev/urandom > "$big" 2>/dev/null || dd if=/dev/urandom of="$big" bs=1000 count=300 2>/dev/null
$prog "$big" > "$tmp/ref"
for isa in scalar ssse3 avx2 neon; do
	MIMECODEC_ISA=$isa $prog "$big" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 2 ]; then
		check grep -q "MIMECODEC_ISA=$isa" "$tmp/err"
		continue
	fi
	check cmp -s "$tmp/out" "$tmp/ref"
	MIMECODEC_ISA=$isa $prog -u "$tmp/out" > "$tmp/back"
	check cmp -s "$tmp/back" "$big"
done
MIMECODEC_ISA=avx512 $prog "$big" > /dev/null 2> "$tmp/err"
check test $? -eq 2
check grep -q "not a code path" "$tmp/err"

# a bad character: exit 1 with its byte offset
printf 'SGVs!bG8=\n' | $prog -u > "$tmp/out" 2> "$tmp/err"
check test $? -eq 1
check grep -q "byte offset 4" "$tmp/err"
printf 'SGVsbG8\n' | $prog -u > "$tmp/out" 2> "$tmp/err"
check test $? -eq 0
check grep -q "missing padding" "$tmp/err"
printf 'SGVsbG8=' | $prog -u > "$tmp/out"
check test "$(cat "$tmp/out")" = Hello
printf 'SGVsb' | $prog -u > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q "truncated input at byte offset 4" "$tmp/err"

# -o: the file appears only when complete; nothing is left behind on error
$prog -o "$tmp/enc.txt" "$golden/inputs/rand1000.bin"
check cmp -s "$tmp/enc.txt" "$golden/out/rand1000.bin.base64"
printf 'QUJD!\n' | $prog -u -o "$tmp/dec.bin" 2> /dev/null
check test $? -eq 1
check test ! -e "$tmp/dec.bin"
check test -z "$(ls "$tmp" | grep mimecodec-)"
$prog -o "$tmp/missing/dir/x" "$big" 2> "$tmp/err"
check test $? -eq 1

# usage
$prog --help > "$tmp/out"
check test $? -eq 0
check grep -q Usage "$tmp/out"
$prog --version > "$tmp/out"
check grep -q mimecodec "$tmp/out"
$prog -w x < /dev/null 2> /dev/null
check test $? -eq 2
$prog a b 2> /dev/null
check test $? -eq 2
$prog "$tmp/does-not-exist" 2> "$tmp/err"
check test $? -eq 1
check grep -q "does-not-exist" "$tmp/err"

echo "$pass passed, $fail failed"
test $fail -eq 0
