/*
 * base64: public API, streaming state, line wrapping, padding, errors and
 * defects.  Bulk work goes to the kernels of the chosen path; everything
 * here is scalar and identical for every path, which is what makes every
 * path give the same bytes, status and offsets.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "codecs/base64_impl.h"
#include "codecs/util.h"

enum { PH_DATA, PH_PAD, PH_DONE, PH_FAILED, PH_FINISHED };

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static const void *const b64_by_isa[MC_ISA_COUNT] = {
	[MC_ISA_SCALAR] = &mc_b64_kernels_scalar,
#ifdef HAVE_SSSE3
	[MC_ISA_SSSE3] = &mc_b64_kernels_ssse3,
#endif
#ifdef HAVE_AVX2
	[MC_ISA_AVX2] = &mc_b64_kernels_avx2,
#endif
#if defined(HAVE_AVX512) && defined(HAVE_AVX2)
	[MC_ISA_AVX512] = &mc_b64_kernels_avx512,
#endif
#ifdef HAVE_NEON
	[MC_ISA_NEON] = &mc_b64_kernels_neon,
#endif
};

static const struct b64_kernels *kernels_for(mc_isa requested, mc_status *status)
{
	pthread_once(&tables_once, mc_b64_tables_init);
	return pick_kernels(b64_by_isa, requested, status);
}

static const mc_b64_config default_config;

static mc_status check_config(const mc_b64_config *cfg)
{
	if ((unsigned)cfg->alphabet > MC_B64_URL || (unsigned)cfg->eol > MC_EOL_CRLF ||
	    (unsigned)cfg->mode > MC_B64_MIME || (cfg->flags & ~MC_B64_NO_PADDING) != 0 ||
	    (unsigned)cfg->isa >= MC_ISA_COUNT)
		return MC_ERR_INVALID_ARGUMENT;
	return MC_OK;
}

/* ---------------------------------------------------------------- lengths */

/* Characters and line ends for nchars characters starting at column col. */
static int wrapped_size(size_t nchars, unsigned col, const mc_b64_config *cfg, size_t *out)
{
	size_t lines, eols;

	if (cfg->line_width == 0 || nchars == 0) {
		*out = nchars;
		return 1;
	}
	/* a line end after every width-th character, plus one closing the last line */
	if (!add_ok(nchars, col, &lines))
		return 0;
	lines = lines / cfg->line_width + 1;
	return mul_ok(lines, cfg->eol == MC_EOL_CRLF ? 2 : 1, &eols) && add_ok(nchars, eols, out);
}

mc_status mc_b64_encoded_length(size_t len, const mc_b64_config *cfg, size_t *out)
{
	size_t chars, full = len / 3, rem = len % 3;
	mc_status st;

	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (cfg == NULL)
		cfg = &default_config;
	if ((st = check_config(cfg)) != MC_OK)
		return st;
	if (!mul_ok(full, 4, &chars))
		return MC_ERR_OVERFLOW;
	if (rem != 0 && !add_ok(chars, (cfg->flags & MC_B64_NO_PADDING) ? rem + 1 : 4, &chars))
		return MC_ERR_OVERFLOW;
	if (cfg->line_width != 0 && chars != 0) {
		size_t lines = chars / cfg->line_width + (chars % cfg->line_width != 0), eols;
		if (!mul_ok(lines, cfg->eol == MC_EOL_CRLF ? 2 : 1, &eols) ||
		    !add_ok(chars, eols, &chars))
			return MC_ERR_OVERFLOW;
	}
	*out = chars;
	return MC_OK;
}

mc_status mc_b64_decoded_max_length(size_t len, size_t *out)
{
	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	*out = len / 4 * 3 + len % 4 * 3 / 4;
	return MC_OK;
}

/* ---------------------------------------------------------------- encoder */

struct enc_run {
	const struct b64_kernels *k;
	struct b64_enc_args a;
	uint8_t *dst;
	size_t o;
};

static void put_eol(struct enc_run *r)
{
	memcpy(r->dst + r->o, r->a.eol, r->a.eol_len);
	r->o += r->a.eol_len;
}

