#!/bin/sh
# The MIME corpus check (tests/mime_corpus.py) against ../shared/corpus/mime,
# when the shared folder is beside the project; MIME_CORPUS overrides.
corpus="${MIME_CORPUS:-$srcdir/../shared/corpus/mime}"
if [ ! -d "$corpus/messages" ]; then
	echo "SKIP: no MIME corpus at $corpus (../shared is not beside the project)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is not installed"
	exit 77
fi
exec python3 "$srcdir/tests/mime_corpus.py" "${TEST_EMULATOR:+$TEST_EMULATOR }./tests/mime_dump" \
	"$corpus" "$srcdir/tests/data/mime_corpus_differences.txt"
