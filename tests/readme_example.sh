#!/bin/sh
# The README quotes tests/example.c verbatim, and the example runs.
set -u
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
if ! awk '/^```c$/{on=1; next} /^```$/{on=0} on' "$top_srcdir/README" \
	| cmp -s - "$top_srcdir/tests/example.c"; then
	echo "FAIL: the C example in README differs from tests/example.c"
	exit 1
fi
out=$(${TEST_EMULATOR:+$TEST_EMULATOR }"$top_builddir/tests/example") || {
	echo "FAIL: tests/example exited with $?"
	exit 1
}
expected=$(printf 'SGVsbG8sIE1JTUUgd29ybGQh\r')
if [ "$out" != "$expected" ]; then
	echo "FAIL: unexpected output: $out"
	exit 1
fi
echo "1 passed, 0 failed"
