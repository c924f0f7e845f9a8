/*
 * mail_samples DIR: builds a set of messages with the mc_mail API into
 * DIR/NN-eol.eml and prints a JSON list of what each should contain (the
 * subject and sender decoded, and every leaf in the order a tree walk
 * meets it: content type, file name, decoded bytes in base64, whether it
 * is text).  tests/mail_interop.py parses the files with Python's email
 * package and compares.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mimecodec.h>

struct leaf {
	const char *type, *filename;
	const void *data;
	size_t len;
	int text;
};

struct sample {
	const char *subject, *from_name, *from;
	int shape; /* 0 text, 1 alternative, 2 mixed, 3 related, 4 forwarded */
	struct leaf leaves[3];
	size_t nleaves;
};

static const char html[] = "<html><body><p>Caf\xc3\xa9 <b>au lait</b></p>\n<img src=\"cid:logo\"></body></html>\n";
static const char fwd[] = "From: someone@example.org\r\nSubject: inner\r\n\r\nThe inner body.\r\n";
static const char fwd_body[] = "The inner body.\r\n";
static unsigned char bin[1000], long_text[3000];
static const char hostile[] = "--=_\n--\n--=_abcdefghijklmnopqrstuvwxyzAB\nFrom the start\n.\n=?utf-8?q?x?=\n";

static const struct sample samples[] = {
	{ "plain ASCII", NULL, "a@example.org", 0, { { "text/plain", NULL, "Hello.\nSecond line.\n", 20, 1 } }, 1 },
	{ "Caf\xc3\xa9 \xe2\x80\x94 r\xc3\xa9sum\xc3\xa9", "Ren\xc3\xa9 M\xc3\xbcller", "rene@example.fr", 1,
	  { { "text/plain", NULL, "Caf\xc3\xa9 au lait.\n", 16, 1 },
	    { "text/html", NULL, html, sizeof html - 1, 1 } }, 2 },
	{ "attachments", "Bob, the builder", "bob@example.com", 2,
	  { { "text/plain", NULL, hostile, sizeof hostile - 1, 1 },
	    { "application/octet-stream", "r\xc3\xa9sum\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac.bin", bin, sizeof bin, 0 },
	    { "text/plain", "notes.txt", long_text, sizeof long_text, 1 } }, 3 },
	{ "related", NULL, "c@example.net", 3,
	  { { "text/html", NULL, html, sizeof html - 1, 1 },
	    { "image/png", "logo.png", bin, 64, 0 } }, 2 },
	{ "forwarded", NULL, "d@example.org", 4,
	  { { "text/plain", NULL, "See below.\n", 11, 1 },
	    { "text/plain", NULL, fwd_body, sizeof fwd_body - 1, 1 } }, 2 },
};

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 32)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_base64(FILE *f, const void *data, size_t len)
{
	mc_b64_config c = { 0 };
	size_t n, w;
	char *buf;

	mc_b64_encoded_length(len, &c, &n);
	buf = malloc(n + 1);
	mc_b64_encode(data, len, buf, n, &w, &c);
	buf[w] = '\0';
	fprintf(f, "\"%s\"", buf);
	free(buf);
}

static int to_file(void *ctx, const void *data, size_t len)
{
	return fwrite(data, 1, len, ctx) != len;
}

static int add_leaf(mc_mail *m, mc_mail_part *parent, const struct leaf *l, int cid)
{
	mc_mail_part *p;
	mc_status st = l->text && l->filename == NULL
	                 ? mc_mail_text(m, parent, strchr(l->type, '/') + 1, l->data, l->len, &p)
	                 : mc_mail_attach(m, parent, l->data, l->len, l->filename, l->type, &p);

	if (st == MC_OK && cid)
		st = mc_mail_part_content_id(p, "logo") == MC_OK ? mc_mail_part_disposition(p, "inline") : st;
	return st == MC_OK;
}

static int build(const struct sample *s, mc_eol eol, const char *path)
{
	mc_mail_config cfg = { .eol = eol };
	mc_mail *m;
	mc_mail_part *root = NULL, *p;
	FILE *f = fopen(path, "wb");
	int ok;

	if (f == NULL || mc_mail_new(&cfg, &m) != MC_OK)
		return 0;
	ok = mc_mail_address(m, "From", s->from_name, s->from) == MC_OK &&
	     mc_mail_address(m, "To", "Somebody", "to@example.com") == MC_OK &&
	     mc_mail_header(m, "Subject", s->subject) == MC_OK;
	switch (s->shape) {
	case 0:
		ok = ok && add_leaf(m, NULL, &s->leaves[0], 0);
		break;
	case 4:
		ok = ok && mc_mail_multipart(m, NULL, "mixed", &root) == MC_OK &&
		     add_leaf(m, root, &s->leaves[0], 0) &&
		     mc_mail_attach_message(m, root, fwd, sizeof fwd - 1, &p) == MC_OK;
		break;
	default: {
		static const char *const sub[] = { "", "alternative", "mixed", "related" };
		size_t k;
		ok = ok && mc_mail_multipart(m, NULL, sub[s->shape], &root) == MC_OK;
		for (k = 0; k < s->nleaves && ok; k++)
			ok = add_leaf(m, root, &s->leaves[k], s->shape == 3 && k == 1);
	}
	}
	ok = ok && mc_mail_write(m, to_file, f) == MC_OK;
	mc_mail_free(m);
	return fclose(f) == 0 && ok;
}

int main(int argc, char **argv)
{
	size_t k, i, e;
	int first = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: mail_samples DIR\n");
		return 2;
	}
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)(i * 37 + 11);
	for (i = 0; i < sizeof long_text; i++)
		long_text[i] = i % 1500 == 1499 ? '\n' : (unsigned char)('a' + i % 26);
	printf("[");
	for (k = 0; k < sizeof samples / sizeof samples[0]; k++)
		for (e = 0; e < 2; e++) {
			const struct sample *s = &samples[k];
			char path[4096];
			snprintf(path, sizeof path, "%s/%02zu-%s.eml", argv[1], k, e ? "crlf" : "lf");
			if (!build(s, e ? MC_EOL_CRLF : MC_EOL_LF, path)) {
				fprintf(stderr, "mail_samples: cannot build %s\n", path);
				return 1;
			}
			printf("%s\n {\"file\": ", first ? "" : ",");
			first = 0;
			json_string(stdout, path);
			printf(", \"subject\": ");
			json_string(stdout, s->subject);
			printf(", \"from_name\": ");
			json_string(stdout, s->from_name ? s->from_name : "");
			printf(", \"leaves\": [");
			for (i = 0; i < s->nleaves; i++) {
				const struct leaf *l = &s->leaves[i];
				printf("%s{\"type\": \"%s\", \"text\": %s, \"filename\": ", i ? ", " : "",
				       l->type, l->text ? "true" : "false");
				if (l->filename)
					json_string(stdout, l->filename);
				else
					printf("null");
				printf(", \"data\": ");
				json_base64(stdout, l->data, l->len);
				printf("}");
			}
			printf("]}");
		}
	printf("\n]\n");
	return 0;
}