/* Characters one at a time, wrapping where the line is full. */
static void put_chars(struct enc_run *r, unsigned *col, const uint8_t *chars, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		r->dst[r->o++] = chars[i];
		if (r->a.width != 0 && ++*col == r->a.width) {
			put_eol(r);
			*col = 0;
		}
	}
}

/* Encode len bytes (a multiple of 3) with no line breaks. */
static void encode_flat(struct enc_run *r, const uint8_t *src, size_t len)
{
	struct b64_enc_args flat = r->a;
	unsigned col = 0;
	size_t w = 0, n;

	flat.width = 0;
	n = r->k->encode(src, len, r->dst + r->o, &flat, &col, &w);
	r->o += w;
	n = mc_b64_scalar_encode_bulk(src + n, len - n, r->dst + r->o, r->a.url);
	r->o += n / 3 * 4;
}

/* Whole groups up to the end of the line at *col (or of the input); returns the bytes used. */
static size_t encode_to_line_end(struct enc_run *r, const uint8_t *src, size_t len, unsigned *col)
{
	size_t groups = (r->a.width - *col) / 4;

	if (groups > len / 3)
		groups = len / 3;
	encode_flat(r, src, groups * 3);
	*col += (unsigned)groups * 4;
	if (*col == r->a.width) {
		put_eol(r);
		*col = 0;
	}
	return groups * 3;
}

/* Encode len bytes (a multiple of 3) at column *col, wrapping lines. */
static void encode_groups(struct enc_run *r, const uint8_t *src, size_t len, unsigned *col)
{
	unsigned width = r->a.width;
	size_t n;

	if (width == 0) {
		encode_flat(r, src, len);
		return;
	}
	if (r->k->wrap_min != 0 && width >= r->k->wrap_min) {
		size_t w = 0;
		if (*col != 0 && width % 4 == 0) {
			/* finish the line the last call began: the kernel's fast
			   schedule needs to start on a line start */
			n = encode_to_line_end(r, src, len, col);
			src += n;
			len -= n;
		}
		n = r->k->encode(src, len, r->dst + r->o, &r->a, col, &w);
		r->o += w;
		src += n;
		len -= n;
	}
	while (len >= 3) {
		if (width - *col >= 4) {
			n = encode_to_line_end(r, src, len, col);
		} else {
			uint8_t q[4];
			mc_b64_scalar_encode_bulk(src, 3, q, r->a.url);
			put_chars(r, col, q, 4);
			n = 3;
		}
		src += n;
		len -= n;
	}
}

static void encoder_setup(struct enc_run *r, const mc_b64_encoder *enc, void *dst)
{
	r->k = enc->impl;
	r->a.url = enc->cfg.alphabet == MC_B64_URL;
	r->a.width = enc->cfg.line_width;
	r->a.eol_len = enc->cfg.eol == MC_EOL_CRLF ? 2 : 1;
	r->a.eol[0] = enc->cfg.eol == MC_EOL_CRLF ? '\r' : '\n';
	r->a.eol[1] = '\n';
	r->dst = dst;
	r->o = 0;
}

