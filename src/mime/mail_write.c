/*
 * Writing a built message: every part's content scanned (files are read
 * twice: once to scan, once to encode), encodings chosen, boundaries
 * drawn and checked, then everything encoded as it streams out through a
 * 64 KiB buffer.  The rules are in mimecodec/mail.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <mimecodec/base64.h>
#include <mimecodec/qp.h>

#include "mime/mail_impl.h"

#define MAIL_OUT_BUF 65536

/* --------------------------------------------------------------- choice */

static int is_text(const struct mc_mail_part *p)
{
	return strncmp(p->type, "text/", 5) == 0;
}

/* Scans the content (a file is read through once). */
static mc_status scan(struct mc_mail_part *p)
{
	if (mc_text_scan_init(&p->scan, p->mail->cfg.isa) != MC_OK)
		return MC_ERR_ISA_UNAVAILABLE;
	if (p->src == SRC_MEM) {
		mc_text_scan_update(&p->scan, p->data, p->len);
	} else if (p->src == SRC_FILE) {
		uint8_t *buf = malloc(MAIL_CHUNK);
		int fd = open(p->path, O_RDONLY | O_CLOEXEC);
		ssize_t n;
		if (buf == NULL || fd < 0) {
			free(buf);
			if (fd >= 0)
				close(fd);
			return buf == NULL ? MC_ERR_NO_MEMORY : MC_ERR_IO;
		}
		while ((n = read(fd, buf, MAIL_CHUNK)) > 0)
			mc_text_scan_update(&p->scan, buf, (size_t)n);
		close(fd);
		free(buf);
		if (n < 0)
			return MC_ERR_IO;
	}
	mc_text_scan_final(&p->scan);
	return MC_OK;
}

static int plain_7bit(const mc_text_scan *s)
{
	return s->high == 0 && s->nul == 0 && s->bare_cr == 0 && s->long_lines == 0;
}

static void choose(struct mc_mail_part *p)
{
	const mc_text_scan *s = &p->scan;

	if (p->message) {
		p->chosen = MC_MIME_IDENTITY; /* RFC 2046 §5.2.1: 7bit, 8bit or binary only */
	} else if (p->forced) {
		p->chosen = p->force;
	} else if (p->src == SRC_READER) {
		p->chosen = MC_MIME_BASE64; /* unscanned: the encoding that carries anything */
	} else if (is_text(p) && plain_7bit(s)) {
		p->chosen = MC_MIME_IDENTITY;
	} else if (is_text(p) && s->nul == 0 && s->high * 6 <= s->bytes) {
		p->chosen = MC_MIME_QUOTED_PRINTABLE; /* mostly ASCII */
	} else {
		p->chosen = MC_MIME_BASE64;
	}
	if (is_text(p) && p->charset == NULL && p->src == SRC_MEM)
		p->charset = mail_strdup(s->high == 0 ? "us-ascii"
		                     : mime_valid_utf8(p->data, p->len) ? "utf-8" : "unknown-8bit");
}

/* ----------------------------------------------------------- boundaries */

static void random_bytes(uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)r;
	}
	if (got < n) { /* no getrandom(): the time, which is still unique enough for a boundary */
		uint64_t t = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)p;
		while (got < n) {
			t = t * 6364136223846793005ULL + 1442695040888963407ULL;
			p[got++] = (uint8_t)(t >> 56);
		}
	}
}

void mail_new_boundary(const mc_mail *m, char out[32])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	uint8_t r[28];
	size_t i;

	if (m->cfg.random != NULL)
		m->cfg.random(m->cfg.random_ctx, r, sizeof r);
	else
		random_bytes(r, sizeof r);
	out[0] = '=';
	out[1] = '_';
	for (i = 0; i < sizeof r; i++)
		out[2 + i] = set[r[i] % 62];
	out[30] = '\0';
}

