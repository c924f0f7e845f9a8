#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/stream.h"

ssize_t stream_next(struct stream *s, const char **data)
{
	ssize_t n = input_next(s->in, data);

	if (n < 0) {
		cli_file_error(s->in_name, "read error: %s", strerror(errno));
		return -1;
	}
	s->in_bytes += (uint64_t)n;
	progress_update(s->progress, s->in_bytes);
	return n;
}

int stream_emit(struct stream *s, const void *buf, size_t len)
{
	if (output_write(s->out, buf, len) == 0)
		return 0;
	cli_file_error(output_shown(s->out), "write error: %s", strerror(errno));
	return -1;
}

static int library_error(struct stream *s, mc_status st)
{
	cli_file_error(s->in_name, "%s", mc_strerror(st));
	return STREAM_BAD_DATA;
}

static void warn(const char *in_name, const char *what, const mc_defect *d)
{
	if (d->count != 0)
		cli_file_error(in_name, "%s: %llu, the first at byte offset %llu", what,
		               (unsigned long long)d->count, (unsigned long long)d->first);
}

/* The output of one piece of input. */
struct buffers {
	char *out;
	size_t out_cap;
};

static int buffers_get(struct buffers *b, size_t out_cap)
{
	b->out = malloc(out_cap);
	b->out_cap = out_cap;
	if (b->out != NULL)
		return 0;
	cli_error("out of memory");
	return -1;
}

static void buffers_put(struct buffers *b)
{
	free(b->out);
}

/* ------------------------------------------------------------------ base64 */

/* LF -> CRLF from src into dst (2 * len bytes); returns the new length. */
static size_t lf_to_crlf(const char *src, size_t len, char *dst)
{
	size_t o = 0, i;

	for (i = 0; i < len; i++) {
		if (src[i] == '\n')
			dst[o++] = '\r';
		dst[o++] = src[i];
	}
	return o;
}

