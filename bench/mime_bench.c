/*
 * MIME parser benchmark.
 *
 *   mime_bench generate FILE [--messages=N] [--seed=S]
 *       writes a mailbox of generated messages: plain text (28%),
 *       multipart/alternative with QP text and HTML (20%), long QP text
 *       (10%), forwarded message/rfc822 with a binary attachment (10%),
 *       multipart/related with an inline image (5%), multipart/mixed with
 *       one or two base64 attachments of 100 KiB to 5 MiB (27%).  Each
 *       message follows a line "From mime_bench SIZE" (an mbox that a
 *       reader can split without scanning).
 *   mime_bench parse FILE [--chunk=BYTES] [--rounds=N]
 *       reads the mailbox in chunks and streams every message through the
 *       parser, decoding every leaf into a counting sink; prints MB/s of
 *       input per second of CPU time (median of the rounds), the leaves
 *       and decoded bytes, and the peak resident memory of the process.
 *   mime_bench scaling
 *       hostile shapes at sizes n, 2n, 4n: nesting, tiny parts, headers,
 *       one long line; nanoseconds per input byte should stay flat.
 *   mime_bench build [--mib=N]
 *       builds a message with an N MiB attachment (256 by default) read
 *       from a callback, written to a counting sink, beside base64 MIME
 *       encoding (76 columns, CRLF) of the same bytes in the same run;
 *       GB/s of attachment and the peak resident memory.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <mimecodec.h>

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* ------------------------------------------------------------ generator */

struct out {
	char *p;
	size_t len, cap;
};

/* Room for n more bytes. */
static void reserve(struct out *o, size_t n)
{
	if (o->cap - o->len < n) {
		while (o->cap - o->len < n)
			o->cap = o->cap ? 2 * o->cap : 1 << 16;
		o->p = realloc(o->p, o->cap);
		if (o->p == NULL) {
			perror("mime_bench");
			exit(1);
		}
	}
}

static void add(struct out *o, const void *data, size_t n)
{
	reserve(o, n);
	memcpy(o->p + o->len, data, n);
	o->len += n;
}

static void adds(struct out *o, const char *s)
{
	add(o, s, strlen(s));
}

static const char *const words[] = { "the", "message", "of", "and", "attachment", "to",
	                             "encoding", "a", "mail", "with", "is", "caf\xc3\xa9" };

/* Text of about n bytes in lines of up to 72 characters. */
static void text(struct out *o, uint64_t *s, size_t n)
{
	size_t col = 0, start = o->len;

	while (o->len - start < n) {
		const char *w = words[rng(s) % 12];
		adds(o, w);
		col += strlen(w);
		if (col > 66) {
			adds(o, "\r\n");
			col = 0;
		} else {
			adds(o, " ");
			col++;
		}
	}
	adds(o, "\r\n");
}

static void qp_text(struct out *o, uint64_t *s, size_t n)
{
	struct out t = { 0 };
	mc_qp_config c = { .eol = MC_EOL_CRLF };
	size_t cap, w;

	text(&t, s, n);
	mc_qp_encoded_max_length(t.len, &c, &cap);
	reserve(o, cap);
	mc_qp_encode(t.p, t.len, o->p + o->len, cap, &w, &c);
	o->len += w;
	free(t.p);
}

static void base64_blob(struct out *o, uint64_t *s, size_t n)
{
	mc_b64_config c = { .line_width = 76, .eol = MC_EOL_CRLF };
	uint8_t *bin = malloc(n);
	size_t cap, w, i;

	for (i = 0; i < n; i++)
		bin[i] = (uint8_t)rng(s);
	mc_b64_encoded_length(n, &c, &cap);
	reserve(o, cap);
	mc_b64_encode(bin, n, o->p + o->len, cap, &w, &c);
	o->len += w;
	free(bin);
}

static void headers(struct out *o, uint64_t *s, const char *ctype)
{
	char line[256];

	snprintf(line, sizeof line,
	         "From: Sender %llu <sender@example.org>\r\nTo: rcpt@example.net\r\n"
	         "Subject: =?utf-8?q?Caf=C3=A9_report_%llu?=\r\nMIME-Version: 1.0\r\n"
	         "Content-Type: %s\r\n",
	         (unsigned long long)(rng(s) % 1000), (unsigned long long)(rng(s) % 100000), ctype);
	adds(o, line);
}

static void attachment(struct out *o, uint64_t *s, const char *b, size_t n)
{
	char line[256];

	snprintf(line, sizeof line,
	         "--%s\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
	         "Content-Disposition: attachment; filename*=utf-8''r%%C3%%A9sum%%C3%%A9.bin\r\n\r\n",
	         b);
	adds(o, line);
	base64_blob(o, s, n);
}