/* A line of data[0, n) that starts with "--" and b. */
static int has_delimiter(const uint8_t *data, size_t n, const char *b)
{
	size_t bl = strlen(b), i = 0;

	while (i + 2 + bl <= n) {
		const uint8_t *nl;
		if (data[i] == '-' && data[i + 1] == '-' && memcmp(data + i + 2, b, bl) == 0)
			return 1;
		if ((nl = memchr(data + i, '\n', n - i)) == NULL)
			break;
		i = (size_t)(nl - data) + 1;
	}
	return 0;
}

/* Whether any part sent as it is, under p, has a line that is b's delimiter. */
static mc_status collides(const struct mc_mail_part *p, const char *b, int *hit)
{
	size_t k;

	if (p->multipart) {
		for (k = 0; k < p->nkids && !*hit; k++) {
			mc_status st = collides(p->kids[k], b, hit);
			if (st != MC_OK)
				return st;
		}
		return MC_OK;
	}
	if (p->chosen != MC_MIME_IDENTITY)
		return MC_OK; /* base64 and QP cannot write "--=_" at a line start */
	if (p->src == SRC_MEM) {
		*hit = has_delimiter(p->data, p->len, b);
	} else if (p->src == SRC_FILE) {
		/* a line may span reads: keep its start */
		uint8_t *buf = malloc(MAIL_CHUNK + 64);
		int fd = open(p->path, O_RDONLY | O_CLOEXEC);
		size_t keep = 0;
		ssize_t n;
		if (buf == NULL || fd < 0) {
			free(buf);
			if (fd >= 0)
				close(fd);
			return buf == NULL ? MC_ERR_NO_MEMORY : MC_ERR_IO;
		}
		while (!*hit && (n = read(fd, buf + keep, MAIL_CHUNK)) > 0) {
			size_t len = keep + (size_t)n, tail = len > 40 ? len - 40 : 0;
			*hit = has_delimiter(buf, len, b);
			while (tail < len && buf[tail] != '\n')
				tail++;
			keep = tail < len ? len - tail - 1 : 0;
			memmove(buf, buf + len - keep, keep);
		}
		close(fd);
		free(buf);
	}
	return MC_OK;
}

/* Boundaries for every multipart, fresh until no content under it has them. */
static mc_status boundaries(struct mc_mail_part *p)
{
	size_t k;
	int tries;

	if (!p->multipart)
		return MC_OK;
	for (tries = 0; tries < 16; tries++) {
		int hit = 0;
		struct mc_mail_part *a;
		mc_status st;
		mail_new_boundary(p->mail, p->boundary);
		for (a = p->parent; a != NULL; a = a->parent)
			hit |= strcmp(a->boundary, p->boundary) == 0;
		if (!hit && (st = collides(p, p->boundary, &hit)) != MC_OK)
			return st;
		if (!hit)
			break;
	}
	if (tries == 16)
		return MC_ERR_STATE; /* content made of our random boundaries: refuse */
	for (k = 0; k < p->nkids; k++) {
		mc_status st = boundaries(p->kids[k]);
		if (st != MC_OK)
			return st;
	}
	return MC_OK;
}

static mc_status prepare(struct mc_mail_part *p)
{
	size_t k;
	mc_status st;

	if (p->multipart) {
		if (p->nkids == 0)
			return MC_ERR_STATE; /* RFC 2046: at least one body part */
		for (k = 0; k < p->nkids; k++)
			if ((st = prepare(p->kids[k])) != MC_OK)
				return st;
		return MC_OK;
	}
	if (p->src != SRC_READER && (st = scan(p)) != MC_OK)
		return st;
	choose(p);
	return MC_OK;
}

/* --------------------------------------------------------------- output */

struct out {
	mc_mime_write_fn write;
	void *ctx;
	uint8_t *buf;
	size_t len;
	mc_status st;
};

static void flush(struct out *o)
{
	if (o->len > 0 && o->st == MC_OK && o->write(o->ctx, o->buf, o->len) != 0)
		o->st = MC_ERR_ABORTED;
	o->len = 0;
}

