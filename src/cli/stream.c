#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/parallel.h"
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

/* ------------------------------------------------------------- the pump */

/* One codec's update call behind one signature, with the line-end mapping of -p. */
struct pump {
	void *codec;
	mc_status (*update)(void *codec, const char *in, size_t len, char *out, size_t cap,
	                    size_t *written);
	int lf_to_crlf;   /* before encoding */
	int crlf_to_lf;   /* after decoding; held: a CR waiting for what follows */
	int held;
	char *wide;       /* room for a piece with its LFs doubled */
	char *out;
	size_t cap;
	mc_status status; /* of the last update */
};

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

/*
 * CRLF -> LF in place; a CR at the end is held (*held) until the next
 * piece shows what follows.  A CR held from an earlier piece must be dealt
 * with before the call (the output would outgrow the input by it); within
 * a piece the output never passes the byte being read.
 */
static size_t crlf_to_lf(char *buf, size_t len, int *held)
{
	size_t o = 0, i;

	for (i = 0; i < len; i++) {
		char c = buf[i];
		if (*held) {
			*held = 0;
			if (c == '\n') {
				buf[o++] = '\n';
				continue;
			}
			buf[o++] = '\r';
		}
		if (c == '\r')
			*held = 1;
		else
			buf[o++] = c;
	}
	return o;
}

/* Output room for `bound` bytes of one update plus a final call's `final_max`. */
static int pump_init(struct pump *p, size_t bound, size_t final_max)
{
	p->cap = bound + final_max;
	p->out = malloc(p->cap);
	p->wide = p->lf_to_crlf ? malloc(2 * CLI_CHUNK) : NULL;
	p->held = 0;
	p->status = MC_OK;
	if (p->out != NULL && (p->wide != NULL || !p->lf_to_crlf))
		return 0;
	cli_error("out of memory");
	free(p->out);
	free(p->wide);
	return -1;
}

static void pump_free(struct pump *p)
{
	free(p->out);
	free(p->wide);
}

/* Writes n bytes of p->out (the output of an update or final call). */
static int pump_emit(struct stream *s, struct pump *p, size_t n, int last)
{
	if (p->crlf_to_lf) {
		if (p->held && n > 0) {
			/* the CR that ended the last piece: dropped before an LF */
			p->held = 0;
			if (p->out[0] != '\n' && stream_emit(s, "\r", 1) != 0)
				return STREAM_WRITE;
		}
		n = crlf_to_lf(p->out, n, &p->held);
		if (last && p->held)
			p->out[n++] = '\r';
	}
	return stream_emit(s, p->out, n) == 0 ? STREAM_OK : STREAM_WRITE;
}

/*
 * Every piece of input through the codec, its output written.  Stops at
 * the end of the input, or at the first status that is not MC_OK (left in
 * p->status: a decoder's final call then tells the details).
 */
static int pump_run(struct stream *s, struct pump *p)
{
	const char *in;
	ssize_t n;
	size_t w;

	while ((n = stream_next(s, &in)) > 0) {
		size_t len = (size_t)n;
		if (p->lf_to_crlf) {
			len = lf_to_crlf(in, len, p->wide);
			in = p->wide;
		}
		p->status = p->update(p->codec, in, len, p->out, p->cap, &w);
		if (pump_emit(s, p, w, 0) != STREAM_OK)
			return STREAM_WRITE;
		if (p->status != MC_OK)
			return STREAM_OK;
	}
	return n < 0 ? STREAM_READ : STREAM_OK;
}

/* ---------------------------------------------------------------- encoders */

static mc_status b64_update(void *c, const char *in, size_t n, char *out, size_t cap, size_t *w)
{
	return mc_b64_encoder_update(c, in, n, out, cap, w);
}

static mc_status qp_update(void *c, const char *in, size_t n, char *out, size_t cap, size_t *w)
{
	return mc_qp_encoder_update(c, in, n, out, cap, w);
}

static mc_status uu_update(void *c, const char *in, size_t n, char *out, size_t cap, size_t *w)
{
	return mc_uu_encoder_update(c, in, n, out, cap, w);
}

/* The loop and final call every encoder shares; final writes at most final_max. */
static int encode(struct stream *s, struct pump *p, size_t bound, size_t final_max,
                  mc_status (*final)(void *codec, char *out, size_t cap, size_t *written))
{
	size_t w;
	int rc;
	mc_status st;

	if (pump_init(p, bound, final_max) != 0)
		return STREAM_WRITE;
	rc = pump_run(s, p);
	if (rc == STREAM_OK && p->status != MC_OK)
		rc = library_error(s, p->status);
	if (rc == STREAM_OK) {
		if ((st = final(p->codec, p->out, p->cap, &w)) != MC_OK)
			rc = library_error(s, st);
		else
			rc = pump_emit(s, p, w, 1);
	}
	pump_free(p);
	return rc;
}

static mc_status b64_final(void *c, char *out, size_t cap, size_t *w)
{
	return mc_b64_encoder_final(c, out, cap, w);
}