static void message(struct out *o, uint64_t *s)
{
	unsigned kind = (unsigned)(rng(s) % 100);
	size_t big = 100 * 1024 + rng(s) % (5 * 1024 * 1024 - 100 * 1024);

	if (kind < 28) {
		headers(o, s, "text/plain; charset=utf-8");
		adds(o, "\r\n");
		text(o, s, 2000 + rng(s) % 20000);
	} else if (kind < 48) {
		headers(o, s, "multipart/alternative; boundary=\"=_alt\"");
		adds(o, "\r\n--=_alt\r\nContent-Type: text/plain; charset=utf-8\r\n"
		        "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		qp_text(o, s, 3000 + rng(s) % 30000);
		adds(o, "--=_alt\r\nContent-Type: text/html; charset=utf-8\r\n"
		        "Content-Transfer-Encoding: quoted-printable\r\n\r\n<html><body>\r\n");
		qp_text(o, s, 5000 + rng(s) % 40000);
		adds(o, "</body></html>\r\n--=_alt--\r\n");
	} else if (kind < 58) {
		headers(o, s, "text/plain; charset=utf-8");
		adds(o, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		qp_text(o, s, 100000 + rng(s) % 400000);
	} else if (kind < 68) {
		headers(o, s, "multipart/mixed; boundary=\"=_fwd\"");
		adds(o, "\r\n--=_fwd\r\nContent-Type: text/plain\r\n\r\nForwarded.\r\n"
		        "--=_fwd\r\nContent-Type: message/rfc822\r\n\r\n");
		headers(o, s, "multipart/mixed; boundary=\"=_in\"");
		adds(o, "\r\n--=_in\r\nContent-Type: text/plain\r\n\r\n");
		text(o, s, 3000);
		attachment(o, s, "=_in", big / 4);
		adds(o, "--=_in--\r\n\r\n--=_fwd--\r\n");
	} else if (kind < 73) {
		headers(o, s, "multipart/related; boundary=\"=_rel\"");
		adds(o, "\r\n--=_rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
		        "<html><img src=\"cid:i\"></html>\r\n--=_rel\r\nContent-Type: image/png\r\n"
		        "Content-ID: <i>\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		base64_blob(o, s, 20000 + rng(s) % 200000);
		adds(o, "--=_rel--\r\n");
	} else {
		headers(o, s, "multipart/mixed; boundary=\"=_mix\"");
		adds(o, "\r\n--=_mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
		text(o, s, 2000);
		attachment(o, s, "=_mix", big);
		if (rng(s) % 2)
			attachment(o, s, "=_mix", big / 3);
		adds(o, "--=_mix--\r\n");
	}
}

static int generate(const char *path, unsigned messages, uint64_t seed)
{
	FILE *f = fopen(path, "wb");
	uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 1, total = 0;
	unsigned k;

	if (f == NULL) {
		perror(path);
		return 1;
	}
	for (k = 0; k < messages; k++) {
		struct out o = { 0 };
		message(&o, &s);
		fprintf(f, "From mime_bench %zu\n", o.len);
		fwrite(o.p, 1, o.len, f);
		total += o.len;
		free(o.p);
	}
	fclose(f);
	printf("%s: %u messages, %.1f MB\n", path, messages, (double)total / 1e6);
	return 0;
}

/* ---------------------------------------------------------------- parse */

struct sink {
	uint64_t leaves, decoded, defects;
};

static int sink(void *ctx, const mc_mime_event *ev)
{
	struct sink *s = ctx;

	if (ev->type == MC_MIME_BODY)
		s->decoded += ev->len;
	else if (ev->type == MC_MIME_PART_END && mc_mime_part_kind_of(ev->part) == MC_MIME_LEAF)
		s->leaves++;
	else if (ev->type == MC_MIME_DEFECT)
		s->defects++;
	return 0;
}

/* One pass over the mailbox; returns the input bytes. */
static uint64_t parse_all(FILE *f, size_t chunk, struct sink *s)
{
	char line[128];
	char *buf = malloc(chunk);
	uint64_t bytes = 0;

	rewind(f);
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned long long size;
		mc_mime_parser *p;

		if (sscanf(line, "From mime_bench %llu", &size) != 1) {
			fprintf(stderr, "mime_bench: not a mime_bench mailbox\n");
			exit(1);
		}
		p = mc_mime_parser_new(NULL, sink, s);
		while (size > 0) {
			size_t n = size < chunk ? (size_t)size : chunk;
			if (fread(buf, 1, n, f) != n) {
				fprintf(stderr, "mime_bench: short mailbox\n");
				exit(1);
			}
			if (mc_mime_parser_feed(p, buf, n) != MC_OK)
				exit(1);
			size -= n;
			bytes += n;
		}
		if (mc_mime_parser_finish(p) != MC_OK)
			exit(1);
		mc_mime_parser_free(p);
	}
	free(buf);
	return bytes;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int parse(const char *path, size_t chunk, int rounds)
{
	FILE *f = fopen(path, "rb");
	double mbps[64];
	struct sink s = { 0 };
	uint64_t bytes = 0;
	struct rusage ru;
	int r;

	if (f == NULL) {
		perror(path);
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		double t0 = cpu_now();
		memset(&s, 0, sizeof s);
		bytes = parse_all(f, chunk, &s);
		mbps[r] = (double)bytes / (cpu_now() - t0) / 1e6;
	}
	fclose(f);
	qsort(mbps, (size_t)rounds, sizeof *mbps, cmp_double);
	getrusage(RUSAGE_SELF, &ru);
	printf("mailbox %.1f MB, chunks of %zu bytes, path %s\n", (double)bytes / 1e6, chunk,
	       mc_isa_name(mc_isa_active()));
	printf("parse + decode: %.0f MB/s (median of %d rounds, CPU time)\n", mbps[rounds / 2], rounds);
	printf("leaves %llu, decoded %.1f MB, defects %llu\n", (unsigned long long)s.leaves,
	       (double)s.decoded / 1e6, (unsigned long long)s.defects);
	printf("peak resident memory %.1f MiB\n", (double)ru.ru_maxrss / 1024);
	return 0;
}

/* -------------------------------------------------------------- scaling */

static void shape(struct out *o, int which, size_t n)
{
	size_t i;
	char line[128];

	switch (which) {
	case 0: /* nesting */
		for (i = 0; i < n; i++) {
			snprintf(line, sizeof line, "Content-Type: multipart/mixed; boundary=\"n%zu-\"\n\n--n%zu-\n", i, i);
			adds(o, line);
		}
		break;
	case 1: /* tiny parts */
		adds(o, "Content-Type: multipart/mixed; boundary=x\n\n");
		for (i = 0; i < n; i++)
			adds(o, "--x\n\na\n");
		break;
	case 2: /* headers */
		for (i = 0; i < n; i++)
			adds(o, "X-Header: value\n");
		adds(o, "\nbody\n");
		break;
	default: /* one long line in a multipart body */
		adds(o, "Content-Type: multipart/mixed; boundary=x\n\n--x\n\n");
		for (i = 0; i < n; i++)
			adds(o, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_");
		adds(o, "\n--x--\n");
		break;
	}
}

static int scaling(void)
{
	static const char *const names[] = { "nesting depth", "tiny parts", "header fields",
		                             "one long line (64-byte units)" };
	static const size_t base[] = { 25000, 25000, 2500, 400000 };
	int which, k;

	printf("%-30s %12s %12s %10s\n", "shape", "n", "bytes", "ns/byte");
	for (which = 0; which < 4; which++)
		for (k = 0; k < 3; k++) {
			struct out o = { 0 };
			struct sink s = { 0 };
			size_t n = base[which] << k, at = 0;
			mc_mime_config cfg;
			mc_mime_parser *p;
			double t0, t;

			shape(&o, which, n);
			mc_mime_config_default(&cfg);
			cfg.max_parts = 1000000;
			cfg.max_headers = 1000000;
			cfg.max_header_bytes = 1u << 30;
			p = mc_mime_parser_new(&cfg, sink, &s);
			t0 = cpu_now();
			while (at < o.len) {
				size_t m = o.len - at < 65536 ? o.len - at : 65536;
				mc_mime_parser_feed(p, o.p + at, m);
				at += m;
			}
			mc_mime_parser_finish(p);
			t = cpu_now() - t0;
			mc_mime_parser_free(p);
			printf("%-30s %12zu %12zu %10.2f\n", names[which], n, o.len, t * 1e9 / (double)o.len);
			free(o.p);
		}
	return 0;
}

/* ---------------------------------------------------------------- build */

struct feed {
	const uint8_t *block; /* 1 MiB of random bytes, given again and again */
	uint64_t left;
};

static long feed_read(void *ctx, void *buf, size_t cap)
{
	struct feed *f = ctx;
	size_t n = cap < (1u << 20) ? cap : (1u << 20);

	if (n > f->left)
		n = (size_t)f->left;
	memcpy(buf, f->block, n);
	f->left -= n;
	return (long)n;
}

static int count_out(void *ctx, const void *data, size_t len)
{
	(void)data;
	*(uint64_t *)ctx += len;
	return 0;
}

static int build(unsigned mib)
{
	uint64_t size = (uint64_t)mib << 20, out = 0, s = 7;
	uint8_t *block = malloc(1u << 20);
	char *enc;
	size_t i, cap, w;
	double t0, t_build, t_enc;
	struct rusage ru;
	mc_b64_config bc = { .line_width = 76, .eol = MC_EOL_CRLF };
	mc_b64_encoder e;

	for (i = 0; i < (1u << 20); i++)
		block[i] = (uint8_t)rng(&s);
	{
		mc_mail_config cfg = { .eol = MC_EOL_CRLF };
		struct feed f = { block, size };
		mc_mail *m;
		mc_mail_part *root, *p;
		mc_mail_new(&cfg, &m);
		mc_mail_header(m, "Subject", "a big attachment");
		mc_mail_multipart(m, NULL, "mixed", &root);
		mc_mail_text(m, root, "plain", "See the attachment.\n", 20, &p);
		mc_mail_attach_reader(m, root, feed_read, &f, "big.bin", NULL, &p);
		t0 = cpu_now();
		if (mc_mail_write(m, count_out, &out) != MC_OK)
			return 1;
		t_build = cpu_now() - t0;
		mc_mail_free(m);
	}
	/* the same bytes through the streaming encoder, in the same 48 KiB steps */
	mc_b64_encoder_init(&e, &bc);
	cap = 2 * 49152; /* above the bound of a step at any column */
	enc = malloc(cap);
	t0 = cpu_now();
	for (i = 0; i < size; i += 49152) {
		size_t n = size - i < 49152 ? (size_t)(size - i) : 49152;
		if (mc_b64_encoder_update(&e, block + (i % ((1u << 20) - 49152)), n, enc, cap, &w) != MC_OK) {
			fprintf(stderr, "mime_bench: encoder failed\n");
			return 1;
		}
	}
	mc_b64_encoder_final(&e, enc, cap, &w);
	t_enc = cpu_now() - t0;
	getrusage(RUSAGE_SELF, &ru);
	printf("message with a %u MiB attachment: %.2f GB/s, %.1f MB written\n", mib,
	       (double)size / t_build / 1e9, (double)out / 1e6);
	printf("base64 MIME encode of the same bytes: %.2f GB/s; builder at %.2fx of it\n",
	       (double)size / t_enc / 1e9, t_enc / t_build);
	printf("peak resident memory %.1f MiB\n", (double)ru.ru_maxrss / 1024);
	free(enc);
	free(block);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "generate") == 0) {
		unsigned messages = 400;
		uint64_t seed = 1;
		int i;
		for (i = 3; i < argc; i++) {
			if (strncmp(argv[i], "--messages=", 11) == 0)
				messages = (unsigned)strtoul(argv[i] + 11, NULL, 10);
			else if (strncmp(argv[i], "--seed=", 7) == 0)
				seed = strtoull(argv[i] + 7, NULL, 10);
		}
		return generate(argv[2], messages, seed);
	}
	if (argc >= 3 && strcmp(argv[1], "parse") == 0) {
		size_t chunk = 65536;
		int rounds = 3, i;
		for (i = 3; i < argc; i++) {
			if (strncmp(argv[i], "--chunk=", 8) == 0)
				chunk = strtoul(argv[i] + 8, NULL, 10);
			else if (strncmp(argv[i], "--rounds=", 9) == 0)
				rounds = atoi(argv[i] + 9);
		}
		if (chunk == 0 || rounds < 1 || rounds > 64)
			return 2;
		return parse(argv[2], chunk, rounds);
	}
	if (argc == 2 && strcmp(argv[1], "scaling") == 0)
		return scaling();
	if (argc >= 2 && strcmp(argv[1], "build") == 0) {
		unsigned mib = 256;
		if (argc == 3 && strncmp(argv[2], "--mib=", 6) == 0)
			mib = (unsigned)strtoul(argv[2] + 6, NULL, 10);
		return mib > 0 ? build(mib) : 2;
	}
	fprintf(stderr, "usage: mime_bench generate FILE [--messages=N] [--seed=S]\n"
	                "       mime_bench parse FILE [--chunk=BYTES] [--rounds=N]\n"
	                "       mime_bench scaling\n"
	                "       mime_bench build [--mib=N]\n");
	return 2;
}
