#!/bin/sh
# The CLI beside the classic tools on 256 MiB inputs, output to /dev/null:
# wall time (hyperfine median, or the best of /usr/bin/time runs), MiB/s of
# raw data, the speed-up, and our peak memory.
#
#   bench/cli_bench.sh [BUILD-DIR] [SIZE-MiB] [RUNS]
#
# The classic tools are measured when installed (coreutils base64,
# sharutils uuencode/uudecode, qprint).  Prints a Markdown table.
set -eu
build=${1:-build}
mib=${2:-256}
runs=${3:-5}
exe=$(cd "$build/src/cli" && pwd)/mimeencode
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
for n in mimeencode uuencode uudecode; do ln -s "$exe" "$work/bin/$n"; done
ours="$work/bin"

# inputs: random bytes, and English-like text lines (a fixed vocabulary, seeded)
head -c "$((mib * 1048576))" /dev/urandom > "$work/rand.bin"
awk -v target="$((mib * 1048576))" 'BEGIN {
	srand(1)
	n = split("the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will can more out up into do any your what some could them other than then now only its time about may over also new after first two like our these well such most way made did many very before must through back years where much should how people because just those each same own right between both under never last long life still while mail file text line data send word part body code read write point view place hand case world system group number state order", w, " ")
	size = 0
	while (size < target) {
		k = 6 + int(rand() * 9); line = ""
		for (i = 0; i < k; i++) { word = w[1 + int(rand() * n)]; line = line (i ? " " : "") word }
		line = substr(line, 1, 83)
		print line; size += length(line) + 1
	}
}' | head -c "$((mib * 1048576))" > "$work/text.txt"
"$ours/mimeencode" "$work/rand.bin" > "$work/rand.b64"
"$ours/uuencode" "$work/rand.bin" rand.bin > "$work/rand.uu"
"$ours/mimeencode" -q "$work/text.txt" > "$work/text.qp"
"$ours/mimeencode" -q "$work/rand.bin" > "$work/rand.qp"

have() { command -v "$1" > /dev/null 2>&1; }
# seconds COMMAND: median wall time of $runs runs
seconds() {
	if have hyperfine; then
		hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/h.json" "$1" > /dev/null 2>&1
		sed -n 's/.*"median": *\([0-9.]*\).*/\1/p' "$work/h.json" | head -n 1
	else
		for i in $(seq "$runs"); do
			/usr/bin/time -f %e -o "$work/t" sh -c "$1 > /dev/null"
			cat "$work/t"
		done | sort -n | sed -n "$(((runs + 1) / 2))p"
	fi
}
peak_kib() { /usr/bin/time -f %M -o "$work/m" sh -c "exec $1 > /dev/null" && tail -n 1 "$work/m"; }

echo "| operation | input | ours ms (MiB/s) | classic | classic ms (MiB/s) | speed-up | our peak |"
echo "|---|---|---|---|---|---|---|"
row() { # name, input label, our command, classic tool, classic command
	t=$(seconds "$3")
	rate=$(echo "$mib $t" | awk '{ printf "%.0f", $1 / $2 }')
	ms=$(echo "$t" | awk '{ printf "%.0f", $1 * 1000 }')
	mem=$(peak_kib "$3")
	if have "$4"; then
		tc=$(seconds "$5")
		ratec=$(echo "$mib $tc" | awk '{ printf "%.0f", $1 / $2 }')
		msc=$(echo "$tc" | awk '{ printf "%.0f", $1 * 1000 }')
		echo "| $1 | $2 | $ms ($rate) | \`$5\` | $msc ($ratec) | $(echo "$tc $t" | awk '{ printf "%.1fx", $1 / $2 }') | $((mem / 1024)).$((mem % 1024 * 10 / 1024)) MiB |"
	else
		echo "| $1 | $2 | $ms ($rate) | $4 not installed | | | $((mem / 1024)).$((mem % 1024 * 10 / 1024)) MiB |"
	fi
}
cd "$work"
row "base64 encode" random "$ours/mimeencode -o /dev/null rand.bin" base64 "base64 rand.bin"
row "base64 decode" random "$ours/mimeencode -o /dev/null -d rand.b64" base64 "base64 -d rand.b64"
row "uuencode" random "$ours/uuencode -o /dev/null rand.bin rand.bin" uuencode "/usr/bin/uuencode rand.bin rand.bin"
row "uudecode" random "$ours/uudecode -o /dev/null rand.uu" uudecode "/usr/bin/uudecode -o /dev/null rand.uu"
row "QP encode" text "$ours/mimeencode -o /dev/null -q text.txt" qprint "qprint -e text.txt"
row "QP decode" text "$ours/mimeencode -o /dev/null -d -q text.qp" qprint "qprint -d text.qp"
row "QP encode" random "$ours/mimeencode -o /dev/null -q rand.bin" qprint "qprint -e rand.bin"
row "QP decode" random "$ours/mimeencode -o /dev/null -d -q rand.qp" qprint "qprint -d rand.qp"
