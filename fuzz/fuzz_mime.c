/*
 * MIME parser properties on arbitrary input:
 *  - the raw events, in order, are the input, with the right offsets;
 *  - feeding it in chunks chosen from the input gives the same part
 *    events, defects, raw and decoded bytes per part as one call;
 *  - every path decodes the bodies as scalar does;
 *  - the limits hold (depth, parts, fields, decoded bytes), with tight
 *    limits when the first byte is odd so that fuzzing reaches them;
 *  - the tree writes back the input byte for byte;
 *  - every header value decodes (RFC 2047) within its bound, and every
 *    address list parses or fails with an offset inside it.
 */
#include "fuzz_util.h"

#include <strings.h>

struct sig {
	uint64_t events;   /* hash of the part events in order */
	uint64_t defects;  /* sum of the defects' hashes: order-free */
	uint64_t raw, body; /* sums of per-part hashes of the bytes (FNV-1a, per part) */
	uint64_t raw_at;   /* bytes of raw seen so far */
	const uint8_t *input;
	uint64_t *part_raw, *part_body;
	size_t nparts;
	uint64_t decoded;
	unsigned max_depth, fields_max;
	const mc_mime_config *cfg;
};

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t *slot(uint64_t **v, size_t *n, unsigned id)
{
	if (id >= *n) {
		size_t k;
		*v = realloc(*v, (id + 1) * sizeof **v);
		FUZZ_CHECK(*v != NULL);
		for (k = *n; k <= id; k++)
			(*v)[k] = 0xcbf29ce484222325ULL;
		*n = id + 1;
	}
	return &(*v)[id];
}

static int on_event(void *ctx, const mc_mime_event *ev)
{
	struct sig *s = ctx;
	unsigned id = mc_mime_part_id(ev->part);
	uint64_t h;
	size_t n = s->nparts;

	slot(&s->part_raw, &n, id);
	n = s->nparts;
	slot(&s->part_body, &n, id);
	s->nparts = n;
	switch (ev->type) {
	case MC_MIME_PART_BEGIN:
	case MC_MIME_PART_END: {
		unsigned v[4] = { (unsigned)ev->type, id, mc_mime_part_depth(ev->part),
			          (unsigned)mc_mime_part_kind_of(ev->part) };
		s->events = fnv(s->events, v, sizeof v);
		s->events = fnv(s->events, mc_mime_part_content_type(ev->part),
		                strlen(mc_mime_part_content_type(ev->part)));
		if (mc_mime_part_depth(ev->part) > s->max_depth)
			s->max_depth = mc_mime_part_depth(ev->part);
		if (mc_mime_part_header_count(ev->part) > s->fields_max)
			s->fields_max = (unsigned)mc_mime_part_header_count(ev->part);
		break;
	}
	case MC_MIME_RAW:
		FUZZ_CHECK(ev->offset == s->raw_at);
		FUZZ_CHECK(memcmp(ev->data, s->input + s->raw_at, ev->len) == 0);
		s->raw_at += ev->len;
		s->part_raw[id] = fnv(s->part_raw[id], ev->data, ev->len);
		break;
	case MC_MIME_BODY:
		s->decoded += ev->len;
		s->part_body[id] = fnv(s->part_body[id], ev->data, ev->len);
		break;
	case MC_MIME_DEFECT: {
		uint64_t v[3] = { (uint64_t)ev->defect.kind, (uint64_t)ev->defect.severity,
			          ev->defect.offset };
		h = fnv(0xcbf29ce484222325ULL, v, sizeof v);
		s->defects += fnv(h, &id, sizeof id);
		break;
	}
	}
	return 0;
}

static void run(const uint8_t *data, size_t size, const mc_mime_config *cfg, uint32_t chunks,
                struct sig *s)
{
	mc_mime_parser *p = mc_mime_parser_new(cfg, on_event, s);
	size_t pos = 0, k;

