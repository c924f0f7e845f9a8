#!/bin/sh
# Rows F1-F9 of the reliability checklist (CLI file output), for uudecode
# and mimeencode --extract, in a scratch tree: every run happens in
# $tree/work, and $tree/outside must never change.
. "${top_srcdir:-.}/tests/cli_lib.sh"
tree="$tmp/tree"
work="$tree/work"
mkdir -p "$work" "$tree/outside/abs"
echo victim > "$tree/outside/victim"
snapshot() { (cd "$tree/outside" && find . -printf '%p %s %m %y\n' | sort && cat victim); }
snapshot > "$tmp/outside.before"
umask 022

# uu FILE-NAME [MODE]: a uuencoded "Hello" with that begin line
uu() { printf 'begin %s %s\n%%2&5L;&\\`\n`\nend\n' "${2:-644}" "$1"; }
fresh() { rm -rf "$work" && mkdir "$work"; }
only() { # the work directory holds exactly these names
	want=$(printf '%s\n' "$@" | sort)
	got=$(cd "$work" && ls -A | sort)
	if [ "$want" = "$got" ]; then ok; else bad "work holds '$got', not '$want'"; fi
}
hello() { check test "$(cat "$work/$1")" = Hello; }

# F1: directories, absolute paths, backslashes and drive letters are dropped
for name in ../evil ../../outside/evil "$tree/outside/abs/evil" 'a\b\evil' 'C:evil' \
	sub/../../evil '..\..\evil'; do
	fresh
	uu "$name" | (cd "$work" && $uudecode) 2> "$tmp/err"
	check test $? -eq 0
	only evil
	hello evil
	check grep -q "writing 'evil' for the unsafe name" "$tmp/err"
done
for name in dir/ .. . 'x/..'; do
	fresh
	uu "$name" | (cd "$work" && $uudecode) 2> "$tmp/err"
	check test $? -eq 8
	only
	check grep -q "names no file" "$tmp/err"
done

# F2: an existing file, symlink, FIFO or device is never written through or replaced
fresh
echo mine > "$work/f"
uu f | (cd "$work" && $uudecode) 2> "$tmp/err"
check test $? -eq 8
check test "$(cat "$work/f")" = mine
check grep -q "f: exists; not replaced without --force" "$tmp/err"
uu f | (cd "$work" && $uudecode --force)
check test $? -eq 0
hello f
fresh
ln -s "$tree/outside/victim" "$work/lnk"
uu lnk | (cd "$work" && $uudecode)
check test $? -eq 8
check test -L "$work/lnk"
uu lnk | (cd "$work" && $uudecode -f)
check test $? -eq 0
check test ! -L "$work/lnk"
hello lnk
ln -s "$tree/outside/new" "$work/dangling"
uu dangling | (cd "$work" && $uudecode -f)
check test ! -e "$tree/outside/new"
mkfifo "$work/fifo"
uu fifo | (cd "$work" && $uudecode -f) 2> "$tmp/err"
check test $? -eq 8
check test -p "$work/fifo"
check grep -q "not a regular file" "$tmp/err"
if mknod "$work/null" c 1 3 2> /dev/null; then
	uu null | (cd "$work" && $uudecode -f)
	check test $? -eq 8
	check test -c "$work/null"
else
	echo "F2 device: cannot mknod here, device case not run"
fi
mkdir "$work/dir"
uu dir | (cd "$work" && $uudecode -f)
check test $? -eq 8
check test -d "$work/dir"

# F3: dotfiles and names that read as options
for pair in .login:_login -rf:_rf ...:_.. '.:'; do
	fresh
	[ -z "${pair#*:}" ] && continue
	uu "${pair%%:*}" | (cd "$work" && $uudecode) 2> /dev/null
	only "${pair#*:}"
done

# F4: no directories created; --unsafe-paths keeps them but still creates none
fresh
uu sub/dir/x | (cd "$work" && $uudecode)
only x
fresh
uu sub/dir/x | (cd "$work" && $uudecode --unsafe-paths) 2> /dev/null
check test $? -eq 8
only
mkdir -p "$work/sub/dir"
uu sub/dir/x | (cd "$work" && $uudecode --unsafe-paths)
check test "$(cat "$work/sub/dir/x")" = Hello
fresh
uu x | $uudecode -C "$work"
only x

