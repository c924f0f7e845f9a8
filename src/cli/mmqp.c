#include "config.h"

#include <string.h>

#include "cli/mmqp.h"

#define SOFT_BREAK_AT 73

void mmqp_init(struct mmqp *q)
{
	memset(q, 0, sizeof *q);
	q->line_start = 1;
}

size_t mmqp_bound(size_t len)
{
	/* per byte: a soft break, "=" LF before a hard one, or an escape */
	return (len + sizeof ((struct mmqp *)0)->carry) * 5 + 16;
}

static size_t escape(char *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	out[0] = '=';
	out[1] = hex[c >> 4];
	out[2] = hex[c & 15];
	return 3;
}

/* The next character starts an output line (after a line end or a soft break). */
static int at_line_start(const struct mmqp *q)
{
	return q->line_start || q->col >= SOFT_BREAK_AT;
}

/* One byte, seeing the `ahead` bytes that follow it. */
static size_t put(struct mmqp *q, unsigned char c, const unsigned char *ahead, size_t nahead,
                  char *out)
{
	size_t o = 0, width;
	int blank;

	if (c == '\n') {
		if (q->last_blank) {
			out[o++] = '=';
			out[o++] = '\n';
		}
		out[o++] = '\n';
		q->col = 0;
		q->last_blank = 0;
		q->line_start = 1;
		return o;
	}
	if (q->col >= SOFT_BREAK_AT) {
		out[o++] = '=';
		out[o++] = '\n';
		q->col = 0;
		q->line_start = 1;
	}
	blank = 0;
	if (c == '=' || (c < 32 && c != '\t') || c >= 127 ||
	    (q->line_start && c == '.') ||
	    (q->line_start && c == 'F' && nahead >= 4 && memcmp(ahead, "rom ", 4) == 0)) {
		width = escape(out + o, c);
	} else {
		out[o] = (char)c;
		width = 1;
		blank = c == ' ' || c == '\t';
	}
	o += width;
	q->col += (unsigned)width;
	q->last_blank = blank;
	q->line_start = 0;
	return o;
}

size_t mmqp_encode(struct mmqp *q, const unsigned char *src, size_t len, int final, char *out)
{
	unsigned char work[8];
	size_t o = 0, i;

	/* the held bytes first, with up to four bytes of src to look at */
	while (q->ncarry > 0) {
		size_t take = len < 4 ? len : 4, n = q->ncarry;
		memcpy(work, q->carry, n);
		memcpy(work + n, src, take);
		if (!final && work[0] == 'F' && at_line_start(q) && n + take < 5) {
			memcpy(q->carry + n, src, take);
			q->ncarry += take;
			return o;
		}
		o += put(q, work[0], work + 1, n + take - 1, out + o);
		memmove(q->carry, q->carry + 1, n - 1);
		q->ncarry--;
	}
	for (i = 0; i < len; i++) {
		size_t left = len - i - 1;
		if (!final && src[i] == 'F' && at_line_start(q) && left < 4) {
			memcpy(q->carry, src + i, left + 1);
			q->ncarry = left + 1;
			return o;
		}
		o += put(q, src[i], src + i + 1, left, out + o);
	}
	if (final && q->col > 0) {
		out[o++] = '=';
		out[o++] = '\n';
		q->col = 0;
	}
	return o;
}
