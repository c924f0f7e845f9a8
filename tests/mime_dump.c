/*
 * mime_dump FILE: parses a message with the tree API and prints it as
 * JSON (the shape of the corpus's expected/ files, with each leaf's
 * decoded content in base64 for the checker to hash), whether writing the
 * tree back gives the input byte for byte, and the defects.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mimecodec.h>

struct sink {
	const uint8_t *expect;
	size_t len, at;
	int same;
};

static int compare(void *ctx, const void *data, size_t len)
{
	struct sink *s = ctx;

	if (len > s->len - s->at || memcmp(s->expect + s->at, data, len) != 0)
		s->same = 0;
	else
		s->at += len;
	return 0;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 32 || c >= 127)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void base64_out(const uint8_t *data, size_t len)
{
	mc_b64_config cfg = { 0 };
	size_t n, w;
	char *buf;

	mc_b64_encoded_length(len, &cfg, &n);
	buf = malloc(n + 1);
	mc_b64_encode(data, len, buf, n, &w, &cfg);
	buf[w] = '\0';
	printf("\"%s\"", buf);
	free(buf);
}

static void node(const mc_mime_part *p)
{
	size_t k, len;

	printf("{\"content_type\": ");
	json_string(mc_mime_part_content_type(p));
	switch (mc_mime_part_kind_of(p)) {
	case MC_MIME_MULTIPART:
		printf(", \"parts\": [");
		for (k = 0; k < mc_mime_part_child_count(p); k++) {
			if (k)
				printf(", ");
			node(mc_mime_part_child(p, k));
		}
		printf("]");
		if (mc_mime_part_preamble(p, &len) != NULL && len != 0)
			printf(", \"preamble_len\": %zu", len);
		if (mc_mime_part_epilogue(p, &len) != NULL && len != 0)
			printf(", \"epilogue_len\": %zu", len);
		break;
	case MC_MIME_MESSAGE:
		printf(", \"message\": [");
		for (k = 0; k < mc_mime_part_child_count(p); k++) {
			if (k)
				printf(", ");
			node(mc_mime_part_child(p, k));
		}
		printf("]");
		break;
	default: {
		const uint8_t *c = mc_mime_part_content(p, &len);
		printf(", \"decoded_len\": %zu, \"content\": ", len);
		base64_out(c, len);
	}
	}
	printf("}");
}

int main(int argc, char **argv)
{
	FILE *f;
	uint8_t *buf;
	long n;
	mc_mime_message *m;
	mc_status st;
	struct sink s;
	size_t k;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: mime_dump FILE\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "mime_dump: cannot read %s\n", argv[1]);
		return 2;
	}
	fclose(f);
	if ((st = mc_mime_parse(buf, (size_t)n, NULL, &m)) != MC_OK) {
		fprintf(stderr, "mime_dump: %s: %s\n", argv[1], mc_strerror(st));
		return 1;
	}
	s.expect = buf;
	s.len = (size_t)n;
	s.at = 0;
	s.same = 1;
	mc_mime_write(m, compare, &s);
	printf("{\"roundtrip\": %s, \"part_count\": %zu, \"defects\": [",
	       s.same && s.at == s.len ? "true" : "false", mc_mime_message_part_count(m));
	for (k = 0; k < mc_mime_message_defect_count(m); k++) {
		const mc_mime_defect *d = mc_mime_message_defect(m, k);
		printf("%s{\"kind\": \"%s\", \"part\": %u, \"offset\": %llu}", k ? ", " : "",
		       mc_mime_defect_name(d->kind), d->part_id, (unsigned long long)d->offset);
	}
	printf("], \"tree\": ");
	node(mc_mime_message_root(m));
	printf("}\n");
	mc_mime_message_free(m);
	free(buf);
	return 0;
}
