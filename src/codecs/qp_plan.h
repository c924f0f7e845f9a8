/*
 * Internal: the quoted-printable whole-window paths, shared by the
 * kernels and compiled with each one's instruction set (so that, say, the
 * AVX-512 build counts bits with POPCNT, the AVX2 one moves 32 bytes at a
 * time, and each inlines its own byte classes).
 *
 * Decoding (NEON; the x86 kernels take qp_whole.h's windows), a window
 * is taken whole when nothing in it needs a decision byte by byte; its
 * output is then the input with the bytes to drop squeezed out, and the
 * '=' of each escape standing for its value.
 *
 * Encoding text has two designs.  Event steps (qp_encode_text_windows;
 * scalar, SSSE3, NEON): a window with nothing to escape or break is one
 * move, and otherwise each event (a byte to escape, a line end) is one
 * step that writes the run before it.  Whole windows (qp_encode_wide;
 * AVX2, AVX-512): line ends already as they are to be written are no
 * events (those to change, LF to CRLF or back, are, like escapes), and a
 * window takes its soft break (one at most) in the same step, which
 * counts bits a dozen times a window: 14% quicker on AVX2, 12% slower on
 * SSSE3, which counts them without POPCNT.  The scalar
 * path keeps the event steps so that the tests, which hold every path to
 * it, hold each design to the other.  Anything else is the drivers'
 * (qp.c).
 */
#ifndef MC_QP_PLAN_H
#define MC_QP_PLAN_H

#include <string.h>

#include "codecs/qp_impl.h"
#include "codecs/util.h"

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

static inline uint64_t popcount64(uint64_t x)
{
#ifdef __POPCNT__
	return (uint64_t)__builtin_popcountll(x);
#else
	return group_ends(x) >> 56;
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
	int record_long;     /* a line may reach its 77th character (lenient), to be recorded */
	unsigned long_at;    /* where one did in the last window planned (64: none) */
};

/*
 * The 77th characters of lines that a decoder's windows took and went on
 * (lenient): how many, and where the first and the last were (from src).
 */
struct long_seen {
	size_t count, first, last;
};

static inline void long_seen_at(struct long_seen *l, size_t at)
{
	l->last = at;
	l->first = l->count++ == 0 ? at : l->first;
}

/*
 * Records them in *def (src at offset base of the input), all but one at
 * or past end: the walk counts that one, given back to it with the
 * blanks or CR before the window it stopped at.
 */
static inline void long_seen_record(const struct long_seen *l, size_t end, mc_defect *def,
                                    uint64_t base)
{
	const size_t n = l->count - (l->count != 0 && l->last >= end);

	if (n != 0)
		note_defect(def, base + l->first, n);
}

/*
 * Where the set bit of rank k (from 0) of x is; x has more than k.  (Only
 * NEON plans its windows here: no x86 kernel comes this way.)
 */
static inline unsigned select_bit(uint64_t x, unsigned k)
{
	while (k-- != 0)
		x &= x - 1;
	return (unsigned)__builtin_ctzll(x);
}

