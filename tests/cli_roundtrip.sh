#!/bin/sh
# Every mode round-trips through pipes: empty, small, random and text
# inputs, and (natively) a sparse file of more than 2^31 bytes, in
# constant memory; the progress line.
. "${top_srcdir:-.}/tests/cli_lib.sh"
golden_inputs
: > "$tmp/empty"
head -c 1 /dev/urandom > "$tmp/one"
head -c 1000000 /dev/urandom > "$tmp/rand"
cat "$tmp"/in/text_lf.txt "$tmp"/in/text_lf.txt "$tmp"/in/text_lf.txt > "$tmp/text"
# CRs everywhere, so that a piece of decoded output ends in one (-p holds it)
awk 'BEGIN { for (i = 0; i < 500000; i++) printf "\ry" }' > "$tmp/crs"

# encode | decode pairs that give back any bytes
pairs='
mimeencode|mimeencode -d
mimeencode -w 0|mimeencode -d --strict
mimeencode -w 64 --crlf|mimeencode -d
mimeencode --url --no-padding|mimeencode --url -d
mimeencode -p|mimeencode -d -p
mimeencode -q --binary|mimeencode -d -q --strict
mimeencode -q --binary --crlf -w 20|mimeencode -d -q
mimeencode --uu=f|mimeencode -d --uu --strict
mimeencode --uu-base64|mimeencode -d --uu
mimeencode --uu --crlf|uudecode -p
uuencode - x|uudecode -o -
uuencode -m - x|uudecode -p --strict
mimencode|mimencode -u
mimencode -q|mimencode -u -q
mimeencode -q --binary|mimeencode -a
mimeencode --url|mimeencode -a
uuencode -m - x|mimeencode -a
'
run_pair() { # input file, encoder, decoder
	enc=$2
	dec=$3
	# shellcheck disable=SC2086
	cat "$1" | ${emu}$tmp/bin/$enc | ${emu}$tmp/bin/$dec 2> "$tmp/err" > "$tmp/back"
}
echo "$pairs" | while IFS='|' read -r enc dec; do
	[ -n "$enc" ] || continue
	for f in "$tmp/empty" "$tmp/one" "$tmp/rand" "$tmp/crs" "$tmp"/in/*; do
		if run_pair "$f" "$enc" "$dec" && cmp -s "$tmp/back" "$f"; then
			echo ok
		else
			echo "FAIL: $enc | $dec on $(basename "$f")"
		fi
	done
done > "$tmp/results"
pass=$((pass + $(grep -c '^ok' "$tmp/results")))
fail=$((fail + $(grep -c '^FAIL' "$tmp/results")))
grep '^FAIL' "$tmp/results"

# text mode quoted-printable gives back text with its line ends
for eol in "" --crlf; do
	for f in "$tmp/text" "$tmp/in/text_crlf.txt"; do
		# shellcheck disable=SC2086
		$mimeencode -q --protect $eol < "$f" | $mimeencode -d -q > "$tmp/back"
		if [ -n "$eol" ]; then sed 's/\r$//' "$f" > "$tmp/want"; sed 's/\r$//' "$tmp/back" > "$tmp/got"
		else sed 's/\r$//' "$f" > "$tmp/want"; cp "$tmp/back" "$tmp/got"; fi
		check cmp -s "$tmp/got" "$tmp/want"
	done
done

# a large file is encoded in pieces on several threads: the same bytes as
# one thread and as coreutils, with the file ending at, just after and
# just before a piece boundary (a piece: 512 KiB / threads, whole lines)
head -c 2200000 /dev/urandom > "$tmp/big"
for threads in 2 3; do
	for w in 76 0 72 77 4; do
		if [ "$w" -eq 0 ]; then unit=3; else unit=$((w / $(gcd "$w" 4) * 3)); fi
		piece=$((524288 / threads / unit * unit))
		for d in 0 1 $((unit - 1)) $((unit + 2)); do
			head -c $((2 * threads * piece + d)) "$tmp/big" > "$tmp/cut"
			MIMECODEC_THREADS=1 $mimeencode -w "$w" "$tmp/cut" > "$tmp/one"
			MIMECODEC_THREADS=$threads $mimeencode -w "$w" "$tmp/cut" > "$tmp/many"
			check cmp -s "$tmp/one" "$tmp/many"
			base64 -w "$w" "$tmp/cut" > "$tmp/want"
			check cmp -s "$tmp/want" "$tmp/many"
		done
	done
	MIMECODEC_THREADS=$threads $mimeencode --url --no-padding -w 0 "$tmp/big" > "$tmp/many"
	MIMECODEC_THREADS=1 $mimeencode --url --no-padding -w 0 "$tmp/big" > "$tmp/one"
	check cmp -s "$tmp/one" "$tmp/many"
	MIMECODEC_THREADS=$threads $mimencode "$tmp/big" > "$tmp/many"
	MIMECODEC_THREADS=1 $mimencode "$tmp/big" > "$tmp/one"
	check cmp -s "$tmp/one" "$tmp/many"
	rm -f "$tmp/made.b64"
	MIMECODEC_THREADS=$threads $mimeencode --progress -o "$tmp/made.b64" "$tmp/big" 2> "$tmp/err"
	base64 "$tmp/big" > "$tmp/want"
	check cmp -s "$tmp/want" "$tmp/made.b64"
	check grep -q '100%' "$tmp/err"
done
for bad in 0 65 x 2x; do
	expect_rc 2 env MIMECODEC_THREADS=$bad $mimeencode "$tmp/one"
	check grep -q "MIMECODEC_THREADS=$bad: not a number from 1 to 64" "$tmp/err"
done

# the progress line: forced on a pipe (bytes and rate), and on a file (percent too)
$mimeencode --progress "$tmp/rand" > /dev/null 2> "$tmp/err"
check grep -q '100%' "$tmp/err"
check grep -q 'left' "$tmp/err"
cat "$tmp/rand" | $mimeencode --progress > /dev/null 2> "$tmp/err"
check grep -q 'B/s' "$tmp/err"
check sh -c "! grep -q '%' '$tmp/err'"
$mimeencode "$tmp/rand" > /dev/null 2> "$tmp/err"
check test ! -s "$tmp/err"
$uuencode --progress "$tmp/rand" r 2> "$tmp/err" | $uudecode --progress -p > /dev/null 2>> "$tmp/err"
check test "$(grep -c '100%' "$tmp/err")" -eq 1

# more than 2^31 bytes, sparse, through pipes, in less than 4 MiB
if [ -n "${TEST_EMULATOR:-}" ]; then
	echo "large inputs: not run under $TEST_EMULATOR (too slow emulated)"
elif [ "${MIMECODEC_SKIP_LARGE:-0}" = 1 ]; then
	echo "large inputs: not run (MIMECODEC_SKIP_LARGE=1; the plain make check runs them)"
elif ! truncate -s 2200M "$tmp/sparse" 2> /dev/null; then
	echo "large inputs: no room for a sparse file here"
else
	timed=
	if [ "${MIMECODEC_SANITIZED:-no}" = yes ]; then
		echo "peak memory: not measured under sanitizers (their shadow memory counts)"
	elif [ -x /usr/bin/time ]; then timed="/usr/bin/time -f %M -a -o $tmp/rss"; else
		echo "peak memory: /usr/bin/time not installed, not measured"; fi
	: > "$tmp/rss"
	for mode in "" "--uu" "-q --binary"; do
		# shellcheck disable=SC2086
		$timed $mimeencode $mode "$tmp/sparse" | $timed $mimeencode -d $mode | cmp -s - "$tmp/sparse"
		check test $? -eq 0
	done
	for kb in $(cat "$tmp/rss"); do
		if [ "$kb" -lt 4096 ]; then ok; else bad "peak memory $kb KiB"; fi
	done
fi
summary
