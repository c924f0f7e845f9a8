/* Internal: the quoted-printable kernel interface. */
#ifndef MC_QP_IMPL_H
#define MC_QP_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <mimecodec/common.h>
#include <mimecodec/qp.h>

#include "codecs/compact8.h"

/* Plain: written as itself by the encoder and read as itself by the decoder. */
static inline int qp_plain(uint8_t c)
{
	return (c >= 32 && c <= 126 && c != '=') || c == '\t';
}

/* Space or tab: what a line may not end with. */
static inline int qp_blank(uint8_t c)
{
	return c == ' ' || c == '\t';
}

/* What a block of 8 bytes needs to know of the encoder's settings. */
struct qp_group_args {
	unsigned width;
	int binary, protect, crlf;
};

static inline unsigned popcount8(unsigned x)
{
#ifdef __POPCNT__
	return (unsigned)__builtin_popcount(x);
#else
	x -= x >> 1 & 0x55;
	x = (x & 0x33) + (x >> 2 & 0x33);
	return (x + (x >> 4)) & 0x0f;
#endif
}

/*
 * Lines at least this wide take a block's soft break in the block: what
 * follows it, 24 characters at most, then fits on the next line.
 */
#define QP_GROUP_MIN_WIDTH 25

/*
 * Output length of the 8 bytes at p (p[8] and p[9] readable) written as a
 * block at column col, given which of them need escaping (esc) and which
 * are CR or LF (eol), one bit per byte; 0 when the block needs a decision
 * the driver makes byte by byte (a line end in text mode, a blank before
 * a line end, "From "/"." protection, a soft break on a narrow line or
 * just before a line end).  *split is where in the block's output its
 * soft break goes, before the first token past the line's last column,
 * or the length when it needs none.
 */
static inline unsigned qp_group_len(const uint8_t *p, unsigned esc, unsigned eol, unsigned col,
                                    const struct qp_group_args *a, unsigned *split)
{
	const unsigned len = 8 + 2 * popcount8(esc);
	const unsigned room = col < a->width - 1 ? a->width - 1 - col : 0;
	unsigned end = 0, k;

	*split = len;
	if (!a->binary && (eol != 0 || ((p[7] == ' ' || p[7] == '\t') &&
	                                (p[8] == '\n' || (p[8] == '\r' && p[9] == '\n')))))
		return 0;
	if (col == 0 && a->protect && (p[0] == 'F' || p[0] == '.'))
		return 0;
	if (len <= room)
		return len;
	/* (the last token before a line end may take the last column: the driver's) */
	if (a->protect || a->width < QP_GROUP_MIN_WIDTH || (!a->binary && (p[8] == '\n' || p[8] == '\r')))
		return 0;
	for (k = 0; k < 8; k++) {
		const unsigned next = end + 1 + 2 * (esc >> k & 1);
		if (next > room)
			break;
		end = next;
	}
	*split = end;
	return len;
}

/*
 * Shuffle indices, 16 from qp_slide + 16 + x: x + i where that is 0-15,
 * else 0x80 (a zero from PSHUFB and from TBL alike); they take a block's
 * output from its soft break on.
 */
static const uint8_t qp_slide[64] __attribute__((aligned(16))) = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/* A soft break ('=' and the line end, LF or CRLF), padded for one 4-byte move. */
static const uint8_t qp_softs[2][4] = { { '=', '\n', 0, 0 }, { '=', '\r', '\n', 0 } };

/*
 * After a block of len output bytes whose soft break, if split < len, is
 * at split: where the output and the column go on.
 */
static inline void qp_group_done(unsigned len, unsigned split, const struct qp_group_args *a,
                                 size_t *o, unsigned *col)
{
	if (split < len) {
		*o += len + (a->crlf ? 3 : 2);
		*col = len - split;
	} else {
		*o += len;
		*col += len;
	}
}

/* "=XY" for each byte value, and a 0, so that a token is one 4-byte move. */
extern const uint8_t mc_qp_tokens[256][4] __attribute__((visibility("hidden")));

