#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

const char *cli_prog = "mimeencode";

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_file_error(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", cli_prog, cli_quote(file));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned c = s[0];
	uint32_t cp;

	if (c < 0xC2 || c > 0xF4)
		return 0;
	len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = c & (0x7F >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	/* C1 controls (U+0080..U+009F) act on terminals too */
	if (cp < 0xA0)
		return 0;
	return len;
}

const char *cli_quote(const char *s)
{
	static char bufs[4][4 * 1024 + 16];
	static int which;
	char *buf = bufs[which = (which + 1) % 4], *o = buf;
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "(null)");
	size_t n = strlen((const char *)p), k;

	while (*p != '\0') {
		if (o - buf > (ptrdiff_t)sizeof bufs[0] - 16) {
			strcpy(o, "...");
			return buf;
		}
		if (*p >= 0x20 && *p < 0x7F && *p != '\\') {
			*o++ = (char)*p++;
			n--;
		} else if (*p >= 0x80 && (k = utf8_len(p, n)) != 0) {
			memcpy(o, p, k);
			o += k;
			p += k;
			n -= k;
		} else {
			o += sprintf(o, *p == '\\' ? "\\\\" : "\\x%02X", *p);
			p++;
			n--;
		}
	}
	*o = '\0';
	return buf;
}

ssize_t cli_read_full(int fd, void *buf, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, (char *)buf + got, cap - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int cli_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int cli_open_input(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return STDIN_FILENO;
	return open(path, O_RDONLY | O_CLOEXEC);
}

int cli_parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int cli_check_env(void)
{
	if (mc_isa_env_status() != MC_OK) {
		cli_error("MIMECODEC_ISA=%s: not a code path this machine supports",
		          cli_quote(getenv("MIMECODEC_ISA")));
		return -1;
	}
	if (cli_threads() < 1) {
		cli_error("MIMECODEC_THREADS=%s: not a number from 1 to %d",
		          cli_quote(getenv("MIMECODEC_THREADS")), CLI_MAX_THREADS);
		return -1;
	}
	return 0;
}

int cli_threads(void)
{
	const char *env = getenv("MIMECODEC_THREADS");
	unsigned n;
	cpu_set_t cpus;

	if (env != NULL && env[0] != '\0')
		return cli_parse_uint(env, 1, CLI_MAX_THREADS, &n) == 0 ? (int)n : -1;
	if (sched_getaffinity(0, sizeof cpus, &cpus) != 0)
		return 1;
	n = (unsigned)CPU_COUNT(&cpus);
	return n < 1 ? 1 : n > CLI_DEFAULT_THREADS ? CLI_DEFAULT_THREADS : (int)n;
}

mode_t cli_umask(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return mask;
}