mc_status mc_b64_encoder_init(mc_b64_encoder *enc, const mc_b64_config *cfg)
{
	mc_status st;

	if (enc == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (cfg == NULL)
		cfg = &default_config;
	memset(enc, 0, sizeof *enc);
	if ((st = check_config(cfg)) != MC_OK)
		return st;
	enc->cfg = *cfg;
	enc->impl = kernels_for(cfg->isa, &st);
	return st;
}

mc_status mc_b64_encoder_bound(const mc_b64_encoder *enc, size_t len, size_t *out)
{
	size_t groups, chars;

	if (enc == NULL || out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	groups = len / 3 + 1;
	if (!mul_ok(groups, 4, &chars) || !wrapped_size(chars, enc->col, &enc->cfg, out))
		return MC_ERR_OVERFLOW;
	return MC_OK;
}

static size_t encoder_feed(mc_b64_encoder *enc, const uint8_t *src, size_t len, char *dst)
{
	struct enc_run r;
	size_t bulk;

	encoder_setup(&r, enc, dst);
	if (len == 0)
		return 0;
	if (enc->npending != 0) {
		while (enc->npending < 3 && len > 0) {
			enc->pending[enc->npending++] = *src++;
			len--;
		}
		if (enc->npending < 3)
			return 0;
		encode_groups(&r, enc->pending, 3, &enc->col);
		enc->npending = 0;
	}
	bulk = len / 3 * 3;
	encode_groups(&r, src, bulk, &enc->col);
	memcpy(enc->pending, src + bulk, len - bulk);
	enc->npending = (unsigned)(len - bulk);
	return r.o;
}

static size_t encoder_finish(mc_b64_encoder *enc, char *dst)
{
	struct enc_run r;
	uint8_t group[3] = { 0, 0, 0 }, q[4];
	unsigned nchars;

	encoder_setup(&r, enc, dst);
	if (enc->npending != 0) {
		memcpy(group, enc->pending, enc->npending);
		mc_b64_scalar_encode_bulk(group, 3, q, r.a.url);
		nchars = enc->npending + 1;
		if (!(enc->cfg.flags & MC_B64_NO_PADDING)) {
			memset(q + nchars, '=', 4 - nchars);
			nchars = 4;
		}
		put_chars(&r, &enc->col, q, nchars);
	}
	if (r.a.width != 0 && enc->col != 0)
		put_eol(&r);
	enc->col = 0;
	enc->npending = 0;
	enc->finished = 1;
	return r.o;
}

mc_status mc_b64_encoder_update(mc_b64_encoder *enc, const void *src, size_t len,
                                char *dst, size_t cap, size_t *written)
{
	size_t bound;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (enc == NULL || written == NULL || (len != 0 && (src == NULL || dst == NULL)))
		return MC_ERR_INVALID_ARGUMENT;
	if (enc->impl == NULL || enc->finished)
		return MC_ERR_STATE;
	if ((st = mc_b64_encoder_bound(enc, len, &bound)) != MC_OK)
		return st;
	if (cap < bound)
		return MC_ERR_BUFFER_TOO_SMALL;
	*written = encoder_feed(enc, src, len, dst);
	return MC_OK;
}

mc_status mc_b64_encoder_final(mc_b64_encoder *enc, char *dst, size_t cap, size_t *written)
{
	if (written != NULL)
		*written = 0;
	if (enc == NULL || written == NULL || dst == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (enc->impl == NULL || enc->finished)
		return MC_ERR_STATE;
	if (cap < MC_B64_ENCODER_FINAL_MAX)
		return MC_ERR_BUFFER_TOO_SMALL;
	*written = encoder_finish(enc, dst);
	return MC_OK;
}

mc_status mc_b64_encode(const void *src, size_t len, char *dst, size_t cap, size_t *written,
                        const mc_b64_config *cfg)
{
	mc_b64_encoder enc;
	size_t need, n;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (written == NULL || (len != 0 && (src == NULL || dst == NULL)))
		return MC_ERR_INVALID_ARGUMENT;
	if ((st = mc_b64_encoded_length(len, cfg, &need)) != MC_OK)
		return st;
	if (cap < need)
		return MC_ERR_BUFFER_TOO_SMALL;
	if ((st = mc_b64_encoder_init(&enc, cfg)) != MC_OK || need == 0)
		return st;
	n = encoder_feed(&enc, src, len, dst);
	n += encoder_finish(&enc, dst + n);
	*written = n;
	return MC_OK;
}

/* ---------------------------------------------------------------- decoder */

struct dec_run {
	mc_b64_decoder *d;
	const uint8_t *cls;
	uint8_t *dst;
	size_t o;
	int strict;
};

static void note(mc_defect *def, uint64_t at)
{
	note_defect(def, at, 1);
}

static void fail(mc_b64_decoder *d, mc_status st, uint64_t at)
{
	d->status = st;
	d->error_offset = at;
	d->phase = PH_FAILED;
}

/* Unused low bits of the last character of a quantum of n (2 or 3) characters. */
static int trailing_bits_ok(struct dec_run *r, unsigned n)
{
	mc_b64_decoder *d = r->d;

	if ((d->bits & (n == 2 ? 0xfu : 0x3u)) == 0)
		return 1;
	if (r->strict) {
		fail(d, MC_ERR_TRAILING_BITS, d->last_char_at);
		return 0;
	}
	note(&d->defects.trailing_bits, d->last_char_at);
	return 1;
}

/* Write the 1 or 2 bytes of a quantum of 2 or 3 characters. */
static void emit_partial(struct dec_run *r, unsigned n)
{
	uint32_t v = r->d->bits << (6 * (4 - n));

	r->dst[r->o++] = (uint8_t)(v >> 16);
	if (n == 3)
		r->dst[r->o++] = (uint8_t)(v >> 8);
}

static void on_pad(struct dec_run *r, uint64_t at)
{
	mc_b64_decoder *d = r->d;
	unsigned n = d->nchars;

	if (r->strict && (d->cfg.flags & MC_B64_NO_PADDING)) {
		fail(d, MC_ERR_BAD_PADDING, at);
		return;
	}
	if (d->phase == PH_PAD) {
		if (--d->pads_missing == 0)
			d->phase = PH_DONE;
		return;
	}
	if (d->phase == PH_DONE || n == 0) {
		if (r->strict) {
			fail(d, MC_ERR_BAD_PADDING, at);
			return;
		}
		note(&d->defects.bad_padding, at);
		d->phase = PH_DONE;
		return;
	}
	if (n == 1) {
		fail(d, MC_ERR_TRUNCATED, d->quantum_at);
		return;
	}
	if (!trailing_bits_ok(r, n))
		return;
	emit_partial(r, n);
	d->nchars = 0;
	d->bits = 0;
	d->pads_missing = 3 - n;
	d->phase = d->pads_missing ? PH_PAD : PH_DONE;
}

static void on_char(struct dec_run *r, uint8_t c, uint64_t at)
{
	mc_b64_decoder *d = r->d;
	uint8_t v = r->cls[c];

	if (v < 64) {
		if (d->phase != PH_DATA) {
			if (r->strict) {
				fail(d, MC_ERR_DATA_AFTER_PADDING, at);
				return;
			}
			if (d->phase == PH_PAD) {
				note(&d->defects.missing_padding, at);
				d->phase = PH_DONE;
			}
			note(&d->defects.after_padding, at);
			return;
		}
		if (d->nchars == 0)
			d->quantum_at = at;
		d->bits = d->bits << 6 | v;
		d->last_char_at = at;
		if (++d->nchars == 4) {
			r->dst[r->o++] = (uint8_t)(d->bits >> 16);
			r->dst[r->o++] = (uint8_t)(d->bits >> 8);
			r->dst[r->o++] = (uint8_t)d->bits;
			d->nchars = 0;
			d->bits = 0;
		}
	} else if (v == B64_PAD) {
		on_pad(r, at);
	} else if (r->strict) {
		fail(d, MC_ERR_INVALID_CHAR, at);
	} else if (v == B64_BAD) {
		if (d->phase == PH_DONE)
			note(&d->defects.after_padding, at);
		else
			note(&d->defects.invalid_char, at);
	}
}

/* Characters handled one at a time after the kernel stops, before it is tried again. */
#define SCALAR_STRETCH 16

/*
 * MIME mode on text the kernel keeps stopping in (a stray byte on every
 * line, "> " quoting, blanks between characters): the alphabet
 * characters are gathered GATHER_CHARS at a time into a buffer, the
 * bytes skipped counted as on_char() would count them, and the whole
 * quanta decoded at once.  Stops before a '=' (on_pad's), and gives back
 * what follows the last whole quantum.  Returns the bytes consumed: 0 if
 * not one quantum.  (Lines quoted with "> ", 1 MiB of input: AVX-512
 * 0.64 -> 9.8 GB/s, AVX2 0.87 -> 6.6, SSSE3 -> 2.7, scalar 1.3 -> 2.1,
 * the SIMD paths with their kernels' gather; they had been slower than
 * scalar, each stray byte costing a kernel call and a stretch of
 * characters one at a time.)
 */
#define GATHER_CHARS 1024
/* a kernel call that took fewer bytes than this is followed by a gather */
#define GATHER_AFTER 512

static size_t decode_gathered(struct dec_run *r, const struct b64_kernels *k, int url,
                              const uint8_t *src, size_t len, size_t cap, uint64_t base)
{
	mc_b64_decoder *d = r->d;
	const uint8_t *const cls = r->cls;
	uint8_t buf[GATHER_CHARS];
	size_t i = 0, n = 0, end, used, w, stop;
	uint64_t bad = 0;

	if (k->gather != NULL)
		i = k->gather(src, len, buf, GATHER_CHARS, url, &n, &bad);
	while (i < len && n < GATHER_CHARS) {
		const uint8_t *const p = src + i;

		/* eight characters at once while they are all in the alphabet (OR of values < 64) */
		if (len - i >= 8 && GATHER_CHARS - n >= 8 &&
		    (cls[p[0]] | cls[p[1]] | cls[p[2]] | cls[p[3]] | cls[p[4]] | cls[p[5]] | cls[p[6]] |
		     cls[p[7]]) < 64) {
			memcpy(buf + n, p, 8);
			n += 8;
			i += 8;
			continue;
		}
		for (stop = len - i < 8 ? len : i + 8; i < stop && n < GATHER_CHARS; i++) {
			const uint8_t c = src[i], v = cls[c];

			if (v == B64_PAD)
				goto gathered;
			buf[n] = c;
			n += v < 64;
			bad += v == B64_BAD;
		}
	}
gathered:
	/* back to just past the last character of the last whole quantum */
	end = i;
	while (end > 0 && (n % 4 != 0 || cls[src[end - 1]] >= 64)) {
		const uint8_t v = cls[src[--end]];

		n -= v < 64;
		bad -= v == B64_BAD;
	}
	if (n == 0)
		return 0;
	if (bad != 0) {
		uint64_t first = 0;

		if (d->defects.invalid_char.count == 0)
			while (cls[src[first]] != B64_BAD)
				first++;
		note_defect(&d->defects.invalid_char, base + first, bad);
	}
	used = k->decode(buf, n, r->dst + r->o, cap - r->o, url, 0, &w);
	r->o += w;
	if (used < n) {
		mc_b64_scalar_decode_bulk(buf + used, n - used, r->dst + r->o, cap - r->o, url, &w);
		r->o += w;
	}
	return end;
}

static void decode_run(mc_b64_decoder *d, const uint8_t *src, size_t len, uint8_t *dst,
                       size_t cap, size_t *written)
{
	const struct b64_kernels *k = d->impl;
	int url = d->cfg.alphabet == MC_B64_URL;
	struct dec_run r = { d, mc_b64_class[url], dst, 0, d->cfg.mode == MC_B64_STRICT };
	uint64_t base = d->offset;
	size_t i = 0;
	int gather = 0;

	while (i < len && d->phase != PH_FAILED) {
		size_t stop;

		if (d->nchars == 0 && d->phase == PH_DATA) {
			size_t w = 0, n;

			if (gather) {
				n = decode_gathered(&r, k, url, src + i, len - i, cap, base + i);
				gather = 0;
			} else {
				n = k->decode(src + i, len - i, dst + r.o, cap - r.o, url, !r.strict, &w);
				r.o += w;
				gather = !r.strict && n < GATHER_AFTER;
			}
			if (n != 0) {
				i += n;
				d->last_char_at = base + i - 1;
				continue;
			}
			if (gather)
				continue;
		}
		stop = len - i > SCALAR_STRETCH ? i + SCALAR_STRETCH : len;
		for (; i < stop && d->phase != PH_FAILED; i++)
			on_char(&r, src[i], base + i);
		/* finish the open quantum so the kernel can resume */
		while (i < len && d->nchars != 0 && d->phase == PH_DATA) {
			on_char(&r, src[i], base + i);
			i++;
		}
	}
	d->offset = base + (d->phase == PH_FAILED ? d->error_offset - base : i);
	*written = r.o;
}

mc_status mc_b64_decoder_init(mc_b64_decoder *dec, const mc_b64_config *cfg)
{
	mc_status st;

	if (dec == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (cfg == NULL)
		cfg = &default_config;
	memset(dec, 0, sizeof *dec);
	dec->phase = PH_FAILED;
	dec->status = MC_ERR_STATE;
	if ((st = check_config(cfg)) != MC_OK)
		return st;
	dec->cfg = *cfg;
	dec->impl = kernels_for(cfg->isa, &st);
	if (st == MC_OK) {
		dec->phase = PH_DATA;
		dec->status = MC_OK;
	}
	return st;
}

mc_status mc_b64_decoder_bound(size_t len, size_t *out)
{
	size_t n;

	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (!add_ok(len, 3, &n))
		return MC_ERR_OVERFLOW;
	return mc_b64_decoded_max_length(n, out);
}

mc_status mc_b64_decoder_update(mc_b64_decoder *dec, const char *src, size_t len, void *dst,
                                size_t cap, size_t *written)
{
	size_t bound;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (dec == NULL || written == NULL || (len != 0 && (src == NULL || dst == NULL)))
		return MC_ERR_INVALID_ARGUMENT;
	if (dec->phase == PH_FAILED || dec->phase == PH_FINISHED)
		return dec->phase == PH_FAILED ? dec->status : MC_ERR_STATE;
	if ((st = mc_b64_decoder_bound(len, &bound)) != MC_OK)
		return st;
	if (cap < bound)
		return MC_ERR_BUFFER_TOO_SMALL;
	if (len == 0)
		return MC_OK;
	decode_run(dec, (const uint8_t *)src, len, dst, cap, written);
	return dec->status;
}

static size_t decoder_finish(mc_b64_decoder *d, uint8_t *dst)
{
	struct dec_run r = { d, NULL, dst, 0, d->cfg.mode == MC_B64_STRICT };
	int unpadded_ok = (d->cfg.flags & MC_B64_NO_PADDING) != 0;

	if (d->phase == PH_FAILED)
		return 0;
	if (d->phase == PH_PAD) {
		if (r.strict)
			fail(d, MC_ERR_MISSING_PADDING, d->offset);
		else
			note(&d->defects.missing_padding, d->offset);
	} else if (d->phase == PH_DATA && d->nchars == 1) {
		fail(d, MC_ERR_TRUNCATED, d->quantum_at);
	} else if (d->phase == PH_DATA && d->nchars != 0) {
		if (!unpadded_ok && r.strict) {
			fail(d, MC_ERR_MISSING_PADDING, d->offset);
			return 0;
		}
		if (!unpadded_ok)
			note(&d->defects.missing_padding, d->offset);
		if (trailing_bits_ok(&r, d->nchars))
			emit_partial(&r, d->nchars);
	}
	if (d->phase != PH_FAILED)
		d->phase = PH_FINISHED;
	return r.o;
}

static void fill_result(const mc_b64_decoder *d, mc_b64_result *res, size_t written)
{
	if (res == NULL)
		return;
	res->written = written;
	res->error_offset = d->status == MC_OK ? 0 : d->error_offset;
	res->defects = d->defects;
}

mc_status mc_b64_decoder_final(mc_b64_decoder *dec, void *dst, size_t cap, mc_b64_result *res)
{
	size_t n;

	if (res != NULL)
		memset(res, 0, sizeof *res);
	if (dec == NULL || dst == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (dec->phase == PH_FINISHED)
		return MC_ERR_STATE;
	if (dec->phase != PH_FAILED && cap < MC_B64_DECODER_FINAL_MAX)
		return MC_ERR_BUFFER_TOO_SMALL;
	n = decoder_finish(dec, dst);
	fill_result(dec, res, n);
	return dec->status;
}

mc_status mc_b64_decode(const char *src, size_t len, void *dst, size_t cap,
                        mc_b64_result *res, const mc_b64_config *cfg)
{
	mc_b64_decoder dec;
	size_t need, n = 0;
	mc_status st;

	if (res != NULL)
		memset(res, 0, sizeof *res);
	if (len != 0 && (src == NULL || dst == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	mc_b64_decoded_max_length(len, &need);
	if (cap < need)
		return MC_ERR_BUFFER_TOO_SMALL;
	if ((st = mc_b64_decoder_init(&dec, cfg)) != MC_OK)
		return st;
	if (len != 0) {
		decode_run(&dec, (const uint8_t *)src, len, dst, cap, &n);
		n += decoder_finish(&dec, (uint8_t *)dst + n);
	} else {
		dec.phase = PH_FINISHED;
	}
	fill_result(&dec, res, n);
	return dec.status;
}
