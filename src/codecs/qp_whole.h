/*
 * Internal: quoted-printable decoding by whole windows, each decoded as if
 * it were all plain text, escapes, soft breaks and line ends, and taken
 * unless a kernel's window function says it was not (the x86 kernels;
 * NEON plans each window from its marks, qp_plan.h).
 * Compiled with each kernel's instruction set.
 *
 * A window function decodes the window at p (p[0, 66) readable) to
 * dst[0, 64) with the '=' of each escape standing for its value and the
 * bytes to drop squeezed out: the digits of escapes and the bytes of soft
 * breaks, also those of one begun in the window before (which carry, what
 * the window function kept from that window, tells; 0 before the first:
 * as if plain bytes came before src), and every CR when drop_cr (LF is
 * to be written).  It returns the bytes that were none of those things
 * (then dst holds nothing that counts): neither plain nor part of an
 * escape, soft break or line end; a CR not before an LF; a blank before
 * a CR or LF; an '=' that is not an escape (its digits in upper case, or
 * when lower in either case) or a soft break; and when !lone_lf (CRLF is
 * to be written) a byte before an LF that is neither a CR nor an '='.
 * It fills *w.  (lower is a constant where it is called; nothing it reads
 * lies before p.)
 */
#ifndef MC_QP_WHOLE_H
#define MC_QP_WHOLE_H

#include "codecs/qp_impl.h"
#include "codecs/qp_plan.h"

struct qp_window {
	size_t n;           /* the bytes written */
	uint64_t ends;      /* the window's CR and LF */
	uint64_t lower_esc; /* when lower: the '=' of each escape with a digit in lower case */
	uint64_t carry;     /* for the next window */
};

typedef uint64_t (*qp_window_fn)(const uint8_t *p, int drop_cr, int lone_lf, int lower,
                                 uint64_t carry, uint8_t *dst, struct qp_window *w);

/*
 * The escapes in lower case that a decoder's windows took (lenient): how
 * many, where the first was (from src), and how many the last window
 * taken had, at.
 */
struct lower_seen {
	size_t count, first, last_count, last_at;
};

static inline void lower_seen_window(struct lower_seen *l, size_t at, uint64_t lower_esc)
{
	l->first = l->count == 0 ? at + (size_t)__builtin_ctzll(lower_esc) : l->first;
	l->last_count = (size_t)popcount64(lower_esc);
	l->count += l->last_count;
	l->last_at = at;
}

/* Where the first set bit of x is, 64 for none. */
static inline uint64_t first_bit_or_64(uint64_t x)
{
#ifdef __BMI__
	return _tzcnt_u64(x);
#else
	return x != 0 ? (uint64_t)__builtin_ctzll(x) : 64;
#endif
}

/* How many bits are clear above the last set bit of x (any number for 0). */
static inline int64_t after_last_bit(uint64_t x)
{
#ifdef __LZCNT__
	return (int64_t)_lzcnt_u64(x);
#else
	return (int64_t)__builtin_clzll(x | 1);
#endif
}

/*
 * yes ? a : b with a conditional move, never a branch: a branch on data
 * the predictor cannot learn costs more than computing both sides (one
 * window of text in six has no LF; on input the predictor had not seen
 * before, the branch cost 20%).  gcc 12 made every C form of it here a
 * branch, __builtin_expect_with_probability included.
 */
static inline int64_t select_if(uint64_t yes, int64_t a, int64_t b)
{
	__asm__("test %[yes], %[yes]\n\tcmovnz %[a], %[b]" : [b] "+r"(b) : [yes] "r"(yes), [a] "r"(a) : "cc");
	return b;
}

/*
 * Whether a carry as the AVX2 and SSSE3 kernels keep it (bytes 62 and 63
 * of the window before) holds an '='.
 */
static inline int qp_carry_has_eq(uint64_t carry)
{
	return (carry & 0xff) == '=' || carry >> 8 == '=';
}

/*
 * A window function that tries a window with no '=' (has_eq: whether it
 * has one), nor one in the two bytes before it, as plain text first, and
 * takes window otherwise.  A plain window is all plain bytes and line
 * ends (marks from the kernel's classify: each CR before an LF, no blank
 * before either, no CR to drop, and when !lone_lf each LF after a CR)
 * and decodes to itself: copied whole.  Each LF is checked from the byte
 * before it, as the window functions do: one at 0 was, one at 64 (p[64])
 * is.  (The AVX2 and SSSE3 kernels take this: text with no escapes and no
 * soft breaks decodes twice as fast or more, and other text pays for one
 * test a window; AVX-512, whose window function is far cheaper, measured
 * slower with it.)
 */