int stream_b64_encode(struct stream *s, const mc_b64_config *cfg, int portable)
{
	size_t bound, w;
	struct buffers b;
	const char *in;
	mc_b64_encoder enc;
	char *wide = NULL;
	mc_status st;
	ssize_t n;
	int rc = STREAM_OK;

	/* -p: a piece at most doubles */
	if ((st = mc_b64_encoder_init(&enc, cfg)) != MC_OK ||
	    (st = mc_b64_encoder_bound(&enc, portable ? 2 * CLI_CHUNK : CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (buffers_get(&b, bound + MC_B64_ENCODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	if (portable && (wide = malloc(2 * CLI_CHUNK)) == NULL) {
		buffers_put(&b);
		cli_error("out of memory");
		return STREAM_WRITE;
	}
	while ((n = stream_next(s, &in)) > 0) {
		const char *src = in;
		size_t len = (size_t)n;
		if (portable) {
			len = lf_to_crlf(in, len, wide);
			src = wide;
		}
		if ((st = mc_b64_encoder_update(&enc, src, len, b.out, b.out_cap, &w)) != MC_OK) {
			rc = library_error(s, st);
			goto out;
		}
		if (stream_emit(s, b.out, w) != 0) {
			rc = STREAM_WRITE;
			goto out;
		}
	}
	if (n < 0) {
		rc = STREAM_READ;
		goto out;
	}
	mc_b64_encoder_final(&enc, b.out, b.out_cap, &w);
	if (stream_emit(s, b.out, w) != 0)
		rc = STREAM_WRITE;
out:
	free(wide);
	buffers_put(&b);
	return rc;
}

/* CRLF -> LF in place; a CR at the end is held (*held) until the next piece shows what follows. */
static size_t crlf_to_lf(char *buf, size_t len, int *held, char *out)
{
	size_t o = 0, i;

	for (i = 0; i < len; i++) {
		if (*held) {
			*held = 0;
			if (buf[i] == '\n') {
				out[o++] = '\n';
				continue;
			}
			out[o++] = '\r';
		}
		if (buf[i] == '\r')
			*held = 1;
		else
			out[o++] = buf[i];
	}
	return o;
}

static int b64_defects_verdict(const char *in_name, const mc_b64_defects *d, enum strictness how)
{
	const char *sev = how == DECODE_LENIENT ? "warning: " : "";
	char what[96];

	snprintf(what, sizeof what, "%sinvalid characters skipped", sev);
	warn(in_name, what, &d->invalid_char);
	snprintf(what, sizeof what, "%smisplaced padding", sev);
	warn(in_name, what, &d->bad_padding);
	snprintf(what, sizeof what, "%sdata after the padding ignored", sev);
	warn(in_name, what, &d->after_padding);
	snprintf(what, sizeof what, "%smissing padding", how == DECODE_STRICT ? "" : "warning: ");
	warn(in_name, what, &d->missing_padding);
	snprintf(what, sizeof what, "%snon-zero trailing bits", how == DECODE_STRICT ? "" : "warning: ");
	warn(in_name, what, &d->trailing_bits);
	if (how == DECODE_LENIENT)
		return STREAM_OK;
	if (d->invalid_char.count || d->bad_padding.count || d->after_padding.count)
		return STREAM_BAD_DATA;
	if (how == DECODE_STRICT && (d->missing_padding.count || d->trailing_bits.count))
		return STREAM_BAD_DATA;
	return STREAM_OK;
}

int stream_b64_decode(struct stream *s, mc_b64_config cfg, enum strictness how, int portable)
{
	struct buffers b;
	const char *in;
	mc_b64_decoder dec;
	mc_b64_result res;
	mc_status st;
	size_t bound, w;
	ssize_t n = 0;
	int held = 0, rc;

	/* line breaks and blanks are never an error here: MIME mode, then judge the defects */
	cfg.mode = MC_B64_MIME;
	if ((st = mc_b64_decoder_init(&dec, &cfg)) != MC_OK ||
	    (st = mc_b64_decoder_bound(CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (buffers_get(&b, bound + MC_B64_DECODER_FINAL_MAX + 1) != 0)
		return STREAM_WRITE;
	st = MC_OK;
	while (st == MC_OK && (n = stream_next(s, &in)) > 0) {
		st = mc_b64_decoder_update(&dec, in, (size_t)n, b.out, b.out_cap, &w);
		if (portable)
			w = crlf_to_lf(b.out, w, &held, b.out);
		if (stream_emit(s, b.out, w) != 0) {
			buffers_put(&b);
			return STREAM_WRITE;
		}
	}
	if (n < 0) {
		buffers_put(&b);
		return STREAM_READ;
	}
	st = mc_b64_decoder_final(&dec, b.out, b.out_cap, &res);
	w = st == MC_OK ? res.written : 0;
	if (portable) {
		w = crlf_to_lf(b.out, w, &held, b.out);
		if (held)
			b.out[w++] = '\r';
	}
	if (stream_emit(s, b.out, w) != 0) {
		buffers_put(&b);
		return STREAM_WRITE;
	}
	buffers_put(&b);
	if (st != MC_OK) {
		cli_file_error(s->in_name, "%s at byte offset %llu", mc_strerror(st),
		               (unsigned long long)res.error_offset);
		return STREAM_BAD_DATA;
	}
	rc = b64_defects_verdict(s->in_name, &res.defects, how);
	return rc;
}

/* ------------------------------------------------------- quoted-printable */

int stream_qp_encode(struct stream *s, const mc_qp_config *cfg)
{
	struct buffers b;
	const char *in;
	mc_qp_encoder enc;
	mc_status st;
	size_t bound, w;
	ssize_t n;
	int rc = STREAM_OK;

	if ((st = mc_qp_encoder_init(&enc, cfg)) != MC_OK ||
	    (st = mc_qp_encoder_bound(&enc, CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (buffers_get(&b, bound + MC_QP_ENCODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	while ((n = stream_next(s, &in)) > 0) {
		if ((st = mc_qp_encoder_update(&enc, in, (size_t)n, b.out, b.out_cap, &w)) != MC_OK) {
			rc = library_error(s, st);
			goto out;
		}
		if (stream_emit(s, b.out, w) != 0) {
			rc = STREAM_WRITE;
			goto out;
		}
	}
	if (n < 0) {
		rc = STREAM_READ;
		goto out;
	}
	if ((st = mc_qp_encoder_final(&enc, b.out, b.out_cap, &w)) != MC_OK)
		rc = library_error(s, st);
	else if (stream_emit(s, b.out, w) != 0)
		rc = STREAM_WRITE;
out:
	buffers_put(&b);
	return rc;
}

static int qp_defects_verdict(const char *in_name, const mc_qp_defects *d, enum strictness how)
{
	const char *sev = how == DECODE_LENIENT ? "warning: " : "";
	char what[96];

	snprintf(what, sizeof what, "%s'=' not followed by two hex digits, kept", sev);
	warn(in_name, what, &d->bad_escape);
	warn(in_name, "warning: blanks between '=' and the line end", &d->soft_break_padding);
	warn(in_name, "warning: blanks at the end of a line removed", &d->trailing_space);
	warn(in_name, "warning: lower-case hex digits", &d->lowercase_hex);
	warn(in_name, "warning: lines over 76 characters", &d->long_line);
	warn(in_name, "warning: control or 8-bit bytes kept", &d->raw_byte);
	return how == DECODE_DEFAULT && d->bad_escape.count ? STREAM_BAD_DATA : STREAM_OK;
}

int stream_qp_decode(struct stream *s, mc_qp_config cfg, enum strictness how)
{
	struct buffers b;
	const char *in;
	mc_qp_decoder dec;
	mc_qp_result res;
	mc_status st;
	size_t bound, w;
	ssize_t n = 0;

	cfg.mode = how == DECODE_STRICT ? MC_QP_STRICT : MC_QP_LENIENT;
	if ((st = mc_qp_decoder_init(&dec, &cfg)) != MC_OK ||
	    (st = mc_qp_decoder_bound(CLI_CHUNK, &dec, &bound)) != MC_OK)
		return library_error(s, st);
	if (buffers_get(&b, bound + MC_QP_DECODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	st = MC_OK;
	while (st == MC_OK && (n = stream_next(s, &in)) > 0) {
		st = mc_qp_decoder_update(&dec, in, (size_t)n, b.out, b.out_cap, &w);
		if (stream_emit(s, b.out, w) != 0) {
			buffers_put(&b);
			return STREAM_WRITE;
		}
	}
	if (n < 0) {
		buffers_put(&b);
		return STREAM_READ;
	}
	st = mc_qp_decoder_final(&dec, b.out, b.out_cap, &res);
	if (stream_emit(s, b.out, res.written) != 0) {
		buffers_put(&b);
		return STREAM_WRITE;
	}
	buffers_put(&b);
	if (st != MC_OK) {
		cli_file_error(s->in_name, "%s at byte offset %llu", mc_strerror(st),
		               (unsigned long long)res.error_offset);
		return STREAM_BAD_DATA;
	}
	return qp_defects_verdict(s->in_name, &res.defects, how);
}

/* ---------------------------------------------------------------- uuencode */

int stream_uu_encode(struct stream *s, const mc_uu_config *cfg, unsigned mode, const char *name)
{
	struct buffers b;
	const char *in;
	mc_uu_encoder enc;
	mc_status st;
	size_t bound, w;
	ssize_t n;
	int rc = STREAM_OK;

	if ((st = mc_uu_encoder_init(&enc, mode, name, strlen(name), cfg)) != MC_OK ||
	    (st = mc_uu_encoder_bound(&enc, CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (buffers_get(&b, bound + MC_UU_ENCODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	while ((n = stream_next(s, &in)) > 0) {
		if ((st = mc_uu_encoder_update(&enc, in, (size_t)n, b.out, b.out_cap, &w)) != MC_OK) {
			rc = library_error(s, st);
			goto out;
		}
		if (stream_emit(s, b.out, w) != 0) {
			rc = STREAM_WRITE;
			goto out;
		}
	}
	if (n < 0) {
		rc = STREAM_READ;
		goto out;
	}
	if ((st = mc_uu_encoder_final(&enc, b.out, b.out_cap, &w)) != MC_OK)
		rc = library_error(s, st);
	else if (stream_emit(s, b.out, w) != 0)
		rc = STREAM_WRITE;
out:
	buffers_put(&b);
	return rc;
}

void report_uu_defects(const char *in_name, const mc_uu_defects *d)
{
	warn(in_name, "warning: characters outside the uuencode range", &d->bad_char);
	warn(in_name, "warning: malformed begin lines skipped", &d->bad_header);
	warn(in_name, "warning: no zero-length line before end", &d->no_zero_line);
}

int stream_uu_decode(struct stream *s, mc_uu_config cfg, enum strictness how)
{
	struct buffers b;
	const char *in;
	mc_uu_decoder dec;
	mc_uu_result res;
	mc_status st;
	size_t bound, w;
	ssize_t n = 0;

	cfg.mode = how == DECODE_STRICT ? MC_UU_STRICT : MC_UU_LENIENT;
	if ((st = mc_uu_decoder_init(&dec, &cfg)) != MC_OK ||
	    (st = mc_uu_decoder_bound(CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (buffers_get(&b, bound + MC_UU_DECODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	st = MC_OK;
	while (st == MC_OK && !mc_uu_decoder_done(&dec) &&
	       (n = stream_next(s, &in)) > 0) {
		st = mc_uu_decoder_update(&dec, in, (size_t)n, b.out, b.out_cap, &w);
		if (stream_emit(s, b.out, w) != 0) {
			buffers_put(&b);
			return STREAM_WRITE;
		}
	}
	if (n < 0) {
		buffers_put(&b);
		return STREAM_READ;
	}
	st = mc_uu_decoder_final(&dec, b.out, b.out_cap, &w, &res);
	if (stream_emit(s, b.out, w) != 0) {
		buffers_put(&b);
		return STREAM_WRITE;
	}
	buffers_put(&b);
	report_uu_defects(s->in_name, &res.defects);
	if (st == MC_ERR_TRUNCATED) {
		cli_file_error(s->in_name, "no end line: the input stops after %llu decoded bytes",
		               (unsigned long long)res.written);
		return STREAM_BAD_DATA;
	}
	if (st == MC_ERR_NO_BEGIN) {
		cli_file_error(s->in_name, "no begin line");
		return STREAM_BAD_DATA;
	}
	if (st != MC_OK) {
		cli_file_error(s->in_name, "%s at line %llu (byte offset %llu)", mc_strerror(st),
		               (unsigned long long)res.error_line,
		               (unsigned long long)res.error_offset);
		return STREAM_BAD_DATA;
	}
	return STREAM_OK;
}