	memset(s, 0, sizeof *s);
	s->events = 0xcbf29ce484222325ULL;
	s->input = data;
	s->cfg = cfg;
	FUZZ_CHECK(p != NULL);
	while (pos < size) {
		size_t n = chunks ? fuzz_next_chunk(&chunks, size - pos) : size - pos;
		FUZZ_CHECK(mc_mime_parser_feed(p, data + pos, n) == MC_OK);
		pos += n;
	}
	FUZZ_CHECK(mc_mime_parser_finish(p) == MC_OK);
	mc_mime_parser_free(p);
	FUZZ_CHECK(s->raw_at == size);
	FUZZ_CHECK(s->max_depth <= cfg->max_depth);
	FUZZ_CHECK(s->nparts <= cfg->max_parts);
	FUZZ_CHECK(s->fields_max <= cfg->max_headers);
	FUZZ_CHECK(s->decoded <= cfg->max_decoded);
	for (k = 0; k < s->nparts; k++) {
		s->raw += s->part_raw[k] * (k + 1);
		s->body += s->part_body[k] * (k + 1);
	}
	free(s->part_raw);
	free(s->part_body);
}

static void same(const struct sig *a, const struct sig *b)
{
	FUZZ_CHECK(a->events == b->events);
	FUZZ_CHECK(a->defects == b->defects);
	FUZZ_CHECK(a->raw == b->raw);
	FUZZ_CHECK(a->body == b->body);
	FUZZ_CHECK(a->nparts == b->nparts);
}

static int any_address(void *ctx, const mc_mime_address *a)
{
	FUZZ_CHECK(a->local != NULL && a->domain != NULL && a->name != NULL);
	++*(size_t *)ctx;
	return 0;
}

/* Every header value decoded, and every address list parsed, of every part. */
static void walk(const mc_mime_part *p)
{
	static const char *const lists[] = { "from", "to", "cc", "bcc", "reply-to", "sender" };
	size_t i, k;

	for (i = 0; i < mc_mime_part_header_count(p); i++) {
		const mc_mime_header *h = mc_mime_part_header(p, i);
		size_t cap, w, n, at;
		char *out;

		FUZZ_CHECK(mc_mime_words_max_length(h->value_end - h->value_start, &cap) == MC_OK);
		out = malloc(cap);
		FUZZ_CHECK(out != NULL && mc_mime_header_value(h, out, cap, &w, NULL) == MC_OK);
		FUZZ_CHECK(w < cap && out[w] == '\0');
		free(out);
		for (k = 0; k < sizeof lists / sizeof lists[0]; k++)
			if (h->name_len == strlen(lists[k]) && strncasecmp(h->raw, lists[k], h->name_len) == 0) {
				mc_status st = mc_mime_parse_addresses(h->raw + h->value_start,
				                                       h->value_end - h->value_start,
				                                       any_address, &n, &at);
				FUZZ_CHECK(st == MC_OK || (st == MC_ERR_BAD_ADDRESS &&
				                           at <= h->value_end - h->value_start));
			}
	}
	for (i = 0; i < mc_mime_part_child_count(p); i++)
		walk(mc_mime_part_child(p, i));
}

struct cmp {
	const uint8_t *data;
	size_t size, at;
};

static int compare(void *ctx, const void *data, size_t len)
{
	struct cmp *c = ctx;

	FUZZ_CHECK(len <= c->size - c->at && memcmp(c->data + c->at, data, len) == 0);
	c->at += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_mime_config cfg;
	struct sig one, other;
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k;
	mc_mime_message *m;
	struct cmp c = { data, size, 0 };

	if (size < 2 || size > (1u << 20))
		return 0;
	mc_mime_config_default(&cfg);
	if (data[0] & 1) {
		cfg.max_depth = 8;
		cfg.max_parts = 50;
		cfg.max_headers = 20;
		cfg.max_header_bytes = 2000;
		cfg.max_line = 200;
		cfg.max_decoded = 5000;
	}
	cfg.isa = MC_ISA_SCALAR;
	run(data, size, &cfg, 0, &one);
	run(data, size, &cfg, (uint32_t)data[1] + 1, &other);
	same(&one, &other);
	for (k = 1; k < npaths; k++) {
		cfg.isa = paths[k];
		run(data, size, &cfg, 0, &other);
		same(&one, &other);
	}
	cfg.isa = MC_ISA_AUTO;
	FUZZ_CHECK(mc_mime_parse(data, size, &cfg, &m) == MC_OK);
	FUZZ_CHECK(mc_mime_write(m, compare, &c) == MC_OK);
	FUZZ_CHECK(c.at == size);
	FUZZ_CHECK(mc_mime_message_part_count(m) == one.nparts);
	walk(mc_mime_message_root(m));
	mc_mime_message_free(m);
	return 0;
}