static inline __attribute__((always_inline)) uint64_t
qp_plain_first(const uint8_t *p, int drop_cr, int lone_lf, int lower, uint64_t carry, uint8_t *dst,
               struct qp_window *w, int has_eq, void (*classify)(const uint8_t *, struct qp_marks *),
               qp_window_fn window)
{
	/* (marked unlikely: AVX2 binary input, which never takes it, 6% quicker; text no slower) */
	if (__builtin_expect(!has_eq, 0) && !qp_carry_has_eq(carry)) {
		struct qp_marks m;
		uint64_t ends, lf_next, bad;

		classify(p, &m);
		ends = m.cr | m.lf;
		lf_next = m.lf >> 1 | (uint64_t)(p[64] == '\n') << 63;
		bad = (m.special & ~ends) | (m.cr & ~lf_next) |
		      (m.blank & (ends >> 1 | (uint64_t)(p[64] == '\r' || p[64] == '\n') << 63));
		if (drop_cr)
			bad |= m.cr;
		if (!lone_lf)
			bad |= lf_next & ~m.cr;
		if (bad == 0) {
			QP_COPY64(dst, p);
			w->n = QP_WINDOW;
			w->ends = ends;
			w->carry = (uint64_t)p[62] | (uint64_t)p[63] << 8;
			w->lower_esc = 0;
			return 0;
		}
	}
	/* (p hidden from gcc: else it keeps the plain path's classes for the window function, spilled) */
	__asm__("" : "+r"(p));
	return window(p, drop_cr, lone_lf, lower, carry, dst, w);
}

/* Where a decoder's windows are, between its loops. */
struct whole_run {
	size_t i, o, n_last;
	int64_t run;    /* the open line's length: its characters since its line end (CR or LF) */
	uint64_t carry; /* (0 before the first window: as if plain bytes came before src) */
	struct long_seen seen;
	struct lower_seen lower;
};

/*
 * Whole windows from r->i up to the one at last while the window function
 * takes each (lower: escapes in lower case too) with no line over 76
 * characters, or lenient (defects), recording them.
 */
static inline __attribute__((always_inline)) void
whole_windows(struct whole_run *r, const uint8_t *src, uint8_t *dst, size_t last,
              const mc_qp_defects *defects, const int drop_cr, const int lone_lf, const int lower,
              qp_window_fn window)
{
	struct qp_window w = { 0, 0, 0, 0 };

	while (r->i <= last) {
		uint64_t bad, head;

		bad = window(src + r->i, drop_cr, lone_lf, lower, r->carry, dst + r->o, &w);
		/*
		 * The line running into the window.  The one running out of it
		 * runs into the next window, or is checked once after the loop:
		 * a check here too cost 10%.  Counted as the characters since the
		 * last CR or LF: 10% quicker than tracking where lines start after
		 * their LF, which also saw a full line one too long when its CR
		 * ended a window and its LF started the next (on text of full
		 * lines, one window in 80 went to the walk for it).  A line
		 * already past 76 goes on (qp_line_fits): the stop is for one
		 * that reaches its 77th character here, run <= 76 < run + head.
		 */
		head = first_bit_or_64(w.ends);
		if (bad != 0)
			break;
		if ((uint64_t)r->run + head - 77 < head) {
			/*
			 * Recorded here when decoding leniently (lines of 150
			 * characters went to the walk once a line: 4.4 GB/s).
			 */
			if (defects == NULL)
				break;
			long_seen_at(&r->seen, r->i + (size_t)(76 - r->run));
		}
		if (lower && w.lower_esc != 0)
			lower_seen_window(&r->lower, r->i, w.lower_esc);
		r->o += w.n;
		r->n_last = w.n;
		r->carry = w.carry;
		r->run = select_if(w.ends, after_last_bit(w.ends), r->run + QP_WINDOW);
		r->i += QP_WINDOW;
	}
}

