#!/bin/sh
# Each name against the classic tool it stands in for, byte for byte
# (tests/data/golden, from shared/golden/cli), its own output decoded back,
# the documented outcome of every decoder edge case, every code path, and
# the command lines and exit codes of the classic tools.
. "${top_srcdir:-.}/tests/cli_lib.sh"
golden_inputs

for f in "$tmp"/in/*; do
	name=$(basename "$f")
	same() { check cmp -s "$tmp/o" "$golden/out/$name.$1"; }
	# coreutils base64 and basenc --base64url
	for v in base64:76 base64_w0:0 base64_w64:64; do
		$mimeencode -w "${v#*:}" "$f" > "$tmp/o"; same "${v%%:*}"
		$mimeencode -d "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	done
	$mimeencode < "$f" > "$tmp/o"; same base64
	sed 's/$/\r/' "$golden/out/$name.base64" | $mimeencode -u > "$tmp/back"
	check cmp -s "$tmp/back" "$f"
	$mimeencode --url "$f" > "$tmp/o"; same basenc_base64url
	$mimeencode --url -d "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	# sharutils uuencode, both forms, file and standard input (mode 644 either way: umask 022)
	(cd "$tmp/in" && $uuencode "$name" "$name") > "$tmp/o"; same uuencode
	(umask 022 && $uuencode "$name" < "$f") > "$tmp/o"; same uuencode
	(cd "$tmp/in" && $uuencode -m "$name" "$name") > "$tmp/o"; same uuencode_m
	$uuencode --base64 "$f" "$name" > "$tmp/o"; same uuencode_m
	for form in uuencode uuencode_m; do
		$uudecode -o - "$golden/out/$name.$form" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
		$mimeencode -d --uu "$golden/out/$name.$form" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	done
	# metamail mimencode: 72-column base64, its quoted-printable, -p
	$mimencode "$f" > "$tmp/o"; same mimencode_b
	$mimencode -b -o "$tmp/o2" "$f"; check cmp -s "$tmp/o2" "$golden/out/$name.mimencode_b"
	$mimencode -u "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	$mimencode -q "$f" > "$tmp/o"; same mimencode_q
	$mimencode -u -q "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	if [ -f "$golden/out/$name.mimencode_p" ]; then
		$mimencode -p "$f" > "$tmp/o"; same mimencode_p
		$mimencode -u -p "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	fi
	# our quoted-printable default round-trips every input, text and binary mode
	for mode in "" --binary --crlf "--protect -w 40"; do
		# shellcheck disable=SC2086
		$mimeencode -q $mode "$f" > "$tmp/o"
		check awk 'length($0) > 77 { exit 1 }' "$tmp/o"
		case $mode in --binary) ;; *) continue ;; esac
		$mimeencode -d -q "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$f"
	done
done
# the presets reproduce python3 -m quopri and qprint -e on LF text ending in a line end
$mimeencode -q --qp-style=python "$tmp/in/text_lf.txt" > "$tmp/o"
check cmp -s "$tmp/o" "$golden/out/text_lf.txt.py_quopri"
$mimeencode -q --qp-style=qprint "$tmp/in/text_lf.txt" > "$tmp/o"
check cmp -s "$tmp/o" "$golden/out/text_lf.txt.qprint_e"
# metamail looks only at the letter after '-': -uq means -u
$mimencode "$tmp/in/rand1000.bin" | $mimencode -uq > "$tmp/back"
check cmp -s "$tmp/back" "$tmp/in/rand1000.bin"
# the last FILE wins
$mimencode "$tmp/in/len1.bin" "$tmp/in/len2.bin" > "$tmp/o"
check cmp -s "$tmp/o" "$golden/out/len2.bin.mimencode_b"

# the decoder edge cases: every row of tests/data/cli/decode_cases.tsv
hexbytes() { # octal escapes: every sh's printf knows them
	h=$1
	fmt=
	while [ -n "$h" ]; do
		fmt="$fmt$(printf '\\%03o' "0x${h%"${h#??}"}")"
		h=${h#??}
	done
	printf "$fmt"
}
while IFS='	' read -r family case cmd stdin_hex rc stdout_hex stderr; do
	[ "$family" = family ] && continue
	set -- $cmd
	prog=$1
	shift
	hexbytes "${stdin_hex#x}" > "$tmp/case_in"
	${emu}"$tmp/bin/$prog" "$@" < "$tmp/case_in" > "$tmp/case_out" 2> "$tmp/case_err"
	got=$?
	got_hex=x$(od -An -v -tx1 "$tmp/case_out" | tr -d ' \n')
	got_err="|$(head -n 1 "$tmp/case_err")"
	if [ "$got" = "$rc" ] && [ "$got_hex" = "$stdout_hex" ] && [ "$got_err" = "$stderr" ]; then
		ok
	else
		bad "decode case $family/$case '$cmd': exit $got (want $rc), stdout $got_hex (want $stdout_hex), stderr '$got_err' (want '$stderr')"
	fi
done < "$top_srcdir/tests/data/cli/decode_cases.tsv"

# every path this machine runs gives the same bytes; unknown paths are refused
head -c 300000 /dev/urandom > "$tmp/big"
$mimeencode "$tmp/big" > "$tmp/ref"
$mimeencode -q "$tmp/big" > "$tmp/refq"
$uuencode "$tmp/big" big > "$tmp/refu"
for isa in scalar ssse3 avx2 avx512 neon; do
	MIMECODEC_ISA=$isa $mimeencode "$tmp/big" > "$tmp/o" 2> "$tmp/err"
	if [ $? -eq 2 ]; then
		check grep -q "MIMECODEC_ISA=$isa" "$tmp/err"
		echo "path $isa: not on this machine"
		continue
	fi
	check cmp -s "$tmp/o" "$tmp/ref"
	MIMECODEC_ISA=$isa $mimeencode -u "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$tmp/big"
	MIMECODEC_ISA=$isa $mimeencode -q "$tmp/big" > "$tmp/o"; check cmp -s "$tmp/o" "$tmp/refq"
	MIMECODEC_ISA=$isa $mimeencode -q --binary "$tmp/big" > "$tmp/o"
	MIMECODEC_ISA=$isa $mimeencode -uq "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$tmp/big"
	MIMECODEC_ISA=$isa $uuencode "$tmp/big" big > "$tmp/o"; check cmp -s "$tmp/o" "$tmp/refu"
	MIMECODEC_ISA=$isa $uudecode -p "$tmp/o" > "$tmp/back"; check cmp -s "$tmp/back" "$tmp/big"
done
MIMECODEC_ISA=avx1024 $mimeencode "$tmp/big" > /dev/null 2> "$tmp/err"
check test $? -eq 2
check grep -q "MIMECODEC_ISA=avx1024" "$tmp/err"

# command lines and exit codes (documented in the man pages)
expect_rc 64 $uuencode
expect_rc 64 $uuencode a b c
expect_rc 1 $uuencode "$tmp/missing" name
check grep -q "uuencode: $tmp/missing: No such file or directory" "$tmp/err"
expect_rc 4 $uudecode "$tmp/missing"
expect_rc 64 $uudecode --bogus
expect_rc 2 $mimeencode --bogus
expect_rc 1 $mimeencode "$tmp/missing"
expect_rc 2 $mimeencode -w x
expect_rc 2 $mimeencode -q -w 80
expect_rc 255 $mimencode -z
expect_rc 255 $mimencode "$tmp/missing"
for p in "$mimeencode" "$uuencode" "$uudecode" "$mimencode"; do
	expect_rc 0 $p --help
	check test "$(wc -l < "$tmp/out")" -le 30
	check awk 'length($0) > 80 { exit 1 }' "$tmp/out"
	expect_rc 0 $p --version
	check grep -q mimecodec "$tmp/out"
done
summary
