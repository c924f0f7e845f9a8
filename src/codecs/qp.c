/*
 * Quoted-printable (RFC 2045 §6.7) and the RFC 2047 "Q" form.
 *
 * The encoder decides each byte once it has seen what follows it: a
 * blank is encoded only before a line end or the end of the input, the
 * last token of a line may use the 76th column, "From " and a lone "."
 * need a few bytes of lookahead.  Streaming keeps the undecided bytes
 * (at most 5) in the state, so any split of the input gives the same
 * output.  The decoder is a state machine over bytes with the same
 * property; blanks are held (up to MC_QP_BLANKS_MAX) until it is known
 * whether a line end follows them.
 *
 * Both have a bulk path for long inputs that does the same thing window
 * by window from bit masks of the byte classes (the kernels' job), and
 * hands anything unusual back to the byte-at-a-time code; a unit test
 * holds the two to the same output, status, offset and defects.  The
 * decoder's vector kernels first try whole windows without a branch per
 * event (qp_plan.h), and leave a window that needs a closer look to the
 * walk here.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "codecs/qp_plan.h"
#include "codecs/util.h"
#include <mimecodec/qp.h>

static const char hex_upper[] = "0123456789ABCDEF";

static const mc_qp_config default_config;

static mc_status check_config(const mc_qp_config *cfg)
{
	if ((cfg->line_width != 0 && (cfg->line_width < 4 || cfg->line_width > 76)) ||
	    (unsigned)cfg->eol > MC_EOL_AS_INPUT || (unsigned)cfg->mode > MC_QP_LENIENT ||
	    (cfg->flags & ~(MC_QP_BINARY | MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT)) != 0 ||
	    (unsigned)cfg->isa >= MC_ISA_COUNT)
		return MC_ERR_INVALID_ARGUMENT;
	return MC_OK;
}

/* The encoder writes LF or CRLF, nothing "as input". */
static mc_status check_encoder_config(const mc_qp_config *cfg)
{
	return cfg->eol == MC_EOL_AS_INPUT ? MC_ERR_INVALID_ARGUMENT : check_config(cfg);
}

static const void *const qp_by_isa[MC_ISA_COUNT] = {
	[MC_ISA_SCALAR] = &mc_qp_kernels_scalar,
#ifdef HAVE_SSSE3
	[MC_ISA_SSSE3] = &mc_qp_kernels_ssse3,
#endif
#ifdef HAVE_AVX2
	[MC_ISA_AVX2] = &mc_qp_kernels_avx2,
#endif
#ifdef HAVE_AVX512
	[MC_ISA_AVX512] = &mc_qp_kernels_avx512,
#endif
#ifdef HAVE_NEON
	[MC_ISA_NEON] = &mc_qp_kernels_neon,
#endif
};

static const struct qp_kernels *kernels_for(mc_isa requested, mc_status *status)
{
	return pick_kernels(qp_by_isa, requested, status);
}

/* ---------------------------------------------------------------- encoder */

struct qp_out {
	const mc_qp_config *cfg;
	unsigned width;
	char *dst;
	size_t o, cap;
};

static void put_eol(struct qp_out *w)
{
	if (w->cfg->eol == MC_EOL_CRLF)
		w->dst[w->o++] = '\r';
	w->dst[w->o++] = '\n';
}

static void put_escape(struct qp_out *w, uint8_t b)
{
	w->dst[w->o++] = '=';
	w->dst[w->o++] = hex_upper[b >> 4];
	w->dst[w->o++] = hex_upper[b & 15];
}

/* The undecided bytes, then the new input, as one sequence. */
struct seq {
	const uint8_t *hold, *src;
	size_t nhold, len;
};

static inline uint8_t seq_at(const struct seq *s, size_t j)
{
	return j < s->nhold ? s->hold[j] : s->src[j - s->nhold];
}

/* Length of a hard line break at j (text mode), 0 if none; -1 if undecidable yet. */
static int hard_break_at(const struct seq *s, size_t j, size_t n, int final, int binary)
{
	uint8_t b;

	if (binary || j >= n)
		return 0;
	b = seq_at(s, j);
	if (b == '\n')
		return 1;
	if (b != '\r')
		return 0;
	if (j + 1 >= n)
		return final ? 0 : -1;
	return seq_at(s, j + 1) == '\n' ? 2 : 0;
}

/*
 * Windows of QP_WINDOW input bytes, classified by the kernel into bit
 * masks; the lanes before QP_DECIDED are decided in the window (a byte's
 * fate depends on at most the two after it).  The drivers walk the
 * events (bytes that are not copied as they are) with count-trailing-
 * zeros and copy the runs between them with fixed 64-byte moves.
 */
/*
 * Windows the walk takes after the kernel's whole-window path, having
 * classified a window only to refuse it, took none: input unusual
 * throughout (dense escapes, say) is then not classified twice a window.
 */
#define QP_WALK_AFTER_REFUSAL 8

static inline void copy64(uint8_t *dst, const uint8_t *src)
{
	QP_COPY64(dst, src);
}

static inline unsigned bit(uint64_t m, size_t i)
{
	return (unsigned)(m >> i) & 1;
}

static inline uint8_t *soft_break(uint8_t *out, int crlf)
{
	*out++ = '=';
	if (crlf)
		*out++ = '\r';
	*out++ = '\n';
	return out;
}