# F5: suid, sgid and sticky dropped, umask applied
fresh
uu s 4755 | (cd "$work" && $uudecode)
check test "$(stat -c %a "$work/s")" = 755
uu g 7777 | (cd "$work" && $uudecode)
check test "$(stat -c %a "$work/g")" = 755
uu u 666 | (cd "$work" && umask 077 && $uudecode)
check test "$(stat -c %a "$work/u")" = 600

# F6: a truncated or failed decode leaves nothing that looks complete
fresh
printf 'begin 644 t\nM2&5L;&\\`\n' | (cd "$work" && $uudecode) 2> /dev/null
check test $? -eq 2
only
printf 'begin 644 t\n%%2&5L;&\\`\n`\n' | (cd "$work" && $uudecode) 2> "$tmp/err"
check test $? -eq 2
only
check grep -q "no end line" "$tmp/err"
# killed while decoding: nothing under the final name
{ printf 'begin 644 k\n'; head -c 450000 /dev/zero | $uuencode x | sed '1d;$d' | sed '$d'; sleep 5; } |
	(cd "$work" && exec $uudecode) &
sleep 2
pkill -KILL -f "$tmp/bin/uudecode" 2> /dev/null || kill -KILL $! 2> /dev/null
wait 2> /dev/null
check test ! -e "$work/k"
check sh -c "! ls -A '$work' | grep -qv '\\.part\$'"
# an input file that shrinks while it is read (it is mapped): an error, never a signal
fresh
truncate -s 256M "$tmp/shrinks"
{ $mimeencode -o "$work/s.b64" "$tmp/shrinks" 2> "$tmp/err"; echo $? > "$tmp/rc"; } &
sleep 0.02
truncate -s 4096 "$tmp/shrinks"
wait
if test "$(cat "$tmp/rc")" = 1; then
	check grep -q "shrinks: read error" "$tmp/err"
	only
else # done before the cut
	check test "$(cat "$tmp/rc")" = 0
fi
rm -f "$tmp/shrinks" "$work/s.b64"

# F7: names are shown escaped, never raw
fresh
esc=$(printf 'x\033[2J\007y')
uu "$esc" | (cd "$work" && $uudecode) 2> "$tmp/err"
only x_[2J_y
check grep -q 'x\\x1B\[2J\\x07y' "$tmp/err"
check sh -c "! grep -q \"$(printf '\033')\" '$tmp/err'"

# -o: the user's own choice is honoured, atomically
fresh
echo old > "$work/out"
uu whatever | $uudecode -o "$work/out"
hello out
uu whatever | $uudecode -o /dev/null
check test $? -eq 0
ln -s "$work/target" "$work/mylink"
echo old > "$work/target"
uu whatever | $uudecode -o "$work/mylink"
check test -L "$work/mylink"
hello target

# F8: MIME names are decoded first (RFC 2231, RFC 2047), then made safe
fresh
cat > "$tmp/names.eml" <<'MSG'
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: application/octet-stream
Content-Disposition: attachment; filename*=utf-8''%2E%2E%2F%2E%2E%2Foutside%2Fvictim
Content-Transfer-Encoding: base64

SGVsbG8=
--b
Content-Type: application/octet-stream; name="=?utf-8?q?=2Fetc=2Fpasswd?="
Content-Transfer-Encoding: base64

SGVsbG8=
--b
Content-Type: application/octet-stream
Content-Disposition: attachment; filename=".profile"
Content-Transfer-Encoding: base64

SGVsbG8=
--b
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="victim"
Content-Transfer-Encoding: base64

SGVsbG8=
--b--
MSG
ln -s "$tree/outside/victim" "$work/victim"
$mimeencode --extract -C "$work" "$tmp/names.eml" > "$tmp/saved" 2> "$tmp/err"
check test $? -eq 0
only victim victim.1 victim.2 passwd _profile
check test -L "$work/victim"
hello victim.1
hello passwd
hello _profile

# F9: no string from the input reaches a shell or a format string
check sh -c "! grep -nE '\\b(system|popen|execl|execlp|execle|execv|execvp|execve)[[:space:]]*\\(' '$top_srcdir'/src/cli/*.c"

snapshot > "$tmp/outside.after"
check cmp -s "$tmp/outside.before" "$tmp/outside.after"
summary
