/*
 * Internal: the quoted-printable whole-window paths, shared by the
 * kernels and compiled with each one's instruction set (so that, say, the
 * AVX2 build counts bits with POPCNT, moves 32 bytes at a time and
 * inlines its own byte classes).
 *
 * Decoding, a window is taken whole when nothing in it needs a decision
 * byte by byte; its output is then the input with the bytes to drop
 * squeezed out, and the '=' of each escape standing for its value.
 * Encoding text, a window with nothing to escape or break is one move,
 * and otherwise each event (a byte to escape, a line end) is one step
 * that writes the run before it.  Anything else is the drivers' (qp.c).
 */
#ifndef MC_QP_PLAN_H
#define MC_QP_PLAN_H

#include <string.h>

#include "codecs/qp_impl.h"

/* A kernel may define QP_COPY64 with its own 64-byte move. */
#ifndef QP_COPY64
#define QP_COPY64(dst, src) memcpy((dst), (src), 64)
#endif

/* Byte k: how many bits are set in bytes 0 to k of keep. */
static inline uint64_t group_ends(uint64_t keep)
{
	uint64_t x = keep - (keep >> 1 & 0x5555555555555555ULL);

	x = (x & 0x3333333333333333ULL) + (x >> 2 & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return x * 0x0101010101010101ULL;
}

static inline unsigned popcount64(uint64_t x)
{
#ifdef __POPCNT__
	return (unsigned)__builtin_popcountll(x);
#else
	return (unsigned)(group_ends(x) >> 56);
#endif
}

/*
 * The decoder's state between whole windows: lanes at the start of the
 * next window that the last one's escape or soft break covers, whether
 * its last byte was a CR kept before an LF, and the open line's length.
 */
struct dec_carry {
	uint64_t cover, cr_last, line_len;
	unsigned blank_tail; /* blanks ending the last window (the walk takes them if it takes over) */
};

/*
 * Plans the window whose marks are m (n: the next window's) from the
 * carry c: returns which bytes to keep (the '=' of each escape stands for
 * its value) and updates c; or returns 0 and leaves c alone if anything
 * in the window needs the careful walk: an '=' that is not an upper-case
 * escape or a bare soft break, a byte that is neither plain nor part of
 * a line end, a line over 76 characters, or an LF alone when CRLF is to
 * be written.  (A window that keeps nothing, all soft breaks, or is all
 * blanks goes to the walk too.)
 */
static inline __attribute__((always_inline)) uint64_t
plan_marks(const struct qp_marks *m, const struct qp_marks *n, mc_eol eol, struct dec_carry *c,
           const uint64_t eq)
{
	const uint64_t lf1 = m->lf >> 1 | n->lf << 63, lf2 = m->lf >> 2 | n->lf << 62;
	const uint64_t cr1 = m->cr >> 1 | n->cr << 63;
	const uint64_t hex1 = m->hex >> 1 | n->hex << 63, hex2 = m->hex >> 2 | n->hex << 62;
	const uint64_t esc = eq & hex1 & hex2, soft_crlf = eq & cr1 & lf2, soft_lf = eq & lf1;
	const uint64_t three = esc | soft_crlf; /* '=' and the two bytes after it */
	const uint64_t cover = c->cover | three << 1 | three << 2 | soft_lf << 1;
	const uint64_t hard_lf = m->lf & ~cover, hard_cr = m->cr & lf1 & ~cover;
	const uint64_t chars = ~(m->cr | m->lf); /* what counts towards a line's length */
	const uint64_t before_lf = m->lf ? (m->lf & (0 - m->lf)) - 1 : ~0ULL;
	uint64_t bad, first, rest, keep;

	bad = (eq & ~(esc | soft_crlf | soft_lf)) |
	      (m->special & ~(eq | cover | hard_lf | hard_cr)) | (m->blank & (lf1 | (cr1 & lf2))) |
	      (m->blank == ~0ULL);
	if (eol == MC_EOL_CRLF)
		bad |= hard_lf & ~(hard_cr << 1 | c->cr_last);
	first = c->line_len + popcount64(chars & before_lf);
	rest = m->lf ? popcount64(chars & (~0ULL << (63 - __builtin_clzll(m->lf)) << 1)) : first;
	/* an escape's digits in the next window count here: the walk may take over there */
	if (bad != 0 || first > 76 || rest + (esc >> 62 & 1) + 2 * (esc >> 63) > 76)
		return 0;
	keep = ~(cover | soft_crlf | soft_lf);
	if (eol == MC_EOL_LF)
		keep &= ~hard_cr;
	c->cover = three >> 62 | three >> 63 | soft_lf >> 63;
	c->cr_last = hard_cr >> 63;
	c->blank_tail = m->blank >> 63 ? (unsigned)__builtin_clzll(~m->blank) : 0;
	c->line_len = rest;
	return keep;
}

static inline uint64_t plan_window(const struct qp_marks *m, const struct qp_marks *n, mc_eol eol,
                                   struct dec_carry *c)
{
	/* text with no '=' in a window is common enough for a plan of its own */
	return m->eq == 0 ? plan_marks(m, n, eol, c, 0) : plan_marks(m, n, eol, c, m->eq);
}

/*
 * The kernels' decode_windows, given their classify, hex_digits (the hex
 * marks of a window, which the other paths do not need) and squeeze
 * (which writes the bytes of q[0, QP_WINDOW) marked in keep, packed, each
 * '=' replaced by the value of the two hex digits after it, and returns
 * how many; it may write up to 16 bytes past them).  Each window is
 * classified once, while planning the one before it.
 */
static inline __attribute__((always_inline)) size_t
qp_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, mc_eol eol,
                  uint64_t *line_len, size_t *written,
                  void (*classify)(const uint8_t *, struct qp_marks *),
                  uint64_t (*hex_digits)(const uint8_t *),
                  size_t (*squeeze)(const uint8_t *, uint64_t, uint8_t *))
{
	struct dec_carry c = { 0, 0, *line_len, 0 };
	struct qp_marks m, n;
	size_t i = 0, o = 0;

	if (len < QP_FAST_IN + QP_WINDOW || cap < QP_FAST_OUT) {
		*written = 0;
		return 0;
	}
	classify(src, &m);
	m.hex = m.eq != 0 ? hex_digits(src) : 0;
	while (len - i >= QP_FAST_IN + QP_WINDOW && cap - o >= QP_FAST_OUT) {
		uint64_t keep;

		/* a page ahead of the hardware prefetcher, which stops at page ends */
		__builtin_prefetch(src + i + 2048);
		classify(src + i + QP_WINDOW, &n);
		/* hex marks matter only after an '=': in that window, or ending the one before */
		n.hex = n.eq != 0 || (m.eq >> 62) != 0 ? hex_digits(src + i + QP_WINDOW) : 0;
		keep = plan_window(&m, &n, eol, &c);
		if (keep == 0)
			break;
		if (keep == ~0ULL && (m.eq >> 63) == 0) {
			/* nothing to drop, no escape (one at the end would keep its '=') */
			QP_COPY64(dst + o, src + i);
			o += QP_WINDOW;
		} else {
			o += squeeze(src + i, keep, dst + o);
		}
		i += QP_WINDOW;
		m = n;
	}
	if (c.cover != 0) {
		/* the bytes the last escape or soft break took from this window */
		size_t took = c.cover == 3 ? 2 : 1;
		c.line_len = src[i] == '\r' || src[i] == '\n' ? 0 : c.line_len + took;
		i += took;
	} else if (c.cr_last) {
		/* a CR before the LF that starts this window: the walk takes the two */
		i--;
		o -= eol != MC_EOL_LF;
	} else {
		/*
		 * Blanks before this window: the byte loop holds them until the
		 * byte after, which may be an error first (then they are not
		 * written), so the walk takes them.
		 */
		i -= c.blank_tail;
		o -= c.blank_tail;
		c.line_len -= c.blank_tail;
	}
	*line_len = c.line_len;
	*written = o;
	return i;
}