/*
 * The encoder's bulk: plain runs, escapes, line ends, soft breaks, window
 * by window, as encode_seq would do them byte by byte.  Stops where fewer
 * than QP_FAST_IN bytes remain and before an "F" or "." at column 0 when
 * they may need protecting (encode_seq decides those).  Decides the bytes
 * of p[0, decide) at most (the rest are read, as what follows them); with
 * decide < avail, the walk alone.  Returns the bytes consumed.
 */
static size_t encode_fast(mc_qp_encoder *e, const uint8_t *p, size_t avail, size_t decide,
                          struct qp_out *w)
{
	const struct qp_kernels *k = e->impl;
	const unsigned width = w->width, flags = e->cfg.flags;
	const int binary = (flags & MC_QP_BINARY) != 0;
	const int protect = (flags & (MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT)) != 0;
	const int crlf = w->cfg->eol == MC_EOL_CRLF;
	const struct qp_group_args ga = { width, binary, protect, crlf };
	/* a local cursor: stores through it cannot alias the bookkeeping */
	uint8_t *out = (uint8_t *)w->dst + w->o, *const end = (uint8_t *)w->dst + w->cap;
	/* text without protection on wide lines: the kernels' branch-free windows */
	const int text = !binary && !protect && width >= QP_WIDE_LINES;
	unsigned col = e->col;
	/* the input's last bytes, copied: the walk alone (the kernels' windows read on and decide all) */
	const int tail = decide < avail;
	size_t j = 0, pos;
	unsigned walk = 0;

	while (avail - j >= QP_FAST_IN && j < decide && (size_t)(end - out) >= QP_FAST_OUT) {
		const uint8_t *const q = p + j;
		/* the lanes this window decides */
		const size_t lanes = decide - j < QP_DECIDED ? decide - j : QP_DECIDED;
		struct qp_marks m;
		uint64_t esc, brk = 0, ev;

		pos = 0;
		if (col == 0 && protect && (q[0] == 'F' || q[0] == '.'))
			break;
		if (text && walk == 0 && !tail) {
			/* whole windows, as long as they have no dense escapes */
			size_t used = k->encode_text(q, avail - j, &out, (size_t)(end - out), &col, width, crlf);
			j += used;
			walk = used != 0 ? 1 : QP_WALK_AFTER_REFUSAL;
			continue;
		}
		if (walk != 0)
			walk--;
		k->classify(q, &m);
		esc = m.special;
		if (!binary) {
			/* line ends: CRLF, or LF alone; a blank before one is escaped */
			uint64_t crlf_at = m.cr & (m.lf >> 1);
			brk = crlf_at | (m.lf & ~(crlf_at << 1));
			esc = (esc & ~(crlf_at | m.lf)) | (m.blank & (brk >> 1));
		}
		ev = (esc | brk) & ((1ULL << lanes) - 1);
		while (pos < lanes) {
			uint64_t ahead = ev >> pos;
			size_t next = ahead ? pos + (size_t)__builtin_ctzll(ahead) : lanes;
			size_t run = next - pos;
			unsigned limit;
			uint8_t c;

			while (run > 0) {
				/* the last byte before a line end may take the last column */
				size_t room = width - 1 - col;
				if (run <= room || (run == room + 1 && bit(brk, next))) {
					copy64(out, q + pos);
					out += run;
					col += (unsigned)run;
					pos += run;
					break;
				}
				copy64(out, q + pos);
				out = soft_break(out + room, crlf);
				pos += room;
				run -= room;
				col = 0;
				if (protect && (q[pos] == 'F' || q[pos] == '.'))
					goto stop;
			}
			if (next >= lanes)
				break;
			if (bit(brk, next)) {
				if (crlf)
					*out++ = '\r';
				*out++ = '\n';
				col = 0;
				pos += q[next] == '\r' ? 2 : 1;
				if (protect && (q[pos] == 'F' || q[pos] == '.'))
					goto stop;
				continue;
			}
			if (k->encode_groups != NULL && (esc >> next & 7) == 7) {
				/* dense escapes: blocks of 8 bytes spread by shuffles, their soft breaks too */
				size_t wrote, used = k->encode_groups(q + next, decide - j - next, out,
				                                      (size_t)(end - out), &col, &ga, &wrote);
				out += wrote;
				pos += used;
				if (used != 0)
					break;
			}
			c = q[next];
			limit = bit(brk, next + 1) ? width : width - 1;
			if (col + 3 > limit) {
				out = soft_break(out, crlf);
				col = 0;
			}
			out[0] = '=';
			out[1] = (uint8_t)hex_upper[c >> 4];
			out[2] = (uint8_t)hex_upper[c & 15];
			out += 3;
			col += 3;
			pos++;
		}
		j += pos;
	}
	goto done;
stop: /* at column 0 before a byte that may need protecting */
	j += pos;
done:
	w->o = (size_t)(out - (uint8_t *)w->dst);
	e->col = col;
	return j;
}

/* fewer bytes are left to the byte loop (here and in decoding): not worth a copy */
#define QP_TAIL_MIN 16

/*
 * The last bytes of the input, fewer than the walk needs: copied, with
 * plain bytes after them for the walk to read, which then decides all
 * but the last (whose line ends at the end of the input, which the walk
 * cannot see).  The byte loop took them one at a time: 0.3-1 us a call,
 * which was a fifth of encoding 4 KiB of text.  Returns the bytes
 * consumed.
 */
