/*
 * The message tree, built from the parser's events: each part keeps its
 * raw bytes as segments (its own bytes, or a child's place), so writing
 * the segments in order gives back the input exactly; leaves keep their
 * decoded content.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mime/mime_impl.h"

struct mc_mime_message {
	struct mc_mime_part *root;
	size_t nparts;
	mc_mime_defect *defects;
	size_t ndefects, defects_cap;
};

static int add_seg(struct mc_mime_part *p, long child, size_t off, size_t len)
{
	if (child < 0 && p->nsegs > 0 && p->segs[p->nsegs - 1].child < 0 &&
	    p->segs[p->nsegs - 1].off + p->segs[p->nsegs - 1].len == off) {
		p->segs[p->nsegs - 1].len += len;
		return 1;
	}
	if (p->nsegs == p->segs_cap) {
		size_t cap = p->segs_cap ? 2 * p->segs_cap : 8;
		struct mime_seg *s = realloc(p->segs, cap * sizeof *s);
		if (s == NULL)
			return 0;
		p->segs = s;
		p->segs_cap = cap;
	}
	p->segs[p->nsegs].child = child;
	p->segs[p->nsegs].off = off;
	p->segs[p->nsegs].len = len;
	p->nsegs++;
	return 1;
}

/* A part's first event: its place among its parent's segments. */
static int register_part(struct mc_mime_message *m, struct mc_mime_part *p)
{
	struct mc_mime_part *parent = p->parent;
	size_t k;

	if (p->registered)
		return 1;
	p->registered = 1;
	m->nparts++;
	if (parent == NULL)
		return 1;
	for (k = parent->nchildren; k-- > 0;)
		if (parent->children[k] == p)
			return add_seg(parent, (long)k, 0, 0);
	return 0;
}

static int on_event(void *ctx, const mc_mime_event *ev)
{
	struct mc_mime_message *m = ctx;
	struct mc_mime_part *p = (struct mc_mime_part *)(uintptr_t)ev->part;

	if (!register_part(m, p))
		return 1;
	switch (ev->type) {
	case MC_MIME_RAW: {
		size_t off = p->raw.len;
		if (!mbuf_append(&p->raw, ev->data, ev->len) || !add_seg(p, -1, off, ev->len))
			return 1;
		if (ev->raw_kind == MC_MIME_RAW_PREAMBLE) {
			if (!p->has_preamble)
				p->preamble_off = off;
			p->has_preamble = 1;
			p->preamble_len = off + ev->len - p->preamble_off;
		} else if (ev->raw_kind == MC_MIME_RAW_EPILOGUE) {
			if (!p->has_epilogue)
				p->epilogue_off = off;
			p->has_epilogue = 1;
			p->epilogue_len = off + ev->len - p->epilogue_off;
		}
		return 0;
	}
	case MC_MIME_BODY:
		return !mbuf_append(&p->content, ev->data, ev->len);
	case MC_MIME_PART_END:
		/* a multipart that never split: its preamble is its content */
		if (p->no_parts && p->has_preamble &&
		    !mbuf_append(&p->content, p->raw.p + p->preamble_off, p->preamble_len))
			return 1;
		return 0;
	case MC_MIME_DEFECT:
		if (m->ndefects == m->defects_cap) {
			size_t cap = m->defects_cap ? 2 * m->defects_cap : 8;
			mc_mime_defect *d = realloc(m->defects, cap * sizeof *d);
			if (d == NULL)
				return 1;
			m->defects = d;
			m->defects_cap = cap;
		}
		m->defects[m->ndefects++] = ev->defect;
		return 0;
	default:
		return 0;
	}
}

mc_status mc_mime_parse(const void *data, size_t len, const mc_mime_config *lim,
                        mc_mime_message **out)
{
	struct mc_mime_message *m;
	mc_mime_parser *P;
	mc_status st;

	if (out == NULL || (len != 0 && data == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	*out = NULL;
	if ((st = mime_config_check(lim)) != MC_OK)
		return st;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return MC_ERR_NO_MEMORY;
	if ((P = mime_parser_new_keep(lim, on_event, m)) == NULL) {
		free(m);
		return MC_ERR_NO_MEMORY;
	}
	st = mc_mime_parser_feed(P, data, len);
	if (st == MC_OK)
		st = mc_mime_parser_finish(P);
	m->root = mime_parser_root(P);
	mc_mime_parser_free(P);
	if (st == MC_ERR_ABORTED)
		st = MC_ERR_NO_MEMORY; /* the only reason on_event stops */
	if (st != MC_OK) {
		mc_mime_message_free(m);
		return st;
	}
	*out = m;
	return MC_OK;
}

void mc_mime_message_free(mc_mime_message *m)
{
	if (m == NULL)
		return;
	mime_part_free(m->root);
	free(m->defects);
	free(m);
}

const mc_mime_part *mc_mime_message_root(const mc_mime_message *m)
{
	return m->root;
}

size_t mc_mime_message_part_count(const mc_mime_message *m)
{
	return m->nparts;
}

size_t mc_mime_message_defect_count(const mc_mime_message *m)
{
	return m->ndefects;
}

const mc_mime_defect *mc_mime_message_defect(const mc_mime_message *m, size_t n)
{
	return n < m->ndefects ? &m->defects[n] : NULL;
}

size_t mc_mime_part_child_count(const mc_mime_part *p)
{
	return p->nchildren;
}

const mc_mime_part *mc_mime_part_child(const mc_mime_part *p, size_t n)
{
	return n < p->nchildren ? p->children[n] : NULL;
}

static const uint8_t *bytes_or_empty(const struct mbuf *b, size_t off)
{
	return b->p ? b->p + off : (const uint8_t *)"";
}

const uint8_t *mc_mime_part_content(const mc_mime_part *p, size_t *len)
{
	*len = p->kind == MC_MIME_LEAF ? p->content.len : 0;
	return bytes_or_empty(&p->content, 0);
}

const uint8_t *mc_mime_part_preamble(const mc_mime_part *p, size_t *len)
{
	*len = p->has_preamble ? p->preamble_len : 0;
	if (p->kind != MC_MIME_MULTIPART)
		return NULL;
	return p->has_preamble ? bytes_or_empty(&p->raw, p->preamble_off) : (const uint8_t *)"";
}

const uint8_t *mc_mime_part_epilogue(const mc_mime_part *p, size_t *len)
{
	*len = p->has_epilogue ? p->epilogue_len : 0;
	if (p->kind != MC_MIME_MULTIPART)
		return NULL;
	return p->has_epilogue ? bytes_or_empty(&p->raw, p->epilogue_off) : (const uint8_t *)"";
}

static int write_part(const struct mc_mime_part *p, mc_mime_write_fn write, void *ctx)
{
	size_t i;

	for (i = 0; i < p->nsegs; i++) {
		const struct mime_seg *s = &p->segs[i];
		if (s->child >= 0) {
			if (write_part(p->children[s->child], write, ctx) != 0)
				return 1;
		} else if (s->len != 0 && write(ctx, p->raw.p + s->off, s->len) != 0) {
			return 1;
		}
	}
	return 0;
}

mc_status mc_mime_write(const mc_mime_message *m, mc_mime_write_fn write, void *ctx)
{
	if (m == NULL || write == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (m->root != NULL && write_part(m->root, write, ctx) != 0)
		return MC_ERR_ABORTED;
	return MC_OK;
}