/*
 * The encoder's text windows (no protection, lines of at least
 * QP_WIDE_LINES columns), as the driver's walk would do them: a run
 * between two events then needs one soft break at most, so each step
 * writes the run (in two moves when it breaks, the break's bytes between
 * them), then the event's token.
 */
#define QP_WIDE_LINES 64
#define QP_DECIDED 62 /* the lanes of a window whose fate it decides (see qp.c) */

/*
 * Returns where it stopped in the window: QP_DECIDED or past it.  (A
 * version choosing by masks, without branches, measured slower: 2.0
 * against 2.6 GB/s, the chain from one event to the next grew longer.)
 */
static inline __attribute__((always_inline)) size_t
qp_text_events(const uint8_t *q, uint64_t esc, uint64_t brk, uint64_t crlf_at, uint8_t **out_io,
               unsigned *col_io, unsigned width, int crlf)
{
	static const uint8_t softs[2][4] = { { '=', '\n', '\n', 0 }, { '=', '\r', '\n', 0 } };
	static const uint8_t eols[2][4] = { { '\n', 0, 0, 0 }, { '\r', '\n', 0, 0 } };
	const uint8_t *const soft = softs[crlf != 0], *const eol = eols[crlf != 0];
	const size_t soft_len = crlf ? 3 : 2, eol_short = crlf ? 1 : 2; /* 3 - eol length */
	const uint64_t ev = ((esc | brk) & ((1ULL << QP_DECIDED) - 1)) | 3ULL << QP_DECIDED;
	uint8_t *out = *out_io;
	size_t col = *col_io, pos = 0;

	for (;;) {
		const size_t next = pos + (size_t)__builtin_ctzll(ev >> pos);
		const size_t run = next - pos, room = width - 1 - col;
		const unsigned at_brk = (unsigned)(brk >> next) & 1;
		/* the last byte before a line end may take the last column */
		const int fits = run <= room || (run == room + 1 && at_brk);
		const size_t first = fits ? run : room;
		const uint8_t *tok;
		int broken;

		QP_COPY64(out, q + pos);
		out += first;
		if (!fits) {
			memcpy(out, soft, 4);
			out += soft_len;
			QP_COPY64(out, q + pos + first);
			out += run - first;
		}
		col = fits ? col + run : run - first;
		if (next >= QP_DECIDED) {
			pos = next;
			break;
		}
		broken = !at_brk && col + 3 > ((brk >> (next + 1) & 1) ? width : width - 1);
		memcpy(out, soft, 4);
		out += broken ? soft_len : 0;
		tok = at_brk ? eol : mc_qp_tokens[q[next]];
		memcpy(out, tok, 4);
		out += at_brk ? 3 - eol_short : 3;
		col = at_brk ? 0 : broken ? 3 : col + 3;
		pos = next + 1 + (size_t)(crlf_at >> next & 1);
		/*
		 * The escapes right after this one while each fits the line
		 * (UTF-8 text has them two to four in a row): the next step
		 * would write them the same way, at more cost.
		 */
		while (!at_brk && pos < QP_DECIDED && (esc >> pos & 1) != 0 &&
		       col + 3 <= ((brk >> (pos + 1) & 1) ? width : width - 1)) {
			memcpy(out, mc_qp_tokens[q[pos]], 4);
			out += 3;
			col += 3;
			pos++;
		}
	}
	*out_io = out;
	*col_io = (unsigned)col;
	return pos;
}