static size_t encode_tail(mc_qp_encoder *e, const uint8_t *p, size_t n, struct qp_out *w)
{
	uint8_t buf[QP_FAST_IN + QP_WINDOW];

	memcpy(buf, p, n);
	memset(buf + n, 'x', sizeof buf - n);
	return encode_fast(e, buf, sizeof buf, n - 1, w);
}

/*
 * Encodes what can be decided of the sequence; returns how many of its
 * bytes were consumed (the rest must be held).
 */
static size_t encode_seq(mc_qp_encoder *e, const struct seq *s, int final, struct qp_out *w)
{
	const unsigned flags = e->cfg.flags;
	const int binary = (flags & MC_QP_BINARY) != 0;
	size_t n = s->nhold + s->len, j = 0;
	int tail_tried = 0;

	while (j < n) {
		uint8_t b, tok[3];
		unsigned t, limit;
		int hb, next_hb, ends_line;

		if (j >= s->nhold && n - j >= QP_FAST_IN) {
			size_t used = encode_fast(e, s->src + (j - s->nhold), n - j, n - j, w);
			j += used;
			if (used != 0)
				continue;
		} else if (final && j >= s->nhold && n - j >= QP_TAIL_MIN && !tail_tried) {
			tail_tried = 1;
			j += encode_tail(e, s->src + (j - s->nhold), n - j, w);
			continue;
		}
		b = seq_at(s, j);
		hb = hard_break_at(s, j, n, final, binary);

		if (hb < 0)
			break;
		if (hb > 0) {
			put_eol(w);
			e->col = 0;
			j += (size_t)hb;
			continue;
		}
		/* what follows b: a line end, the end of the input, or more */
		if (j + 1 >= n && !final)
			break;
		next_hb = hard_break_at(s, j + 1, n, final, binary);
		if (next_hb < 0)
			break;
		ends_line = j + 1 >= n || next_hb > 0;
		if (b == 'F' && (flags & MC_QP_PROTECT_FROM) && n - j < 5 && !final)
			break;

		if ((b >= 33 && b <= 126 && b != '=') || (qp_blank(b) && !ends_line)) {
			tok[0] = b;
			t = 1;
		} else {
			t = 3;
		}
		limit = ends_line ? w->width : w->width - 1;
		if (e->col + t > limit) {
			w->dst[w->o++] = '=';
			put_eol(w);
			e->col = 0;
		}
		if (t == 1 && e->col == 0) {
			if (b == 'F' && (flags & MC_QP_PROTECT_FROM) && n - j >= 5 &&
			    seq_at(s, j + 1) == 'r' && seq_at(s, j + 2) == 'o' && seq_at(s, j + 3) == 'm' &&
			    seq_at(s, j + 4) == ' ')
				t = 3;
			else if (b == '.' && (flags & MC_QP_PROTECT_DOT) && ends_line)
				t = 3;
		}
		if (t == 1)
			w->dst[w->o++] = (char)tok[0];
		else
			put_escape(w, b);
		e->col += t;
		j++;
	}
	return j;
}

static unsigned width_of(const mc_qp_config *cfg)
{
	return cfg->line_width ? cfg->line_width : 76;
}

mc_status mc_qp_encoded_max_length(size_t len, const mc_qp_config *cfg, size_t *out)
{
	size_t chars, lines, n;
	mc_status st;

	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (cfg == NULL)
		cfg = &default_config;
	if ((st = check_encoder_config(cfg)) != MC_OK)
		return st;
	/*
	 * At most 3 characters per byte; a line holds at least width - 3
	 * of them before a soft break (= and a line end, 3 bytes at most),
	 * and a line end in the input (1 byte) becomes at most 2.
	 */
	if (!mul_ok(len, 3, &chars))
		return MC_ERR_OVERFLOW;
	lines = chars / (width_of(cfg) - 3) + 1;
	if (!mul_ok(lines, 3, &n) || !add_ok(chars, n, &n) || !add_ok(n, len + 8, out))
		return MC_ERR_OVERFLOW;
	return MC_OK;
}