static mc_status qp_final(void *c, char *out, size_t cap, size_t *w)
{
	return mc_qp_encoder_final(c, out, cap, w);
}

static mc_status uu_final(void *c, char *out, size_t cap, size_t *w)
{
	return mc_uu_encoder_final(c, out, cap, w);
}

int stream_b64_encode(struct stream *s, const mc_b64_config *cfg, int portable)
{
	mc_b64_encoder enc;
	struct pump p = { .codec = &enc, .update = b64_update, .lf_to_crlf = portable };
	size_t bound;
	mc_status st;
	int rc;

	/* -p: a piece at most doubles */
	if ((st = mc_b64_encoder_init(&enc, cfg)) != MC_OK ||
	    (st = mc_b64_encoder_bound(&enc, portable ? 2 * CLI_CHUNK : CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	/* a large file's whole lines on every CPU; the encoder then starts on a line of its own */
	if (!portable && (rc = parallel_b64_encode(s, cfg)) != STREAM_OK)
		return rc;
	return encode(s, &p, bound, MC_B64_ENCODER_FINAL_MAX, b64_final);
}

int stream_qp_encode(struct stream *s, const mc_qp_config *cfg)
{
	mc_qp_encoder enc;
	struct pump p = { .codec = &enc, .update = qp_update };
	size_t bound;
	mc_status st;

	if ((st = mc_qp_encoder_init(&enc, cfg)) != MC_OK ||
	    (st = mc_qp_encoder_bound(&enc, CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	return encode(s, &p, bound, MC_QP_ENCODER_FINAL_MAX, qp_final);
}

int stream_uu_encode(struct stream *s, const mc_uu_config *cfg, unsigned mode, const char *name)
{
	mc_uu_encoder enc;
	struct pump p = { .codec = &enc, .update = uu_update };
	size_t bound;
	mc_status st;

	if ((st = mc_uu_encoder_init(&enc, mode, name, strlen(name), cfg)) != MC_OK ||
	    (st = mc_uu_encoder_bound(&enc, CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	return encode(s, &p, bound, MC_UU_ENCODER_FINAL_MAX, uu_final);
}

/* ---------------------------------------------------------------- decoders */

static mc_status b64_dec_update(void *c, const char *in, size_t n, char *out, size_t cap,
                                size_t *w)
{
	return mc_b64_decoder_update(c, in, n, out, cap, w);
}

static mc_status qp_dec_update(void *c, const char *in, size_t n, char *out, size_t cap,
                               size_t *w)
{
	return mc_qp_decoder_update(c, in, n, out, cap, w);
}

static mc_status uu_dec_update(void *c, const char *in, size_t n, char *out, size_t cap,
                               size_t *w)
{
	mc_uu_decoder *dec = c;

	/* the first uuencoded file only: stop reading after its end line */
	if (mc_uu_decoder_done(dec)) {
		*w = 0;
		return MC_ERR_ABORTED;
	}
	return mc_uu_decoder_update(dec, in, n, out, cap, w);
}

static void report_error(struct stream *s, mc_status st, uint64_t offset)
{
	cli_file_error(s->in_name, "%s at byte offset %llu", mc_strerror(st),
	               (unsigned long long)offset);
}

static int b64_defects_verdict(const char *in_name, const mc_b64_defects *d, enum strictness how)
{
	const char *sev = how == DECODE_LENIENT ? "warning: " : "";
	const char *soft = how == DECODE_STRICT ? "" : "warning: ";
	char what[96];

	snprintf(what, sizeof what, "%sinvalid characters skipped", sev);
	warn(in_name, what, &d->invalid_char);
	snprintf(what, sizeof what, "%smisplaced padding", sev);
	warn(in_name, what, &d->bad_padding);
	snprintf(what, sizeof what, "%sdata after the padding ignored", sev);
	warn(in_name, what, &d->after_padding);
	snprintf(what, sizeof what, "%smissing padding", soft);
	warn(in_name, what, &d->missing_padding);
	snprintf(what, sizeof what, "%snon-zero trailing bits", soft);
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
	mc_b64_decoder dec;
	mc_b64_result res;
	struct pump p = { .codec = &dec, .update = b64_dec_update, .crlf_to_lf = portable };
	size_t bound;
	mc_status st;
	int rc;

	/* line breaks and blanks are never an error here: MIME mode, then judge the defects */
	cfg.mode = MC_B64_MIME;
	if ((st = mc_b64_decoder_init(&dec, &cfg)) != MC_OK ||
	    (st = mc_b64_decoder_bound(CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (pump_init(&p, bound, MC_B64_DECODER_FINAL_MAX + 1) != 0)
		return STREAM_WRITE;
	if ((rc = pump_run(s, &p)) == STREAM_OK) {
		st = mc_b64_decoder_final(&dec, p.out, p.cap, &res);
		rc = pump_emit(s, &p, st == MC_OK ? res.written : 0, 1);
	}
	pump_free(&p);
	if (rc != STREAM_OK)
		return rc;
	if (st != MC_OK) {
		report_error(s, st, res.error_offset);
		return STREAM_BAD_DATA;
	}
	return b64_defects_verdict(s->in_name, &res.defects, how);
}

static int qp_defects_verdict(const char *in_name, const mc_qp_defects *d, enum strictness how)
{
	char what[96];

	snprintf(what, sizeof what, "%s'=' not followed by two hex digits, kept",
	         how == DECODE_LENIENT ? "warning: " : "");
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
	mc_qp_decoder dec;
	mc_qp_result res;
	struct pump p = { .codec = &dec, .update = qp_dec_update };
	size_t bound;
	mc_status st;
	int rc;

	cfg.mode = how == DECODE_STRICT ? MC_QP_STRICT : MC_QP_LENIENT;
	if ((st = mc_qp_decoder_init(&dec, &cfg)) != MC_OK ||
	    (st = mc_qp_decoder_bound(CLI_CHUNK, &dec, &bound)) != MC_OK)
		return library_error(s, st);
	if (pump_init(&p, bound, MC_QP_DECODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	if ((rc = pump_run(s, &p)) == STREAM_OK) {
		st = mc_qp_decoder_final(&dec, p.out, p.cap, &res);
		rc = pump_emit(s, &p, res.written, 1);
	}
	pump_free(&p);
	if (rc != STREAM_OK)
		return rc;
	if (st != MC_OK) {
		report_error(s, st, res.error_offset);
		return STREAM_BAD_DATA;
	}
	return qp_defects_verdict(s->in_name, &res.defects, how);
}

void report_uu_defects(const char *in_name, const mc_uu_defects *d)
{
	warn(in_name, "warning: characters outside the uuencode range", &d->bad_char);
	warn(in_name, "warning: malformed begin lines skipped", &d->bad_header);
	warn(in_name, "warning: no zero-length line before end", &d->no_zero_line);
}

int report_uu_status(const char *in_name, mc_status st, const mc_uu_result *res)
{
	if (st == MC_OK)
		return STREAM_OK;
	if (st == MC_ERR_TRUNCATED)
		cli_file_error(in_name, "no end line: the input stops after %llu decoded bytes",
		               (unsigned long long)res->written);
	else if (st == MC_ERR_NO_BEGIN)
		cli_file_error(in_name, "no begin line");
	else
		cli_file_error(in_name, "%s at line %llu (byte offset %llu)", mc_strerror(st),
		               (unsigned long long)res->error_line,
		               (unsigned long long)res->error_offset);
	return STREAM_BAD_DATA;
}

int stream_uu_decode(struct stream *s, mc_uu_config cfg, enum strictness how)
{
	mc_uu_decoder dec;
	mc_uu_result res;
	struct pump p = { .codec = &dec, .update = uu_dec_update };
	size_t bound, w = 0;
	mc_status st;
	int rc;

	cfg.mode = how == DECODE_STRICT ? MC_UU_STRICT : MC_UU_LENIENT;
	if ((st = mc_uu_decoder_init(&dec, &cfg)) != MC_OK ||
	    (st = mc_uu_decoder_bound(CLI_CHUNK, &bound)) != MC_OK)
		return library_error(s, st);
	if (pump_init(&p, bound, MC_UU_DECODER_FINAL_MAX) != 0)
		return STREAM_WRITE;
	if ((rc = pump_run(s, &p)) == STREAM_OK) {
		st = mc_uu_decoder_final(&dec, p.out, p.cap, &w, &res);
		rc = pump_emit(s, &p, w, 1);
	}
	pump_free(&p);
	if (rc != STREAM_OK)
		return rc;
	report_uu_defects(s->in_name, &res.defects);
	return report_uu_status(s->in_name, st, &res);
}

/* ------------------------------------------------------------ a command */

int stream_command(const struct stream_job *job)
{
	struct progress progress;
	struct output out;
	struct stream s = { 0 };
	int fd, rc;

	s.in_name = job->in_path != NULL ? job->in_path : "-";
	if ((fd = cli_open_input(job->in_path)) < 0) {
		cli_file_error(s.in_name, "%s", strerror(errno));
		return STREAM_NO_INPUT;
	}
	if (job->out_path == NULL) {
		output_stdout(&out);
	} else if (output_user_path(&out, job->out_path, 0666) != 0) {
		cli_file_error(job->out_path, "%s", strerror(errno));
		if (fd != STDIN_FILENO)
			close(fd);
		return STREAM_NO_OUTPUT;
	}
	if ((s.in = input_open(fd)) == NULL) {
		cli_error("out of memory");
		if (fd != STDIN_FILENO)
			close(fd);
		output_close(&out);
		return STREAM_WRITE;
	}
	s.out = &out;
	s.progress = &progress;
	progress_start(&progress, job->progress, input_size(s.in),
	               job->out_path == NULL || strcmp(job->out_path, "-") == 0);
	rc = job->run(&s, job->ctx);
	progress_end(&progress);
	if (rc == STREAM_OK && output_commit(&out) != 0) {
		cli_file_error(output_shown(&out), "%s", strerror(errno));
		rc = STREAM_WRITE;
	}
	output_close(&out);
	input_close(s.in);
	return rc;
}