static void emit(struct out *o, const void *data, size_t n)
{
	if (o->st != MC_OK)
		return;
	if (n > MAIL_OUT_BUF - o->len)
		flush(o);
	if (n >= MAIL_OUT_BUF) {
		if (o->st == MC_OK && o->write(o->ctx, data, n) != 0)
			o->st = MC_ERR_ABORTED;
		return;
	}
	memcpy(o->buf + o->len, data, n);
	o->len += n;
}

static void emits(struct out *o, const char *s)
{
	emit(o, s, strlen(s));
}

static void emit_mbuf(struct out *o, struct mbuf *b)
{
	emit(o, b->p, b->len);
	mbuf_free(b);
}

static const char *encoding_name(const struct mc_mail_part *p)
{
	switch (p->chosen) {
	case MC_MIME_BASE64:
		return "base64";
	case MC_MIME_QUOTED_PRINTABLE:
		return "quoted-printable";
	default:
		return plain_7bit(&p->scan) ? "7bit" : "8bit";
	}
}

/* The part's own header fields (Content-*, and the caller's). */
static int part_headers(struct mbuf *h, const struct mc_mail_part *p, const char *eol)
{
	size_t col, k;
	int ok = mbuf_append(h, "Content-Type: ", 14) && mbuf_append(h, p->type, strlen(p->type));

	col = 14 + strlen(p->type);
	if (ok && p->multipart)
		ok = mail_put_param(h, &col, "boundary", p->boundary, eol, 0);
	if (ok && p->charset != NULL && !p->multipart)
		ok = mail_put_param(h, &col, "charset", p->charset, eol, 0);
	if (ok && p->filename != NULL) {
		/* old readers look for the type's name: an encoded word if need be */
		int ascii = 1;
		for (k = 0; p->filename[k] != '\0'; k++)
			ascii &= (unsigned char)p->filename[k] < 0x80;
		if (ascii) {
			ok = mail_put_param(h, &col, "name", p->filename, eol, 1);
		} else {
			struct mbuf w = { 0 };
			ok = mail_put_display(&w, p->filename) && mbuf_append(&w, "", 1) &&
			     mail_put_param(h, &col, "name", (const char *)w.p, eol, 0);
			mbuf_free(&w);
		}
	}
	ok = ok && mbuf_append(h, eol, strlen(eol));
	if (ok && !p->multipart) {
		const char *e = encoding_name(p);
		ok = mbuf_append(h, "Content-Transfer-Encoding: ", 27) && mbuf_append(h, e, strlen(e)) &&
		     mbuf_append(h, eol, strlen(eol));
	}
	if (ok && p->disposition != NULL) {
		col = 21 + strlen(p->disposition);
		ok = mbuf_append(h, "Content-Disposition: ", 21) &&
		     mbuf_append(h, p->disposition, strlen(p->disposition));
		if (ok && p->filename != NULL)
			ok = mail_put_param(h, &col, "filename", p->filename, eol, 1);
		ok = ok && mbuf_append(h, eol, strlen(eol));
	}
	if (ok && p->content_id != NULL)
		ok = mbuf_append(h, "Content-ID: <", 13) &&
		     mbuf_append(h, p->content_id, strlen(p->content_id)) && mbuf_append(h, ">", 1) &&
		     mbuf_append(h, eol, strlen(eol));
	for (k = 0; ok && k < p->nfields; k++)
		ok = mail_put_field(h, p->fields[k].name, p->fields[k].value, eol);
	return ok;
}

/*
 * Text sent as it is: its line ends (LF or CRLF) become the message's.  A
 * CR at the end of a piece waits for the next one (*cr) in case an LF
 * follows it.
 */
static void emit_canonical(struct out *o, const uint8_t *d, size_t n, const char *eol, int *cr)
{
	size_t i = 0;

	if (*cr && n > 0) {
		*cr = 0;
		if (d[0] == '\n') {
			emits(o, eol);
			i = 1;
		} else {
			emit(o, "\r", 1);
		}
	}
	while (i < n && o->st == MC_OK) {
		const uint8_t *nl = memchr(d + i, '\n', n - i);
		size_t end;
		if (nl == NULL) {
			end = n;
			if (d[n - 1] == '\r') {
				end--;
				*cr = 1;
			}
			emit(o, d + i, end - i);
			break;
		}
		end = (size_t)(nl - d);
		emit(o, d + i, end > i && d[end - 1] == '\r' ? end - 1 - i : end - i);
		emits(o, eol);
		i = end + 1;
	}
}

