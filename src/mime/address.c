/*
 * Address lists (RFC 5322 §3.4), parsed strictly: anything that is not
 * the grammar is an error with its offset, never a guess at what the
 * sender meant (CVE-2023-27043 came from guessing).  Allowed beyond the
 * strict grammar: dots in display names ("John Q. Public", RFC 5322
 * obs-phrase) and UTF-8 in atoms and quoted strings (RFC 6532).
 *
 * A recursive-descent parser whose every step consumes input; comments
 * nest with a counter, not recursion, so hostile input costs linear time
 * and no stack.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mime/mime_impl.h"

struct ap {
	const char *s;
	size_t n, i;
	int failed;
	size_t error_at;
};

static void fail(struct ap *p, size_t at)
{
	if (!p->failed) {
		p->failed = 1;
		p->error_at = at;
	}
}

static int at_end(const struct ap *p)
{
	return p->i >= p->n;
}

static char peek(const struct ap *p)
{
	return at_end(p) ? '\0' : p->s[p->i];
}

/* Folding white space and comments. */
static void cfws(struct ap *p)
{
	while (!p->failed && !at_end(p)) {
		char c = p->s[p->i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			p->i++;
		} else if (c == '(') {
			size_t start = p->i, depth = 0;
			do {
				if (p->s[p->i] == '\\')
					p->i++;
				else if (p->s[p->i] == '(')
					depth++;
				else if (p->s[p->i] == ')')
					depth--;
				p->i++;
			} while (depth > 0 && p->i < p->n);
			if (depth > 0)
				fail(p, start); /* unterminated comment */
		} else {
			return;
		}
	}
}

static int is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL) || c >= 0x80;
}

/* An atom, appended to out; 0 if there is none here. */
static int atom(struct ap *p, struct mbuf *out)
{
	size_t start = p->i;

	while (!at_end(p) && is_atext((unsigned char)p->s[p->i]))
		p->i++;
	if (p->i == start)
		return 0;
	if (!mbuf_append(out, p->s + start, p->i - start))
		fail(p, start);
	return 1;
}

/* A quoted string, its content appended to out; 0 if there is none here. */
static int quoted(struct ap *p, struct mbuf *out)
{
	size_t start = p->i;

	if (peek(p) != '"')
		return 0;
	p->i++;
	while (!at_end(p) && p->s[p->i] != '"') {
		char c = p->s[p->i];
		if (c == '\\') {
			if (p->i + 1 >= p->n)
				break;
			c = p->s[++p->i];
		} else if (c == '\r' || c == '\n') {
			p->i++;
			continue; /* folding inside the quotes */
		}
		if (c == '\0' || !mbuf_append(out, &c, 1)) {
			fail(p, p->i);
			return 1;
		}
		p->i++;
	}
	if (at_end(p))
		fail(p, start); /* unterminated */
	else
		p->i++;
	return 1;
}

/* dot-atom: atom *("." atom), no blanks around the dots. */
static int dot_atom(struct ap *p, struct mbuf *out)
{
	if (!atom(p, out))
		return 0;
	while (!p->failed && peek(p) == '.') {
		p->i++;
		if (!mbuf_append(out, ".", 1) || !atom(p, out)) {
			fail(p, p->i);
			return 1;
		}
	}
	return 1;
}

/* domain: dot-atom or a domain literal "[...]" (kept with its brackets). */
static void domain(struct ap *p, struct mbuf *out)
{
	cfws(p);
	if (peek(p) == '[') {
		size_t start = p->i;
		p->i++;
		while (!at_end(p) && p->s[p->i] != ']') {
			unsigned char c = (unsigned char)p->s[p->i];
			if (c == '[' || c == '\\' || c < 33 || c == 127) {
				fail(p, p->i);
				return;
			}
			p->i++;
		}
		if (at_end(p)) {
			fail(p, start);
			return;
		}
		p->i++;
		if (!mbuf_append(out, p->s + start, p->i - start))
			fail(p, start);
	} else if (!dot_atom(p, out)) {
		fail(p, p->i);
	}
	cfws(p);
}

struct mailbox {
	struct mbuf name, local, domain;
};

/* local-part "@" domain, from here (after any CFWS). */
static void addr_spec(struct ap *p, struct mailbox *mb)
{
	cfws(p);
	if (!quoted(p, &mb->local) && !dot_atom(p, &mb->local)) {
		fail(p, p->i);
		return;
	}
	cfws(p);
	if (peek(p) != '@') {
		fail(p, p->i);
		return;
	}
	p->i++;
	domain(p, &mb->domain);
}

