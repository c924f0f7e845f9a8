#!/bin/sh
# Messages we build, read by Python's email package (tests/mail_interop.py).
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
python3 "$srcdir/tests/mail_interop.py" "${TEST_EMULATOR:+$TEST_EMULATOR }./tests/mail_samples" "$dir"
