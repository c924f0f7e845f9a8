#!/bin/sh
# The library exports exactly the symbols listed in tests/abi.txt.
set -eu
lib="${top_builddir:-.}/src/.libs/libmimecodec.so"
if [ ! -f "$lib" ]; then
	echo "SKIP: no shared library at $lib"
	exit 77
fi
nm=nm
case "${TEST_EMULATOR:-}" in *aarch64*) command -v aarch64-linux-gnu-nm >/dev/null && nm=aarch64-linux-gnu-nm ;; esac
"$nm" -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "R" || $2 == "B" { print $3 }' \
	| sort > abi.actual
if ! diff -u "${top_srcdir:-.}/tests/abi.txt" abi.actual; then
	echo "FAIL: exported symbols differ from tests/abi.txt"
	exit 1
fi
rm -f abi.actual
echo "PASS: $(wc -l < "${top_srcdir:-.}/tests/abi.txt") exported symbols as listed"