/*
 * The kernels' encode_text, given their classify: whole windows while
 * none has dense escapes (3 or more in a row: the driver's blocks of 8
 * are quicker there).
 */
static inline __attribute__((always_inline)) size_t
qp_encode_text_windows(const uint8_t *src, size_t len, uint8_t **out_io, size_t cap,
                       unsigned *col, unsigned width, int crlf,
                       void (*classify)(const uint8_t *, struct qp_marks *))
{
	const uint64_t decided = (1ULL << QP_DECIDED) - 1;
	uint8_t *const start = *out_io, *out = start;
	unsigned c = *col;
	size_t i = 0;

	while (len - i >= QP_FAST_IN && cap - (size_t)(out - start) >= QP_FAST_OUT) {
		struct qp_marks m;
		uint64_t crlf_at, brk, esc;

		__builtin_prefetch(src + i + 2048);
		classify(src + i, &m);
		/* line ends: CRLF, or LF alone; a blank before one is escaped */
		crlf_at = m.cr & (m.lf >> 1);
		brk = crlf_at | (m.lf & ~(crlf_at << 1));
		esc = (m.special & ~(crlf_at | m.lf)) | (m.blank & (brk >> 1));
		if ((esc & esc >> 1 & esc >> 2 & decided) != 0)
			break;
		if ((esc & decided) == 0 && ((crlf ? brk & ~crlf_at : crlf_at) & decided) == 0) {
			/*
			 * Nothing to escape and line ends as they are to be written:
			 * the window goes out as it is if no line needs a soft break
			 * (the lines inside it are shorter than any width here).
			 */
			const uint64_t b = brk & decided;
			const size_t step = QP_DECIDED + (size_t)(crlf_at >> (QP_DECIDED - 1) & 1);
			if (b == 0 ? c + step < width : c + (unsigned)__builtin_ctzll(b) <= width) {
				unsigned last = 63 - (unsigned)__builtin_clzll(b | 1);
				QP_COPY64(out, src + i);
				out += step;
				c = b == 0 ? c + (unsigned)step
				           : (unsigned)(step - last - 1 - (unsigned)(crlf_at >> last & 1));
				i += step;
				continue;
			}
		}
		i += qp_text_events(src + i, esc, brk, crlf_at, &out, &c, width, crlf);
	}
	*out_io = out;
	*col = c;
	return i;
}

#endif
