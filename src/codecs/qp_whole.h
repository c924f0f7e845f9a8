/*
 * Internal: quoted-printable decoding by whole windows, each decoded as if
 * it were all plain text, escapes, soft breaks and line ends, and taken
 * unless a kernel's window function says it was not (the AVX-512 and
 * AVX2 kernels; the others plan each window from its marks, qp_plan.h).
 * Compiled with each kernel's instruction set.
 *
 * A window function decodes the window at p (p[0, 66) readable) to
 * dst[0, 64) with the '=' of each escape standing for its value and the
 * bytes to drop squeezed out: the digits of escapes and the bytes of soft
 * breaks (also those of one begun in the window before, which *state
 * remembers: before the first window, plain text), and every CR when
 * drop_cr (LF is to be written).  It returns the bytes that were none of
 * those things (then dst holds nothing that counts): neither plain nor
 * part of an escape, soft break or line end; a CR not before an LF; a
 * blank before a CR or LF; an '=' that is not an upper-case escape or a
 * soft break; and when !lone_lf (CRLF is to be written) a byte before an
 * LF that is neither a CR nor an '='.  It sets *n to the bytes written
 * and *ends to the window's CR and LF marks.
 */
#ifndef MC_QP_WHOLE_H
#define MC_QP_WHOLE_H

#include "codecs/qp_impl.h"
#include "codecs/qp_plan.h"

typedef uint64_t (*qp_window_fn)(const uint8_t *p, int drop_cr, int lone_lf, void *state,
                                 uint8_t *dst, size_t *n, uint64_t *ends);

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
 * Whole windows while the window function takes each, with no line over
 * 76 characters; then back to the walk at a point where it is as if it
 * had done it all: past the last escape or soft break (whose bytes may
 * run into the window it stopped at), before a CR whose LF is there,
 * before blanks that may be trailing.
 */
static inline __attribute__((always_inline)) size_t
qp_whole_eol(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, uint64_t *line_len,
             size_t *written, mc_defect *long_lines, uint64_t base, const int drop_cr,
             const int lone_lf, void *state, qp_window_fn window)
{
	struct long_seen seen = { 0, 0, 0 };
	/* the open line's length: its characters since its line end (CR or LF) */
	int64_t run = (int64_t)*line_len, line_start;
	size_t i = 0, o = 0, cover, last, n = 0, n_last = 0;
	unsigned digits;

	*written = 0;
	if (len < QP_WINDOW + 2 || cap < QP_WINDOW)
		return 0;
	/* an LF is checked from the byte before it, which for the first is not here: the walk's */
	if (!lone_lf && src[0] == '\n')
		return 0;
	/* the last window to start at: room for its reads, and for its writes since o <= i */
	last = len - (QP_WINDOW + 2) < cap - QP_WINDOW ? len - (QP_WINDOW + 2) : cap - QP_WINDOW;
	while (i <= last) {
		uint64_t ends, bad, head;

		bad = window(src + i, drop_cr, lone_lf, state, dst + o, &n, &ends);
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
		head = first_bit_or_64(ends);
		if (bad != 0)
			break;
		if ((uint64_t)run + head - 77 < head) {
			/*
			 * Recorded here when decoding leniently (lines of 150
			 * characters went to the walk once a line: 4.4 GB/s).
			 */
			if (long_lines == NULL)
				break;
			long_seen_at(&seen, i + (size_t)(76 - run));
		}
		o += n;
		n_last = n;
		run = select_if(ends, after_last_bit(ends), run + QP_WINDOW);
		i += QP_WINDOW;
	}
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
		o -= n_last;
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
	long_seen_record(&seen, i, long_lines, base);
	*line_len = (uint64_t)((int64_t)i - line_start);
	*written = o;
	return i;
}

/* A kernel's decode_windows: its window function on the line ends to write, state set up. */
static inline __attribute__((always_inline)) size_t
qp_decode_whole(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, mc_eol eol,
                uint64_t *line_len, size_t *written, mc_defect *long_lines, uint64_t base,
                void *state, qp_window_fn window)
{
	if (eol == MC_EOL_LF)
		return qp_whole_eol(src, len, dst, cap, line_len, written, long_lines, base, 1, 1, state,
		                    window);
	if (eol == MC_EOL_CRLF)
		return qp_whole_eol(src, len, dst, cap, line_len, written, long_lines, base, 0, 0, state,
		                    window);
	return qp_whole_eol(src, len, dst, cap, line_len, written, long_lines, base, 0, 1, state,
	                    window);
}

#endif
