# Sourced by the tests/cli_*.sh scripts: a scratch directory, the program
# under each of its names, and pass/fail bookkeeping.
set -u
if [ "${MIMECODEC_SKIP_CLI:-0}" = 1 ]; then
	# CI reruns the suite per x86 path; the CLI tests force every path themselves
	echo "SKIP: MIMECODEC_SKIP_CLI=1 (the plain make check runs the CLI tests on every path)"
	exit 77
fi
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
golden="$top_srcdir/tests/data/golden"
exe=$(cd "$top_builddir/src/cli" && pwd)/mimeencode
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
for n in mimeencode uuencode uudecode mimencode; do ln -s "$exe" "$tmp/bin/$n"; done
# the emulator (qemu) keeps the name a program was started by
emu=${TEST_EMULATOR:+$TEST_EMULATOR }
mimeencode="${emu}$tmp/bin/mimeencode"
uuencode="${emu}$tmp/bin/uuencode"
uudecode="${emu}$tmp/bin/uudecode"
mimencode="${emu}$tmp/bin/mimencode"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if "$@"; then ok; else bad "$*"; fi; }
# expect_rc N command...: runs it, stdout and stderr to $tmp/out and $tmp/err
expect_rc() {
	want=$1
	shift
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "exit $got, not $want: $*"; cat "$tmp/err"; fi
}
# the input files with the permissions the golden outputs were made with
golden_inputs() {
	mkdir -p "$tmp/in"
	cp "$golden"/inputs/* "$tmp/in/"
	chmod 644 "$tmp/in"/*
}
gcd() { a=$1; b=$2; while [ "$b" -ne 0 ]; do t=$((a % b)); a=$b; b=$t; done; echo "$a"; }
summary() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