/* Shuffles that spread 8 bytes into quoted-printable form (tools/gen_qp_expand.py). */
extern const uint8_t mc_qp_expand[256][4][16];


/*
 * What the drivers need to know of 64 bytes, bit i for byte i: not plain
 * (needs escaping; includes '=', CR, LF), CR, LF, blank (space or tab),
 * '=', and upper-case hex digit.
 */
struct qp_marks {
	uint64_t special, cr, lf, blank, eq, hex;
};

#define QP_WINDOW 64

/*
 * Whether a line of line_len characters can take n more on a bulk path:
 * the byte loop records (or in strict mode fails on) a line's 77th
 * character, so the bulk paths stop before it; once a line is past it,
 * nothing more is recorded until its end, and they go on (a body of
 * lines longer than 76 went a byte at a time: 20-60 MB/s).
 */
static inline int qp_line_fits(uint64_t line_len, uint64_t n)
{
	return line_len + n <= 76 || line_len > 76;
}

/*
 * The drivers' bulk paths take input and output a window at a time and
 * read and write past it: they need QP_FAST_IN bytes of input and
 * QP_FAST_OUT of output room.
 */
#define QP_FAST_IN (2 * QP_WINDOW)
#define QP_FAST_OUT 320

struct qp_kernels {
	/* Marks the bytes of src[0, QP_WINDOW), all but hex. */
	void (*classify)(const uint8_t *src, struct qp_marks *m);

	/*
	 * Encodes blocks of 8 bytes from src[0, n) while qp_group_len()
	 * allows and each block has a byte to escape (NULL in the scalar
	 * table: the driver does it all).  Reads
	 * src[0, n), writes dst[0, cap); updates *col; returns the bytes
	 * consumed and sets *written.
	 */
	size_t (*encode_groups)(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
	                        unsigned *col, const struct qp_group_args *a, size_t *written);

	/*
	 * Decodes blocks of 16 bytes from src[0, n) made only of plain bytes
	 * and =XX escapes (upper-case hex; the last may end up to 2 bytes
	 * past the block), not ending in a blank, while qp_line_fits() the
	 * line (NULL in the scalar table).  Writes
	 * dst[0, cap); updates *line_len; returns the bytes consumed and
	 * sets *written.
	 */
	size_t (*decode_blocks)(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
	                        uint64_t *line_len, size_t *written);

	/*
	 * Encodes whole windows of text (qp_plan.h) from src[0, len) to
	 * *out (cap bytes of room); advances *out, updates *col; returns the
	 * bytes consumed.
	 */
	size_t (*encode_text)(const uint8_t *src, size_t len, uint8_t **out, size_t cap, unsigned *col,
	                      unsigned width, int crlf);

	/*
	 * Decodes whole windows of src[0, len) into dst[0, cap) in the data
	 * state while each is plain text, upper-case escapes, soft breaks
	 * and line ends, no line reaching its 77th character (plan_window()
	 * in qp_plan.h, or a window function of qp_whole.h); stops where the
	 * walk in qp.c can go on as if it had done it all.  NULL in the
	 * scalar table: the walk is quicker there.  Updates *line_len; returns the bytes
	 * consumed and sets *written.  When decoding leniently (defects not
	 * NULL) a kernel may record a line's 77th character (long_line) and
	 * escapes in lower case (lowercase_hex) in *defects, with src at
	 * offset base of the input, and go on.
	 */
	size_t (*decode_windows)(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, mc_eol eol,
	                         uint64_t *line_len, size_t *written, mc_qp_defects *defects,
	                         uint64_t base);
};

extern const struct qp_kernels mc_qp_kernels_scalar;
#ifdef HAVE_SSSE3
extern const struct qp_kernels mc_qp_kernels_ssse3;
#endif
#ifdef HAVE_AVX2
extern const struct qp_kernels mc_qp_kernels_avx2;
#endif
#ifdef HAVE_AVX512
extern const struct qp_kernels mc_qp_kernels_avx512;
#endif
#ifdef HAVE_NEON
extern const struct qp_kernels mc_qp_kernels_neon;
#endif

#endif