/*
 * Whole windows while the window function takes each, with no line over
 * 76 characters; then back to the walk at a point where it is as if it
 * had done it all: past the last escape or soft break (whose bytes may
 * run into the window it stopped at), before a CR whose LF is there,
 * before blanks that may be trailing.
 */
static inline __attribute__((always_inline)) size_t
qp_whole_eol(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, uint64_t *line_len,
             size_t *written, mc_qp_defects *defects, uint64_t base, const int drop_cr,
             const int lone_lf, qp_window_fn window)
{
	struct whole_run r = { 0, 0, 0, (int64_t)*line_len, 0, { 0, 0, 0 }, { 0, 0, 0, 0 } };
	size_t i, o, cover, last;
	int64_t run, line_start;
	unsigned digits;

	*written = 0;
	if (len < QP_WINDOW + 2 || cap < QP_WINDOW)
		return 0;
	/* an LF is checked from the byte before it, which for the first is not here: the walk's */
	if (!lone_lf && src[0] == '\n')
		return 0;
	/* the last window to start at: room for its reads, and for its writes since o <= i */
	last = len - (QP_WINDOW + 2) < cap - QP_WINDOW ? len - (QP_WINDOW + 2) : cap - QP_WINDOW;
	whole_windows(&r, src, dst, last, defects, drop_cr, lone_lf, 0, window);
	/*
	 * Escapes in lower case, taken and recorded when decoding leniently:
	 * from a window refused without them on, every window looks for
	 * them.  (Looked for in every window, ordinary text decoded 12%
	 * slower on AVX-512; not at all, QP text with its escapes in lower
	 * case, as some encoders write it, decoded at 0.6-0.9 GB/s.)
	 */
	if (r.i <= last && defects != NULL)
		whole_windows(&r, src, dst, last, defects, drop_cr, lone_lf, 1, window);
	i = r.i;
	o = r.o;
	run = r.run;
	/*
	 * The line out of the last window, with the digits of an escape at
	 * its end (an '=' there is an escape or a soft break: the windows
	 * taken hold nothing else).
	 */
	digits = i == 0 ? 0
	       : src[i - 1] == '=' ? (src[i] != '\r' && src[i] != '\n') * 2u
	       : src[i - 2] == '=' && src[i - 1] != '\r' && src[i - 1] != '\n';
	if (i != 0 && !qp_line_fits((uint64_t)run, digits)) {
		/* (that window has no line end: its last line would be short) */
		i -= QP_WINDOW;
		r.lower.count -= r.lower.count != 0 && r.lower.last_at == i ? r.lower.last_count : 0;
		o -= r.n_last;
		run -= QP_WINDOW;
	}
	line_start = (int64_t)i - run;
	if (i == 0)
		return 0;
	cover = src[i - 1] == '=' ? 1 + (src[i] != '\n') : src[i - 2] == '=' && src[i - 1] != '\n';
	if (cover != 0) {
		i += cover;
		if (src[i - 1] == '\n')
			line_start = (int64_t)i;
	} else if (src[i - 1] == '\r') {
		/* its LF is in the window stopped at: the walk takes both */
		i--;
		o -= !drop_cr;
	} else {
		/* the byte loop holds blanks until it sees the byte after them */
		while (i > 0 && qp_blank(src[i - 1])) {
			i--;
			o--;
		}
	}
	if (defects != NULL) {
		long_seen_record(&r.seen, i, &defects->long_line, base);
		if (r.lower.count != 0)
			note_defect(&defects->lowercase_hex, base + r.lower.first, r.lower.count);
	}
	*line_len = (uint64_t)((int64_t)i - line_start);
	*written = o;
	return i;
}

/* A kernel's decode_windows: its window function on the line ends to write. */
static inline __attribute__((always_inline)) size_t
qp_decode_whole(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, mc_eol eol,
                uint64_t *line_len, size_t *written, mc_qp_defects *defects, uint64_t base,
                qp_window_fn window)
{
	if (eol == MC_EOL_LF)
		return qp_whole_eol(src, len, dst, cap, line_len, written, defects, base, 1, 1,
		                    window);
	if (eol == MC_EOL_CRLF)
		return qp_whole_eol(src, len, dst, cap, line_len, written, defects, base, 0, 0,
		                    window);
	return qp_whole_eol(src, len, dst, cap, line_len, written, defects, base, 0, 1,
	                    window);
}

#endif