struct encoder {
	struct mc_mail_part *p;
	struct out *o;
	const char *eol;
	mc_b64_encoder b64;
	mc_qp_encoder qp;
	uint8_t *tmp;
	int cr;
};

static void encode_some(struct encoder *e, const uint8_t *d, size_t n)
{
	size_t w, bound;

	switch (e->p->chosen) {
	case MC_MIME_BASE64:
		mc_b64_encoder_bound(&e->b64, n, &bound);
		mc_b64_encoder_update(&e->b64, d, n, (char *)e->tmp, bound, &w);
		emit(e->o, e->tmp, w);
		break;
	case MC_MIME_QUOTED_PRINTABLE:
		mc_qp_encoder_bound(&e->qp, n, &bound);
		mc_qp_encoder_update(&e->qp, d, n, (char *)e->tmp, bound, &w);
		emit(e->o, e->tmp, w);
		break;
	default:
		if (is_text(e->p))
			emit_canonical(e->o, d, n, e->eol, &e->cr);
		else
			emit(e->o, d, n);
		break;
	}
}

static mc_status leaf_body(struct mc_mail_part *p, struct out *o, const mc_mail_config *cfg,
                           const char *eol)
{
	struct encoder e = { .p = p, .o = o, .eol = eol };
	mc_b64_config bc = { .line_width = 76, .eol = cfg->eol, .isa = cfg->isa };
	mc_qp_config qc = { .eol = cfg->eol, .isa = cfg->isa,
		            .flags = is_text(p) ? 0 : MC_QP_BINARY };
	uint8_t *buf = NULL;
	size_t w;
	mc_status st = MC_OK;

	if ((p->chosen == MC_MIME_BASE64 && mc_b64_encoder_init(&e.b64, &bc) != MC_OK) ||
	    (p->chosen == MC_MIME_QUOTED_PRINTABLE && mc_qp_encoder_init(&e.qp, &qc) != MC_OK))
		return MC_ERR_ISA_UNAVAILABLE;
	/* room for the encoded form of a chunk (sent as it is, the content needs none) */
	if (p->chosen != MC_MIME_IDENTITY && (e.tmp = malloc(3 * MAIL_CHUNK + 4096)) == NULL)
		return MC_ERR_NO_MEMORY;
	if (p->src == SRC_MEM) {
		size_t i;
		for (i = 0; i < p->len && o->st == MC_OK; i += MAIL_CHUNK)
			encode_some(&e, p->data + i, p->len - i < MAIL_CHUNK ? p->len - i : MAIL_CHUNK);
	} else if ((buf = malloc(MAIL_CHUNK)) == NULL) {
		st = MC_ERR_NO_MEMORY;
	} else if (p->src == SRC_FILE) {
		int fd = open(p->path, O_RDONLY | O_CLOEXEC);
		ssize_t n = -1;
		if (fd >= 0) {
			while (o->st == MC_OK && (n = read(fd, buf, MAIL_CHUNK)) > 0)
				encode_some(&e, buf, (size_t)n);
			close(fd);
		}
		if (n < 0)
			st = MC_ERR_IO;
	} else {
		long n;
		while (o->st == MC_OK && (n = p->read(p->rctx, buf, MAIL_CHUNK)) != 0) {
			if (n < 0 || (size_t)n > MAIL_CHUNK) {
				st = MC_ERR_IO;
				break;
			}
			encode_some(&e, buf, (size_t)n);
		}
	}
	if (e.cr)
		emit(o, "\r", 1); /* a CR that ended the content */
	if (st == MC_OK && p->chosen == MC_MIME_BASE64) {
		mc_b64_encoder_final(&e.b64, (char *)e.tmp, MC_B64_ENCODER_FINAL_MAX, &w);
		emit(o, e.tmp, w);
	} else if (st == MC_OK && p->chosen == MC_MIME_QUOTED_PRINTABLE) {
		mc_qp_encoder_final(&e.qp, (char *)e.tmp, MC_QP_ENCODER_FINAL_MAX, &w);
		emit(o, e.tmp, w);
	}
	free(buf);
	free(e.tmp);
	return st;
}