mc_status mc_qp_encoder_init(mc_qp_encoder *enc, const mc_qp_config *cfg)
{
	mc_status st;

	if (enc == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	memset(enc, 0, sizeof *enc);
	enc->finished = 1;
	if (cfg == NULL)
		cfg = &default_config;
	if ((st = check_encoder_config(cfg)) != MC_OK)
		return st;
	enc->cfg = *cfg;
	enc->impl = kernels_for(cfg->isa, &st);
	if (st == MC_OK)
		enc->finished = 0;
	return st;
}

mc_status mc_qp_encoder_bound(const mc_qp_encoder *enc, size_t len, size_t *out)
{
	if (enc == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (!add_ok(len, enc->nhold, &len))
		return MC_ERR_OVERFLOW;
	return mc_qp_encoded_max_length(len, &enc->cfg, out);
}

static size_t encoder_feed(mc_qp_encoder *e, const uint8_t *src, size_t len, char *dst,
                           size_t cap, int final)
{
	struct qp_out w = { &e->cfg, width_of(&e->cfg), dst, 0, cap };
	struct seq s = { e->hold, src, e->nhold, len };
	size_t used = encode_seq(e, &s, final, &w), rest = s.nhold + s.len - used, k;
	uint8_t keep[8];

	for (k = 0; k < rest; k++)
		keep[k] = seq_at(&s, used + k);
	memcpy(e->hold, keep, rest);
	e->nhold = (unsigned)rest;
	return w.o;
}

mc_status mc_qp_encoder_update(mc_qp_encoder *enc, const void *src, size_t len, char *dst,
                               size_t cap, size_t *written)
{
	size_t bound;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (enc == NULL || written == NULL || (len != 0 && (src == NULL || dst == NULL)))
		return MC_ERR_INVALID_ARGUMENT;
	if (enc->finished)
		return MC_ERR_STATE;
	if (len == 0)
		return MC_OK;
	if ((st = mc_qp_encoder_bound(enc, len, &bound)) != MC_OK)
		return st;
	if (cap < bound)
		return MC_ERR_BUFFER_TOO_SMALL;
	*written = encoder_feed(enc, src, len, dst, cap, 0);
	return MC_OK;
}

mc_status mc_qp_encoder_final(mc_qp_encoder *enc, char *dst, size_t cap, size_t *written)
{
	if (written != NULL)
		*written = 0;
	if (enc == NULL || written == NULL || dst == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (enc->finished)
		return MC_ERR_STATE;
	if (cap < MC_QP_ENCODER_FINAL_MAX)
		return MC_ERR_BUFFER_TOO_SMALL;
	*written = encoder_feed(enc, (const uint8_t *)"", 0, dst, cap, 1);
	enc->finished = 1;
	return MC_OK;
}

mc_status mc_qp_encode(const void *src, size_t len, char *dst, size_t cap, size_t *written,
                       const mc_qp_config *cfg)
{
	mc_qp_encoder enc;
	size_t need;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (written == NULL || dst == NULL || (len != 0 && src == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	if ((st = mc_qp_encoded_max_length(len, cfg, &need)) != MC_OK ||
	    (st = mc_qp_encoder_init(&enc, cfg)) != MC_OK)
		return st;
	if (cap < need)
		return MC_ERR_BUFFER_TOO_SMALL;
	*written = encoder_feed(&enc, len ? src : (const uint8_t *)"", len, dst, cap, 1);
	return MC_OK;
}

/* ---------------------------------------------------------------- decoder */

enum {
	D_DATA, D_BLANKS, D_EQ, D_EQ_HEX, D_EQ_BLANKS, D_EQ_CR, D_CR, D_FAILED, D_FINISHED
};

struct dec_run {
	mc_qp_decoder *d;
	uint8_t *dst;
	size_t o;
	int strict;
};

static void dfail(mc_qp_decoder *d, mc_status st, uint64_t at)
{
	d->status = st;
	d->error_offset = at;
	d->state = D_FAILED;
}

static void note(mc_defect *def, uint64_t at)
{
	note_defect(def, at, 1);
}

static int hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void emit(struct dec_run *r, uint8_t b)
{
	r->dst[r->o++] = b;
}

/* A hard line end, as configured; had_cr: the input's was CRLF. */
static void emit_eol(struct dec_run *r, int had_cr)
{
	if (r->d->cfg.eol == MC_EOL_CRLF || (r->d->cfg.eol == MC_EOL_AS_INPUT && had_cr))
		emit(r, '\r');
	emit(r, '\n');
}

static void emit_blanks(struct dec_run *r)
{
	memcpy(r->dst + r->o, r->d->blanks, r->d->nblanks);
	r->o += r->d->nblanks;
	r->d->nblanks = 0;
}

/* Held blanks before a line end: removed, or an error in strict mode. 0 on error. */
static int drop_trailing(struct dec_run *r, mc_defect *def)
{
	mc_qp_decoder *d = r->d;

	if (d->nblanks == 0)
		return 1;
	if (r->strict) {
		dfail(d, MC_ERR_TRAILING_SPACE, d->blanks_at);
		return 0;
	}
	note(def, d->blanks_at);
	d->nblanks = 0;
	return 1;
}

static void hold_blank(struct dec_run *r, uint8_t c, uint64_t at)
{
	mc_qp_decoder *d = r->d;

	if (d->nblanks == MC_QP_BLANKS_MAX) {
		/* too long to be padding: what is held so far is data */
		emit_blanks(r);
	}
	if (d->nblanks == 0)
		d->blanks_at = at;
	d->blanks[d->nblanks++] = c;
}

static void raw_byte(struct dec_run *r, uint8_t c, uint64_t at)
{
	if (r->strict) {
		dfail(r->d, MC_ERR_INVALID_CHAR, at);
		return;
	}
	note(&r->d->defects.raw_byte, at);
	emit(r, c);
}

static void bad_escape(struct dec_run *r)
{
	mc_qp_decoder *d = r->d;

	if (r->strict) {
		dfail(d, MC_ERR_BAD_ESCAPE, d->eq_at);
		return;
	}
	note(&d->defects.bad_escape, d->eq_at);
	emit(r, '=');
}

static void decode_byte(struct dec_run *r, uint8_t c, uint64_t at);

/* c, in the data state. */
static void data_byte(struct dec_run *r, uint8_t c, uint64_t at)
{
	mc_qp_decoder *d = r->d;

	if (c == '=') {
		d->eq_at = at;
		d->state = D_EQ;
	} else if (c == ' ' || c == '\t') {
		hold_blank(r, c, at);
		d->state = D_BLANKS;
	} else if (c == '\r') {
		d->cr_at = at;
		d->state = D_CR;
	} else if (c == '\n') {
		emit_eol(r, 0);
	} else if (c >= 33 && c <= 126) {
		emit(r, c);
	} else {
		raw_byte(r, c, at);
	}
}

static void decode_byte(struct dec_run *r, uint8_t c, uint64_t at)
{
	mc_qp_decoder *d = r->d;
	int h;

	switch (d->state) {
	case D_DATA:
		data_byte(r, c, at);
		return;
	case D_BLANKS:
		if (c == ' ' || c == '\t') {
			hold_blank(r, c, at);
		} else if (c == '\n') {
			if (drop_trailing(r, &d->defects.trailing_space)) {
				emit_eol(r, 0);
				d->state = D_DATA;
			}
		} else {
			if (c != '\r')
				emit_blanks(r);
			d->state = D_DATA;
			data_byte(r, c, at);
		}
		return;
	case D_EQ:
		if ((h = hex_value(c)) >= 0) {
			d->hex1 = c;
			d->state = D_EQ_HEX;
		} else if (c == ' ' || c == '\t') {
			hold_blank(r, c, at);
			d->state = D_EQ_BLANKS;
		} else if (c == '\r') {
			d->cr_at = at;
			d->state = D_EQ_CR;
		} else if (c == '\n') {
			d->state = D_DATA; /* soft line break */
		} else {
			d->state = D_DATA;
			bad_escape(r);
			if (d->state != D_FAILED)
				data_byte(r, c, at);
		}
		return;
	case D_EQ_HEX:
		d->state = D_DATA;
		if ((h = hex_value(c)) >= 0) {
			int lower = (c >= 'a' && c <= 'f') || (d->hex1 >= 'a' && d->hex1 <= 'f');
			if (lower) {
				if (r->strict) {
					dfail(d, MC_ERR_BAD_ESCAPE, d->eq_at);
					return;
				}
				note(&d->defects.lowercase_hex, d->eq_at);
			}
			emit(r, (uint8_t)(hex_value(d->hex1) << 4 | h));
		} else {
			bad_escape(r);
			if (d->state == D_FAILED)
				return;
			emit(r, d->hex1);
			data_byte(r, c, at);
		}
		return;
	case D_EQ_BLANKS:
		if (c == ' ' || c == '\t') {
			hold_blank(r, c, at);
		} else if (c == '\r') {
			d->cr_at = at;
			d->state = D_EQ_CR;
		} else if (c == '\n') {
			if (drop_trailing(r, &d->defects.soft_break_padding))
				d->state = D_DATA;
		} else {
			d->state = D_DATA;
			bad_escape(r);
			if (d->state == D_FAILED)
				return;
			emit_blanks(r);
			data_byte(r, c, at);
		}
		return;
	case D_EQ_CR:
		if (c == '\n') {
			if (drop_trailing(r, &d->defects.soft_break_padding))
				d->state = D_DATA;
		} else {
			d->state = D_DATA;
			bad_escape(r);
			if (d->state == D_FAILED)
				return;
			emit_blanks(r);
			raw_byte(r, '\r', d->cr_at);
			if (d->state != D_FAILED)
				data_byte(r, c, at);
		}
		return;
	case D_CR:
		if (c == '\n') {
			if (drop_trailing(r, &d->defects.trailing_space)) {
				emit_eol(r, 1);
				d->state = D_DATA;
			}
		} else {
			d->state = D_DATA;
			emit_blanks(r);
			raw_byte(r, '\r', d->cr_at);
			if (d->state != D_FAILED)
				data_byte(r, c, at);
		}
		return;
	default:
		return;
	}
}

/* Value + 1 of an upper-case hex digit, 0 for any other byte. */
#define HEX_DIGIT(c, v) [c] = (v) + 1
static const uint8_t hex_upper_plus1[256] = {
	HEX_DIGIT('0', 0),  HEX_DIGIT('1', 1),  HEX_DIGIT('2', 2),  HEX_DIGIT('3', 3),
	HEX_DIGIT('4', 4),  HEX_DIGIT('5', 5),  HEX_DIGIT('6', 6),  HEX_DIGIT('7', 7),
	HEX_DIGIT('8', 8),  HEX_DIGIT('9', 9),  HEX_DIGIT('A', 10), HEX_DIGIT('B', 11),
	HEX_DIGIT('C', 12), HEX_DIGIT('D', 13), HEX_DIGIT('E', 14), HEX_DIGIT('F', 15),
};
#undef HEX_DIGIT

/*
 * The decoder's bulk in the data state, window by window, as decode_byte
 * would do it: plain runs, =XX in upper case, soft breaks, line ends,
 * within 76 characters a line: whole windows by the kernel while it can,
 * and the window it stops at event by event.  Blanks that end a run wait
 * for the next window or for decode_byte (they may be trailing).  Stops before
 * anything else and where fewer than QP_FAST_IN bytes remain.  Returns
 * the bytes consumed.
 */
static size_t decode_fast(const struct qp_kernels *k, const uint8_t *src, size_t len,
                          uint8_t *dst, size_t cap, mc_eol eol, uint64_t *line_len_io,
                          mc_qp_defects *defects, uint64_t base, size_t *written)
{
	uint64_t line_len = *line_len_io;
	size_t i = 0, o = 0, pos = 0;
	unsigned walk = 0;

	while (len - i >= QP_FAST_IN && cap - o >= QP_FAST_OUT) {
		const uint8_t *const q = src + i;
		struct qp_marks m;
		uint64_t ev;

		if (walk == 0 && k->decode_windows != NULL) {
			/* windows decoded whole, as long as nothing needs a closer look */
			size_t wrote, used = k->decode_windows(q, len - i, dst + o, cap - o, eol, &line_len,
			                                       &wrote, defects, base + i);
			i += used;
			o += wrote;
			walk = used != 0 ? 1 : QP_WALK_AFTER_REFUSAL;
			continue;
		}
		if (walk != 0)
			walk--;
		k->classify(q, &m);
		/* everything but plain bytes, and blanks just before a CR or LF */
		ev = (m.special | (m.blank & ((m.cr | m.lf) >> 1))) & ((1ULL << QP_DECIDED) - 1);
		pos = 0;
		while (pos < QP_DECIDED) {
			uint64_t ahead = ev >> pos;
			size_t next = ahead ? pos + (size_t)__builtin_ctzll(ahead) : QP_DECIDED;
			size_t run = next - pos;
			int hi, lo;

			if (next == QP_DECIDED || bit(m.blank, next))
				while (run > 0 && qp_blank(q[pos + run - 1]))
					run--;
			if (!qp_line_fits(line_len, run)) {
				/* the run to the line's 76th character: the byte loop takes its 77th */
				copy64(dst + o, q + pos);
				o += 76 - line_len;
				pos += 76 - line_len;
				line_len = 76;
				goto stop;
			}
			copy64(dst + o, q + pos);
			o += run;
			line_len += run;
			pos += run;
			if (pos != next) {
				/* blanks that may be trailing: the next window, or decode_byte */
				if (next == QP_DECIDED && pos != 0)
					break;
				goto stop;
			}
			if (next == QP_DECIDED)
				break;
			switch (q[next]) {
			case '=':
				if (k->decode_blocks != NULL && (m.eq >> next & 0x49) == 0x49) {
					/* escapes back to back: blocks of 16 bytes decoded with shuffles */
					size_t wrote, used = k->decode_blocks(q + next, len - i - next, dst + o,
					                                      cap - o, &line_len, &wrote);
					o += wrote;
					pos += used;
					if (used != 0)
						goto next_window;
				}
				hi = hex_upper_plus1[q[next + 1]];
				lo = hex_upper_plus1[q[next + 2]];
				if (hi != 0 && lo != 0 && qp_line_fits(line_len, 3)) {
					dst[o++] = (uint8_t)((hi - 1) << 4 | (lo - 1));
					line_len += 3;
					pos += 3;
				} else if (qp_line_fits(line_len, 1) && q[next + 1] == '\r' && q[next + 2] == '\n') {
					line_len = 0;
					pos += 3;
				} else if (qp_line_fits(line_len, 1) && q[next + 1] == '\n') {
					line_len = 0;
					pos += 2;
				} else {
					goto stop;
				}
				break;
			case '\r':
				if (q[next + 1] != '\n')
					goto stop;
				if (eol != MC_EOL_LF)
					dst[o++] = '\r';
				dst[o++] = '\n';
				line_len = 0;
				pos += 2;
				break;
			case '\n':
				if (eol == MC_EOL_CRLF)
					dst[o++] = '\r';
				dst[o++] = '\n';
				line_len = 0;
				pos++;
				break;
			default:
				goto stop;
			}
		}
next_window:
		i += pos;
	}
	goto done;
stop:
	/* blanks just before what the byte loop will see: it holds them, so they go back to it */
	while (pos > 0 && qp_blank(src[i + pos - 1]) && o > 0 && dst[o - 1] == src[i + pos - 1]) {
		pos--;
		o--;
		line_len--;
	}
	i += pos;
done:
	*line_len_io = line_len;
	*written = o;
	return i;
}

/*
 * decode_fast on the last bytes of a chunk, too few for it where they
 * are: copied before bytes that stop it (NUL is never plain), and its
 * output copied back.  It writes what the byte loop would for what it
 * takes, so the caller's room holds it.  (4 KiB of QP text: AVX2 2.6 ->
 * 3.1 GB/s, SSSE3 1.9 -> 2.2.)  After it stops early the byte loop goes
 * a window before it is tried again, so that bytes it cannot take cost
 * a copy a window, not a copy each.
 */
#define QP_TAIL_IN (QP_FAST_IN + 2 * QP_WINDOW)

static size_t decode_fast_tail(const struct qp_kernels *k, const uint8_t *src, size_t len,
                               uint8_t *dst, size_t cap, mc_eol eol, uint64_t *line_len,
                               mc_qp_defects *defects, uint64_t base, size_t *written)
{
	uint8_t in[QP_TAIL_IN], out[2 * QP_TAIL_IN + QP_FAST_OUT];
	uint64_t ll = *line_len;
	/* (what it records is undone with the rest if its work is not taken) */
	const mc_qp_defects recorded = defects != NULL ? *defects : (mc_qp_defects){ 0 };
	size_t used, w;

	memcpy(in, src, len);
	memset(in + len, 0, sizeof in - len);
	used = decode_fast(k, in, sizeof in, out, sizeof out, eol, &ll, defects, base, &w);
	if (used > len || w > cap) {
		if (defects != NULL)
			*defects = recorded;
		*written = 0;
		return 0;
	}
	memcpy(dst, out, w);
	*line_len = ll;
	*written = w;
	return used;
}

static void decode_run(mc_qp_decoder *d, const uint8_t *src, size_t len, uint8_t *dst,
                       size_t cap, size_t *written)
{
	const struct qp_kernels *k = d->impl;
	struct dec_run r = { d, dst, 0, d->cfg.mode == MC_QP_STRICT };
	/* the bulk paths may record long lines and escapes in lower case and go on, not fail */
	mc_qp_defects *const defects = r.strict ? NULL : &d->defects;
	size_t i = 0, tail_from = 0;

	while (i < len && d->state != D_FAILED) {
		uint64_t at;
		uint8_t c;

		if (d->state == D_DATA) {
			size_t w, used = decode_fast(k, src + i, len - i, dst + r.o, cap - r.o,
			                             d->cfg.eol, &d->line_len, defects, d->offset + i, &w);
			r.o += w;
			i += used;
			/* the chunk's end, unless the bytes there stopped it a moment ago */
			if (len - i < QP_FAST_IN && len - i >= QP_TAIL_MIN && i >= tail_from) {
				used = decode_fast_tail(k, src + i, len - i, dst + r.o, cap - r.o,
				                        d->cfg.eol, &d->line_len, defects, d->offset + i, &w);
				r.o += w;
				i += used;
				tail_from = i + QP_WINDOW;
			}
			if (i == len)
				break;
		}
		at = d->offset + i;
		c = src[i++];

		/* Q6: physical lines over 76 characters, counted on the input */
		if (c == '\n') {
			d->line_len = 0;
		} else if (c != '\r' && ++d->line_len == 77) {
			if (r.strict) {
				dfail(d, MC_ERR_LINE_TOO_LONG, at);
				break;
			}
			note(&d->defects.long_line, at);
		}
		decode_byte(&r, c, at);
	}
	d->offset += i;
	*written = r.o;
}

mc_status mc_qp_decoded_max_length(size_t len, const mc_qp_config *cfg, size_t *out)
{
	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (cfg == NULL)
		cfg = &default_config;
	if (cfg->eol == MC_EOL_CRLF && !mul_ok(len, 2, &len))
		return MC_ERR_OVERFLOW;
	*out = len;
	return MC_OK;
}

mc_status mc_qp_decoder_bound(size_t len, const mc_qp_decoder *dec, size_t *out)
{
	size_t n;

	if (out == NULL || dec == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (mc_qp_decoded_max_length(len, &dec->cfg, &n) != MC_OK ||
	    !add_ok(n, MC_QP_BLANKS_MAX + 8, out))
		return MC_ERR_OVERFLOW;
	return MC_OK;
}

mc_status mc_qp_decoder_init(mc_qp_decoder *dec, const mc_qp_config *cfg)
{
	mc_status st;

	if (dec == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	/* all but the held blanks, which nothing reads past nblanks (1 KiB a call) */
	memset(dec, 0, offsetof(mc_qp_decoder, blanks));
	memset((char *)dec + offsetof(mc_qp_decoder, blanks) + sizeof dec->blanks, 0,
	       sizeof *dec - offsetof(mc_qp_decoder, blanks) - sizeof dec->blanks);
	dec->state = D_FAILED;
	dec->status = MC_ERR_STATE;
	if (cfg == NULL)
		cfg = &default_config;
	if ((st = check_config(cfg)) != MC_OK)
		return st;
	dec->cfg = *cfg;
	dec->impl = kernels_for(cfg->isa, &st);
	if (st == MC_OK) {
		dec->state = D_DATA;
		dec->status = MC_OK;
	}
	return st;
}

mc_status mc_qp_decoder_update(mc_qp_decoder *dec, const char *src, size_t len, void *dst,
                               size_t cap, size_t *written)
{
	size_t bound;

	if (written != NULL)
		*written = 0;
	if (dec == NULL || written == NULL || (len != 0 && (src == NULL || dst == NULL)))
		return MC_ERR_INVALID_ARGUMENT;
	if (dec->state == D_FAILED)
		return dec->status;
	if (dec->state == D_FINISHED)
		return MC_ERR_STATE;
	if (len == 0)
		return MC_OK;
	if (mc_qp_decoder_bound(len, dec, &bound) != MC_OK)
		return MC_ERR_OVERFLOW;
	if (cap < bound)
		return MC_ERR_BUFFER_TOO_SMALL;
	decode_run(dec, (const uint8_t *)src, len, dst, cap, written);
	return dec->status;
}

/* End of input in each state: what a partial construct means. */
static size_t decoder_finish(mc_qp_decoder *d, uint8_t *dst)
{
	struct dec_run r = { d, dst, 0, d->cfg.mode == MC_QP_STRICT };

	switch (d->state) {
	case D_BLANKS:
		drop_trailing(&r, &d->defects.trailing_space);
		break;
	case D_EQ:
		bad_escape(&r);
		break;
	case D_EQ_HEX:
		bad_escape(&r);
		if (d->state != D_FAILED)
			emit(&r, d->hex1);
		break;
	case D_EQ_BLANKS:
		drop_trailing(&r, &d->defects.soft_break_padding);
		break;
	case D_EQ_CR:
		/* a soft line break whose LF is missing */
		if (r.strict) {
			dfail(d, MC_ERR_INVALID_CHAR, d->cr_at);
			break;
		}
		if (d->nblanks != 0)
			note(&d->defects.soft_break_padding, d->blanks_at);
		d->nblanks = 0;
		note(&d->defects.raw_byte, d->cr_at);
		break;
	case D_CR:
		emit_blanks(&r);
		raw_byte(&r, '\r', d->cr_at);
		break;
	default:
		break;
	}
	if (d->state != D_FAILED)
		d->state = D_FINISHED;
	return r.o;
}

mc_status mc_qp_decoder_final(mc_qp_decoder *dec, void *dst, size_t cap, mc_qp_result *res)
{
	size_t n = 0;

	if (res != NULL)
		memset(res, 0, sizeof *res);
	if (dec == NULL || dst == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (dec->state == D_FINISHED)
		return MC_ERR_STATE;
	if (dec->state != D_FAILED) {
		if (cap < MC_QP_DECODER_FINAL_MAX)
			return MC_ERR_BUFFER_TOO_SMALL;
		n = decoder_finish(dec, dst);
	}
	if (res != NULL) {
		res->written = n;
		res->error_offset = dec->status == MC_OK ? 0 : dec->error_offset;
		res->defects = dec->defects;
	}
	return dec->status;
}

mc_status mc_qp_decode(const char *src, size_t len, void *dst, size_t cap, mc_qp_result *res,
                       const mc_qp_config *cfg)
{
	mc_qp_decoder *dec;
	mc_qp_decoder local;
	size_t need, n = 0;
	mc_status st;

	if (res != NULL)
		memset(res, 0, sizeof *res);
	if (len != 0 && (src == NULL || dst == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	if ((st = mc_qp_decoded_max_length(len, cfg, &need)) != MC_OK)
		return st;
	if (cap < need)
		return MC_ERR_BUFFER_TOO_SMALL;
	dec = &local;
	if ((st = mc_qp_decoder_init(dec, cfg)) != MC_OK)
		return st;
	if (len != 0)
		decode_run(dec, (const uint8_t *)src, len, dst, cap, &n);
	if (dec->state != D_FAILED)
		n += decoder_finish(dec, (uint8_t *)dst + n);
	if (res != NULL) {
		res->written = n;
		res->error_offset = dec->status == MC_OK ? 0 : dec->error_offset;
		res->defects = dec->defects;
	}
	return dec->status;
}

/* ---------------------------------------------------------------- "Q" words */

/* RFC 2047 §5 rule 3: what may appear as itself in a "Q" word in a phrase. */
static int q_literal(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

mc_status mc_qp_q_encoded_length(const void *src, size_t len, size_t *out)
{
	const uint8_t *p = src;
	size_t n = 0, i;

	if (out == NULL || (len != 0 && src == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	for (i = 0; i < len; i++)
		if (!add_ok(n, (q_literal(p[i]) || p[i] == ' ') ? 1 : 3, &n))
			return MC_ERR_OVERFLOW;
	*out = n;
	return MC_OK;
}

mc_status mc_qp_q_encode(const void *src, size_t len, char *dst, size_t cap, size_t *written)
{
	const uint8_t *p = src;
	size_t need, i, o = 0;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (written == NULL || (len != 0 && dst == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	if ((st = mc_qp_q_encoded_length(src, len, &need)) != MC_OK)
		return st;
	if (cap < need)
		return MC_ERR_BUFFER_TOO_SMALL;
	for (i = 0; i < len; i++) {
		if (q_literal(p[i])) {
			dst[o++] = (char)p[i];
		} else if (p[i] == ' ') {
			dst[o++] = '_';
		} else {
			dst[o++] = '=';
			dst[o++] = hex_upper[p[i] >> 4];
			dst[o++] = hex_upper[p[i] & 15];
		}
	}
	*written = o;
	return MC_OK;
}

mc_status mc_qp_q_decode(const char *src, size_t len, void *dst, size_t cap, mc_qp_result *res,
                         mc_qp_mode mode)
{
	const uint8_t *p = (const uint8_t *)src;
	uint8_t *out = dst;
	mc_qp_result local;
	size_t i, o = 0;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	if ((len != 0 && (src == NULL || dst == NULL)) || (unsigned)mode > MC_QP_LENIENT)
		return MC_ERR_INVALID_ARGUMENT;
	if (cap < len)
		return MC_ERR_BUFFER_TOO_SMALL;
	for (i = 0; i < len; i++) {
		uint8_t c = p[i];
		int hi, lo;

		if (c == '_') {
			out[o++] = ' ';
		} else if (c == '=') {
			hi = i + 1 < len ? hex_value(p[i + 1]) : -1;
			lo = i + 2 < len ? hex_value(p[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				if (mode == MC_QP_STRICT) {
					res->error_offset = i;
					res->written = o;
					return MC_ERR_BAD_ESCAPE;
				}
				note(&res->defects.bad_escape, i);
				out[o++] = '=';
				continue;
			}
			if ((p[i + 1] >= 'a' && p[i + 1] <= 'f') || (p[i + 2] >= 'a' && p[i + 2] <= 'f')) {
				if (mode == MC_QP_STRICT) {
					res->error_offset = i;
					res->written = o;
					return MC_ERR_BAD_ESCAPE;
				}
				note(&res->defects.lowercase_hex, i);
			}
			out[o++] = (uint8_t)(hi << 4 | lo);
			i += 2;
		} else if (c > 32 && c < 127 && c != '?') {
			out[o++] = c;
		} else {
			/* a blank, control, 8-bit byte or '?' cannot be in a "Q" word */
			if (mode == MC_QP_STRICT) {
				res->error_offset = i;
				res->written = o;
				return MC_ERR_INVALID_CHAR;
			}
			note(&res->defects.raw_byte, i);
			out[o++] = c;
		}
	}
	res->written = o;
	return MC_OK;
}
