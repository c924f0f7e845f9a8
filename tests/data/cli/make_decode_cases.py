#!/usr/bin/env python3
"""Writes decode_cases.tsv (hex fields start with x, stderr with |): what our decoders do with the edge cases of
shared/golden/cli/decode_cases.tsv (same inputs), one row per input and
command.  Run with the directory holding uudecode, mimeencode and mimencode
links as argv[1]; review the diff before committing it: each row is a
documented outcome that tests/cli_decode_cases.sh holds the CLI to."""
import subprocess, sys

BIN = sys.argv[1]
b64 = [
    ("valid", b"SGVsbG8=\n"), ("no_final_newline", b"SGVsbG8="),
    ("bad_char", b"SGVs!bG8=\n"), ("missing_padding", b"SGVsbG8\n"),
    ("crlf", b"SGVs\r\nbG8=\r\n"), ("crlf_full_quads", b"QUJD\r\nQUJD\r\n"),
    ("inner_space", b"SGVs bG8=\n"), ("concat_padded", b"SGVsbG8=SGk=\n"),
    ("noncanonical_bits", b"SGVsbG9=\n"), ("single_char", b"S\n"),
    ("garbage_after_pad", b"SGVsbG8=xx\n"), ("base64url_chars", b"-_-_\n"),
    ("long_line_no_wrap", b"QUJD" * 40 + b"\n"), ("empty", b""),
]
qp = [
    ("valid", b"a=3Db\n"), ("lowercase_hex", b"a=3db\n"), ("invalid_hex", b"a=ZZb\n"),
    ("truncated_escape", b"a=4"), ("soft_break_lf", b"ab=\ncd\n"),
    ("soft_break_crlf", b"ab=\r\ncd\r\n"), ("trailing_ws_unencoded", b"ab  \ncd\n"),
    ("soft_break_then_ws", b"ab= \ncd\n"), ("raw_8bit", b"caf\xe9\n"),
    ("crlf_text", b"a\r\nb\r\n"), ("lone_equals", b"a = b\n"), ("no_final_newline", b"abc"),
]
hello = b"%2&5L;&\\`\n`\n"
uu = [
    ("valid", b"begin 644 f\n" + hello + b"end\n"),
    ("valid_space_for_zero", b"begin 644 f\n%2&5L;&\\ \n \nend\n"),
    ("crlf", b"begin 644 f\r\n%2&5L;&\\`\r\n`\r\nend\r\n"),
    ("no_end_line", b"begin 644 f\n" + hello),
    ("truncated_mid_body", b"begin 644 f\nM2&5L;&\\`\n"),
    ("no_begin", hello + b"end\n"),
    ("junk_before_after", b"Subject: x\n\nbegin 644 f\n" + hello + b"end\n-- \nsig\n"),
    ("char_out_of_range", b"begin 644 f\n%2&5L;&\\~\n`\nend\n"),
    ("b64_valid", b"begin-base64 644 f\nSGVsbG8=\n====\n"),
    ("b64_crlf", b"begin-base64 644 f\r\nSGVsbG8=\r\n====\r\n"),
    ("b64_crlf_multiline", b"begin-base64 644 f\r\n" + b"QUJD" * 15 + b"\r\n" + b"QUJD" * 15 + b"\r\n====\r\n"),
    ("b64_no_terminator", b"begin-base64 644 f\nSGVsbG8=\n"),
    ("b64_bad_char", b"begin-base64 644 f\nSGVs!bG8=\n====\n"),
]
commands = {
    "base64": [["mimeencode", "-d"], ["mimeencode", "-d", "-i"], ["mimeencode", "-d", "--strict"],
               ["mimeencode", "-a"], ["mimencode", "-u"]],
    "qp": [["mimeencode", "-d", "-q"], ["mimeencode", "-d", "-q", "-i"],
           ["mimeencode", "-d", "-q", "--strict"], ["mimencode", "-u", "-q"]],
    "uu": [["uudecode", "-o", "-"], ["uudecode", "-o", "-", "--strict"], ["mimeencode", "-d", "--uu"]],
}
print("family\tcase\tcommand\tstdin_hex\trc\tstdout_hex\tstderr_first_line")
for family, cases in (("base64", b64), ("qp", qp), ("uu", uu)):
    for name, data in cases:
        for cmd in commands[family]:
            p = subprocess.run([BIN + "/" + cmd[0]] + cmd[1:], input=data, capture_output=True)
            err = p.stderr.decode("utf-8", "replace").split("\n")[0]
            # no field is empty (the shell's read would merge two tabs)
            print(f"{family}\t{name}\t{' '.join(cmd)}\tx{data.hex()}\t{p.returncode}\tx{p.stdout.hex()}\t|{err}")