/*
 * Plans the window whose marks are m (n: the next window's) from the
 * carry c: returns which bytes to keep (the '=' of each escape stands for
 * its value) and updates c; or returns 0 and leaves c alone if anything
 * in the window needs the careful walk: an '=' that is not an upper-case
 * escape or a bare soft break, a byte that is neither plain nor part of
 * a line end, a line reaching its 77th character (unless c->record_long:
 * then c->long_at says where), or an LF alone when CRLF is to be written.
 * (A window that keeps nothing, all soft breaks, or is all blanks goes to
 * the walk too.)
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
	uint64_t bad, first, rest, open, keep;
	int reaches;

	bad = (eq & ~(esc | soft_crlf | soft_lf)) |
	      (m->special & ~(eq | cover | hard_lf | hard_cr)) | (m->blank & (lf1 | (cr1 & lf2))) |
	      (m->blank == ~0ULL);
	if (eol == MC_EOL_CRLF)
		bad |= hard_lf & ~(hard_cr << 1 | c->cr_last);
	/* the characters of the line running into the window, and of the one running out */
	first = popcount64(chars & before_lf);
	rest = m->lf ? popcount64(chars & (~0ULL << (63 - __builtin_clzll(m->lf)) << 1)) : first;
	/*
	 * The line running in may reach its 77th character here only if it
	 * is recorded (qp_line_fits; lines of 150 characters went to the
	 * walk once a line: AVX2 2.2 GB/s); the one running out may not
	 * with an escape's digits in the next window: the walk may take over
	 * there.
	 */
	open = m->lf ? 0 : c->line_len;
	reaches = !qp_line_fits(c->line_len, first);
	if (bad != 0 || (reaches && !c->record_long) ||
	    !qp_line_fits(open + rest, (esc >> 62 & 1) + 2 * (esc >> 63)))
		return 0;
	c->long_at = reaches ? select_bit(chars & before_lf, (unsigned)(76 - c->line_len)) : 64;
	keep = ~(cover | soft_crlf | soft_lf);
	if (eol == MC_EOL_LF)
		keep &= ~hard_cr;
	c->cover = three >> 62 | three >> 63 | soft_lf >> 63;
	c->cr_last = hard_cr >> 63;
	c->blank_tail = m->blank >> 63 ? (unsigned)__builtin_clzll(~m->blank) : 0;
	c->line_len = open + rest;
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
                  uint64_t *line_len, size_t *written, mc_qp_defects *defects, uint64_t base,
                  void (*classify)(const uint8_t *, struct qp_marks *),
                  uint64_t (*hex_digits)(const uint8_t *),
                  size_t (*squeeze)(const uint8_t *, uint64_t, uint8_t *))
{
	struct dec_carry c = { 0, 0, *line_len, 0, defects != NULL, 64 };
	struct qp_marks m, n;
	struct long_seen seen = { 0, 0, 0 };
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
		if (c.long_at < QP_WINDOW)
			long_seen_at(&seen, i + c.long_at);
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
	if (defects != NULL)
		long_seen_record(&seen, i, &defects->long_line, base);
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

/* "=XY" for the byte c, in the low three bytes (one load: the digits' two lookups sat on the chain) */
static inline uint32_t escape_token(uint8_t c)
{
	uint32_t t;

	memcpy(&t, mc_qp_tokens[c], 4);
	return t;
}

/*
 * Where byte k (0-64) of the window starts in its output: two more for
 * each escape before it, and one more (CRLF written) or less (LF) for
 * each line end before it that changes.
 */
static inline int64_t out_at(uint64_t esc, uint64_t conv, unsigned k, int crlf)
{
	const uint64_t below = k < 64 ? (1ULL << k) - 1 : ~0ULL;
	const int64_t changed = (int64_t)popcount64(conv & below);

	return (int64_t)k + 2 * (int64_t)popcount64(esc & below) + (crlf ? changed : -changed);
}

/* What the text encoder needs to know of a window, from its bytes at -1 to +65. */
struct enc_marks {
	uint64_t esc;     /* the bytes to escape */
	uint64_t brk;     /* where each line end starts (CR of a CRLF, or LF alone) */
	uint64_t crlf_at; /* the CR of each CRLF */
};

/*
 * The text encoder's marks from a window's classes (m) and the two bytes
 * after it; cr_before: the CR marks of the window before (none before the
 * first: the walk stops only where what comes before is plain).
 */
static inline __attribute__((always_inline)) void qp_enc_marks(const struct qp_marks *m, const uint8_t *q,
                                                               uint64_t *cr_before, struct enc_marks *e)
{
	const uint64_t lf1 = m->lf >> 1 | (uint64_t)(q[64] == '\n') << 63;
	const uint64_t cr1 = m->cr >> 1 | (uint64_t)(q[64] == '\r') << 63;
	const uint64_t lf2 = m->lf >> 2 | (uint64_t)(q[64] == '\n') << 62 | (uint64_t)(q[65] == '\n') << 63;
	/* an LF after a CR belongs to its CRLF, even one that started the window before */
	const uint64_t lone_lf = m->lf & ~(m->cr << 1 | *cr_before >> 63);

	*cr_before = m->cr;
	e->crlf_at = m->cr & lf1;
	e->brk = e->crlf_at | lone_lf;
	/* a blank before a line end is escaped */
	e->esc = (m->special & ~(e->crlf_at | m->lf)) | (m->blank & (lf1 | (cr1 & lf2)));
}

/*
 * The window at q as the walk in qp.c would encode it, when it needs one
 * soft break at most, in the line running into it.  Its line ends that
 * change (conv: an LF alone when CRLF is written, the CR of a CRLF when
 * LF is) are events like its escapes: a CR goes in before the LF, or the
 * CR is left out (converting them went an event at a time: 0.62-0.67x of
 * the speed with nothing to convert).  *col may be -1: the window starts
 * with the LF of a CRLF whose CR ended the window before (and was written
 * or left out).  Returns 0 if not, having written nothing that counts.
 */
static inline __attribute__((always_inline)) int
encode_window(const uint8_t *q, const struct enc_marks *m, uint64_t conv, uint8_t **out_io,
              int64_t *col_io, unsigned width, const int crlf)
{
	const int64_t eol_len = crlf ? 2 : 1, soft_len = eol_len + 1;
	const uint64_t esc = m->esc, brk = m->brk;
	const int64_t c = *col_io, w = width, len = out_at(esc, conv, QP_WINDOW, crlf);
	const unsigned breaks = (unsigned)popcount64(brk);
	uint8_t *out = *out_io;
	int64_t first_end, last_start, split = -1, end_col;
	uint64_t events, soft_bit, joined;
	unsigned soft_at = QP_WINDOW, from = 0;

	first_end = breaks ? out_at(esc, conv, (unsigned)__builtin_ctzll(brk), crlf) : len;
	/* (past the window's end if its last CR's LF is in the next) */
	last_start = breaks ? out_at(esc, conv, 63u - (unsigned)__builtin_clzll(brk), crlf) + eol_len : 0;
	/*
	 * A line between two line ends in the window must fit: with nothing
	 * escaped each is under 64 characters, which any width here takes
	 * (blank lines, CRLF to CRLF, went an event a line: 0.8 GB/s).
	 */
	if ((breaks > 2 && esc != 0) || (breaks == 2 && last_start - eol_len - (first_end + eol_len) > w))
		return 0;
	/* the line running in may take column w only if it ends here */
	if (c + first_end > (breaks ? w : w - 1)) {
		/* a soft break before the token holding the line's last column, lim */
		const int64_t lim = w - 1 - c;
		uint64_t e = esc;
		int64_t before = 0; /* escapes before that token */
		if (lim < 0)
			return 0;
		/* skip the escapes whose tokens end by lim */
		while (e != 0 && __builtin_ctzll(e) + 2 * before + 3 <= lim) {
			e &= e - 1;
			before++;
		}
		/* lim is in the next escape's token, or in the plain run before it */
		soft_at = e != 0 && __builtin_ctzll(e) + 2 * before <= lim ? (unsigned)__builtin_ctzll(e)
		                                                          : (unsigned)(lim - 2 * before);
		split = out_at(esc, conv, soft_at, crlf);
		/* (the window's last token may be the last of its line: the walk looks further) */
		if (first_end - split > (breaks ? w : w - 1) || (!breaks && soft_at == QP_WINDOW - 1))
			return 0;
	}
	end_col = breaks ? len - last_start : split >= 0 ? len - split : c + len;
	if (end_col > w - 1)
		return 0;
	/*
	 * The bytes go out in 64-byte moves, each event (an escape, the soft
	 * break) writing its token and then the bytes after it over the
	 * tail of the move before.
	 */
	QP_COPY64(out, q);
	soft_bit = soft_at < QP_WINDOW ? 1ULL << soft_at : 0;
	/* the second of two escapes in a row (a UTF-8 pair) goes with the first, unless the soft break is between */
	joined = esc & esc << 1 & ~soft_bit;
	events = (esc & ~joined) | soft_bit | conv;
	while (events != 0) {
		const unsigned at = (unsigned)__builtin_ctzll(events);
		const int soft = at == soft_at, escaped = (int)(esc >> at & 1);
		const unsigned pair = (unsigned)(joined >> at >> 1 & 1);
		/* (q[at + 1] is there: the window's next bytes are read too) */
		const uint64_t tok = escape_token(q[at]) | (uint64_t)escape_token(q[at + 1]) << 24;

		out += at - from;
		if ((conv >> at & 1) != 0) {
			/* a CR before the LF that follows, or the CR left out */
			*out = '\r';
			out += crlf;
			from = at + !crlf;
		} else {
			memcpy(out, qp_softs[crlf], 4);
			out += soft ? soft_len : 0;
			memcpy(out, &tok, 8);
			out += escaped ? 3 + 3 * pair : 0;
			from = at + (unsigned)escaped + pair;
		}
		QP_COPY64(out, q + from);
		events &= events - 1;
	}
	*out_io = out + (QP_WINDOW - from);
	*col_io = end_col;
	return 1;
}

/* The event steps, for the few windows that need them: kept out of the loop's registers (the marks go by value: an address would keep them in memory) */
static __attribute__((noinline)) size_t text_events(const uint8_t *q, uint64_t esc, uint64_t brk,
                                                    uint64_t crlf_at, uint8_t **out, unsigned *col,
                                                    unsigned width, int crlf)
{
	return qp_text_events(q, esc, brk, crlf_at, out, col, width, crlf);
}

/*
 * The kernels' encode_text, given their marks of a window (bytes -1 to
 * +65 read; cr_before carries the CR marks of the window before): whole
 * windows of text (no protection, lines of at least QP_WIDE_LINES
 * columns), 64 bytes a step whatever they hold, so that no step waits for
 * the one before; the event steps above take the windows that need more
 * than one soft break, the driver's blocks of 8 dense escapes.  consts
 * goes to marks as it is (a kernel's constants, made once a call).
 */
static inline __attribute__((always_inline)) size_t
qp_encode_wide(const uint8_t *src, size_t len, uint8_t **out_io, size_t cap, unsigned *col_io,
               unsigned width, const int crlf,
               void (*marks)(const uint8_t *, uint64_t *, struct enc_marks *, const void *), const void *consts)
{
	/* (pointers, not counts: the loop holds fewer values, and none goes to the stack) */
	const uint8_t *q = src, *last;
	uint8_t *out = *out_io, *out_last;
	int64_t col = *col_io;
	uint64_t cr_before = 0;

	if (len < QP_FAST_IN || cap < QP_FAST_OUT)
		return 0;
	last = src + (len - QP_FAST_IN);
	out_last = out + (cap - QP_FAST_OUT);
	struct enc_marks m, next;
	int ahead = 0;

	while (q <= last && out <= out_last) {
		uint64_t cr_next, conv;

		if (!ahead)
			marks(q, &cr_before, &m, consts);
		if ((m.esc & m.esc >> 1 & m.esc >> 2) != 0)
			break; /* dense escapes: the driver's blocks of 8 are quicker */
		/*
		 * The next window's marks a step ahead: their latency is then
		 * off the chain of steps (used if this window is taken whole).
		 */
		cr_next = cr_before;
		if (q + QP_WINDOW <= last)
			marks(q + QP_WINDOW, &cr_next, &next, consts);
		/* (a copy for the line ends that stay: the conversions cost the rest 10%) */
		conv = crlf ? m.brk & ~m.crlf_at : m.crlf_at;
		if (conv == 0 ? encode_window(q, &m, 0, &out, &col, width, crlf)
		              : encode_window(q, &m, conv, &out, &col, width, crlf)) {
			q += QP_WINDOW;
			m = next;
			cr_before = cr_next;
			ahead = 1;
			continue;
		}
		ahead = 0;
		if (col < 0)
			break; /* (the LF of a CRLF first, below) */
		{
			unsigned c = (unsigned)col;
			q += text_events(q, m.esc, m.brk, m.crlf_at, &out, &c, width, crlf);
			col = c;
			cr_before = 0; /* (it takes a CRLF whole) */
		}
	}
	if (col < 0) {
		/* the LF of the CRLF that ended the last window */
		*out++ = '\n';
		q++;
		col = 0;
	}
	*out_io = out;
	*col_io = (unsigned)col;
	return (size_t)(q - src);
}


#endif