/* A display name: words (atoms, quoted strings, dots), joined by one space. */
static void phrase(struct ap *p, struct mbuf *out)
{
	int words = 0;

	for (;;) {
		size_t mark = out->len;
		cfws(p);
		if (p->failed)
			return;
		if (words > 0 && !mbuf_append(out, " ", 1)) {
			fail(p, p->i);
			return;
		}
		if (quoted(p, out) || atom(p, out)) {
			words++;
		} else if (words > 0 && peek(p) == '.') {
			out->len--;
			if (!mbuf_append(out, ".", 1))
				fail(p, p->i);
			p->i++;
		} else {
			out->len = mark;
			return;
		}
	}
}

static char *cstr(const struct mbuf *b)
{
	char *s = malloc(b->len + 1);

	if (s != NULL) {
		if (b->len)
			memcpy(s, b->p, b->len);
		s[b->len] = '\0';
	}
	return s;
}

/* The display name as UTF-8, encoded words decoded. */
static char *decoded_name(const struct mbuf *b)
{
	size_t cap, w;
	char *out;

	if (mc_mime_words_max_length(b->len, &cap) != MC_OK || (out = malloc(cap)) == NULL)
		return NULL;
	if (mc_mime_decode_words(b->len ? (const char *)b->p : "", b->len, out, cap, &w, NULL) != MC_OK) {
		free(out);
		return NULL;
	}
	return out;
}

static int deliver(struct ap *p, struct mailbox *mb, const char *group, mc_mime_address_fn fn,
                   void *ctx)
{
	mc_mime_address a;
	char *name = decoded_name(&mb->name), *local = cstr(&mb->local), *dom = cstr(&mb->domain);
	int stop = 1;

	if (name != NULL && local != NULL && dom != NULL) {
		a.name = name;
		a.local = local;
		a.domain = dom;
		a.group = group;
		stop = fn(ctx, &a);
	} else {
		fail(p, p->i);
	}
	free(name);
	free(local);
	free(dom);
	mb->name.len = mb->local.len = mb->domain.len = 0;
	return stop;
}

/*
 * One mailbox: name-addr or addr-spec.  A phrase followed by '@' was the
 * local part of an addr-spec: parse again from the start as one.
 */
static void mailbox(struct ap *p, struct mailbox *mb, int allow_group, int *is_group)
{
	size_t start = p->i;

	*is_group = 0;
	phrase(p, &mb->name);
	if (p->failed)
		return;
	if (peek(p) == '<') {
		p->i++;
		addr_spec(p, mb);
		if (!p->failed && peek(p) != '>')
			fail(p, p->i);
		if (!p->failed) {
			p->i++;
			cfws(p);
		}
	} else if (peek(p) == ':' && allow_group && mb->name.len > 0) {
		p->i++;
		*is_group = 1;
	} else if (peek(p) == '@' || peek(p) == '.') {
		mb->name.len = 0;
		p->i = start;
		addr_spec(p, mb);
	} else {
		fail(p, p->i);
	}
}

mc_status mc_mime_parse_addresses(const char *src, size_t len, mc_mime_address_fn fn, void *ctx,
                                  size_t *error_offset)
{
	struct ap p = { src, len, 0, 0, 0 };
	struct mailbox mb = { { 0 }, { 0 }, { 0 } };
	int stopped = 0;

	if (error_offset != NULL)
		*error_offset = 0;
	if ((len != 0 && src == NULL) || fn == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	do {
		int is_group;
		cfws(&p);
		if (p.failed)
			break;
		mailbox(&p, &mb, 1, &is_group);
		if (p.failed)
			break;
		if (!is_group) {
			stopped = deliver(&p, &mb, NULL, fn, ctx);
		} else {
			/* group: [mailbox *("," mailbox)] ";" */
			char *group = decoded_name(&mb.name);
			mb.name.len = 0;
			if (group == NULL) {
				fail(&p, p.i);
				break;
			}
			cfws(&p);
			while (!p.failed && !stopped && peek(&p) != ';') {
				int nested;
				mailbox(&p, &mb, 0, &nested);
				if (p.failed)
					break;
				stopped = deliver(&p, &mb, group, fn, ctx);
				if (peek(&p) == ',') {
					p.i++;
					cfws(&p);
					if (peek(&p) == ';')
						fail(&p, p.i);
				} else if (peek(&p) != ';') {
					fail(&p, p.i);
				}
			}
			free(group);
			if (p.failed || stopped)
				break;
			p.i++;
			cfws(&p);
		}
		if (p.failed || stopped || at_end(&p))
			break;
		if (peek(&p) != ',') {
			fail(&p, p.i);
			break;
		}
		p.i++;
		cfws(&p);
		if (at_end(&p))
			fail(&p, p.i); /* a trailing comma */
	} while (!p.failed && !stopped);
	mbuf_free(&mb.name);
	mbuf_free(&mb.local);
	mbuf_free(&mb.domain);
	if (p.failed) {
		if (error_offset != NULL)
			*error_offset = p.error_at;
		return MC_ERR_BAD_ADDRESS;
	}
	return stopped ? MC_ERR_ABORTED : MC_OK;
}