static mc_status write_part(struct mc_mail_part *p, struct out *o, const mc_mail_config *cfg,
                            const char *eol, int with_headers)
{
	size_t k;
	mc_status st;

	if (with_headers) {
		struct mbuf h = { 0 };
		if (!part_headers(&h, p, eol) || !mbuf_append(&h, eol, strlen(eol))) {
			mbuf_free(&h);
			return MC_ERR_NO_MEMORY;
		}
		emit_mbuf(o, &h);
	}
	if (!p->multipart)
		return leaf_body(p, o, cfg, eol);
	for (k = 0; k < p->nkids && o->st == MC_OK; k++) {
		if (k > 0)
			emits(o, eol);
		emits(o, "--");
		emits(o, p->boundary);
		emits(o, eol);
		if ((st = write_part(p->kids[k], o, cfg, eol, 1)) != MC_OK)
			return st;
	}
	emits(o, eol);
	emits(o, "--");
	emits(o, p->boundary);
	emits(o, "--");
	emits(o, eol);
	return MC_OK;
}

static int has_field(const mc_mail *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfields; i++)
		if (mime_ascii_ieq(m->fields[i].name, strlen(m->fields[i].name), name))
			return 1;
	return 0;
}

/* Date, Message-ID and MIME-Version when the caller did not set them. */
static int generated_headers(struct mbuf *h, const mc_mail *m, const char *eol)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char line[160];
	int ok = 1;

	if (!has_field(m, "date")) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		snprintf(line, sizeof line, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000%s",
		         days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
		         tm.tm_min, tm.tm_sec, eol);
		ok = mbuf_append(h, line, strlen(line));
	}
	if (ok && !has_field(m, "message-id")) {
		char id[32];
		mail_new_boundary(m, id);
		snprintf(line, sizeof line, "Message-ID: <%s.%lld@mimecodec.invalid>%s", id + 2,
		         (long long)time(NULL), eol);
		ok = mbuf_append(h, line, strlen(line));
	}
	if (ok && !has_field(m, "mime-version")) {
		snprintf(line, sizeof line, "MIME-Version: 1.0%s", eol);
		ok = mbuf_append(h, line, strlen(line));
	}
	return ok;
}

mc_status mail_write(mc_mail *m, mc_mime_write_fn write_fn, void *ctx)
{
	struct out o = { write_fn, ctx, NULL, 0, MC_OK };
	struct mbuf h = { 0 };
	size_t i;
	int ok = 1;
	mc_status st;

	if (m == NULL || write_fn == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (m->root == NULL)
		return MC_ERR_STATE;
	if ((st = prepare(m->root)) != MC_OK || (st = boundaries(m->root)) != MC_OK)
		return st;
	for (i = 0; i < m->nfields && ok; i++) {
		const struct field *f = &m->fields[i];
		ok = f->addrs != NULL
		       ? mail_put_address_field(&h, f->name, (const char *const *)f->addrs, f->naddrs, m->eol)
		       : mail_put_field(&h, f->name, f->value, m->eol);
	}
	ok = ok && generated_headers(&h, m, m->eol) && part_headers(&h, m->root, m->eol) &&
	     mbuf_append(&h, m->eol, strlen(m->eol));
	if (!ok || (o.buf = malloc(MAIL_OUT_BUF)) == NULL) {
		mbuf_free(&h);
		return MC_ERR_NO_MEMORY;
	}
	emit_mbuf(&o, &h);
	st = write_part(m->root, &o, &m->cfg, m->eol, 0);
	flush(&o);
	free(o.buf);
	return st != MC_OK ? st : o.st;
}

