/*
 * RFC 2047 encoded words in header values, decoded to UTF-8.
 *
 * "=?charset[*lang]?B|Q?text?=" anywhere in the value (as mail readers
 * do, not only where RFC 2047 allows them); blanks between two encoded
 * words are dropped; the bytes of adjacent words in one charset are
 * joined before conversion, so a character split across two words comes
 * out whole.  A word that does not decode, or whose charset iconv does
 * not know, stays as it was and is flagged.  One pass, forward only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <mimecodec/base64.h>
#include <mimecodec/qp.h>

#include "codecs/util.h"
#include "mime/mime_impl.h"

struct word {
	size_t start, end;      /* the whole "=?...?=" in the source */
	size_t cs, cs_len;      /* charset, without a language */
	char enc;               /* 'B' or 'Q' */
	size_t text, text_len;
};

/* An encoded word starting at s[i]; 0 if there is none. */
static int parse_word(const char *s, size_t n, size_t i, struct word *w)
{
	size_t j, q1, q2;

	if (i + 8 > n || s[i] != '=' || s[i + 1] != '?')
		return 0;
	for (j = i + 2; j < n && s[j] != '?'; j++)
		if ((unsigned char)s[j] <= 32 || (unsigned char)s[j] >= 127)
			return 0;
	if (j + 3 >= n || j == i + 2)
		return 0;
	q1 = j;
	if (s[q1 + 2] != '?')
		return 0;
	w->enc = (char)(s[q1 + 1] & ~0x20);
	if (w->enc != 'B' && w->enc != 'Q')
		return 0;
	q2 = q1 + 2;
	for (j = q2 + 1; j + 1 < n && !(s[j] == '?' && s[j + 1] == '='); j++)
		if ((unsigned char)s[j] <= 32 || (unsigned char)s[j] >= 127)
			return 0;
	if (j + 1 >= n)
		return 0;
	w->start = i;
	w->end = j + 2;
	w->cs = i + 2;
	w->cs_len = q1 - (i + 2);
	{
		const char *star = memchr(s + w->cs, '*', w->cs_len);
		if (star != NULL)
			w->cs_len = (size_t)(star - (s + w->cs));
	}
	w->text = q2 + 1;
	w->text_len = j - w->text;
	return w->cs_len > 0;
}

/* The bytes of a word appended to b; 0 when its text is malformed. */
static int word_bytes(const char *s, const struct word *w, struct mbuf *b, unsigned *flags)
{
	size_t cap = w->text_len + 4, got;
	uint8_t *tmp = malloc(cap);
	mc_status st;
	int ok;

	if (tmp == NULL)
		return 0;
	if (w->enc == 'B') {
		mc_b64_config c = { .mode = MC_B64_MIME };
		mc_b64_result r;
		st = mc_b64_decode(s + w->text, w->text_len, tmp, cap, &r, &c);
		got = r.written;
		if (st == MC_OK && (r.defects.invalid_char.count || r.defects.bad_padding.count ||
		                    r.defects.after_padding.count))
			st = MC_ERR_INVALID_CHAR;
		if (st == MC_OK && (r.defects.missing_padding.count || r.defects.trailing_bits.count))
			*flags |= MC_MIME_WORDS_BAD; /* common and harmless: decoded, noted */
	} else {
		mc_qp_result r;
		st = mc_qp_q_decode(s + w->text, w->text_len, tmp, cap, &r, MC_QP_STRICT);
		got = r.written;
	}
	ok = st == MC_OK && mbuf_append(b, tmp, got);
	free(tmp);
	return ok;
}

static int same_charset(const char *s, const struct word *a, const struct word *b)
{
	size_t i;

	if (a->cs_len != b->cs_len)
		return 0;
	for (i = 0; i < a->cs_len; i++)
		if ((s[a->cs + i] | 0x20) != (s[b->cs + i] | 0x20))
			return 0;
	return 1;
}

static int is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

mc_status mc_mime_words_max_length(size_t len, size_t *out)
{
	size_t n;

	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (!mul_ok(len, 3, &n) || !add_ok(n, 1, out))
		return MC_ERR_OVERFLOW;
	return MC_OK;
}

static int put(struct mbuf *o, const void *p, size_t n)
{
	return mbuf_append(o, p, n);
}

mc_status mc_mime_decode_words(const char *src, size_t len, char *dst, size_t cap,
                               size_t *written, unsigned *flags)
{
	struct mbuf out = { 0 }, bytes = { 0 };
	unsigned fl = 0;
	size_t i = 0, need;
	mc_status st = MC_OK;

	if (written != NULL)
		*written = 0;
	if (flags != NULL)
		*flags = 0;
	if (written == NULL || dst == NULL || (len != 0 && src == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	if ((st = mc_mime_words_max_length(len, &need)) != MC_OK)
		return st;
	if (cap < need)
		return MC_ERR_BUFFER_TOO_SMALL;

	while (i < len && st == MC_OK) {
		struct word w, next;
		size_t j;

		if (!parse_word(src, len, i, &w)) {
			if ((unsigned char)src[i] >= 0x80)
				fl |= MC_MIME_WORDS_8BIT;
			if (!put(&out, src + i, 1))
				st = MC_ERR_NO_MEMORY;
			i++;
			continue;
		}
		/* this word and the following ones in the same charset, blanks between dropped */
		bytes.len = 0;
		if (!word_bytes(src, &w, &bytes, &fl)) {
			fl |= MC_MIME_WORDS_BAD;
			if (!put(&out, src + w.start, w.end - w.start))
				st = MC_ERR_NO_MEMORY;
			i = w.end;
			continue;
		}
		j = w.end;
		for (;;) {
			size_t k = j;
			while (k < len && is_wsp(src[k]))
				k++;
			if (!parse_word(src, len, k, &next) || !same_charset(src, &w, &next))
				break;
			if (!word_bytes(src, &next, &bytes, &fl))
				break;
			j = next.end;
		}
		{
			char charset[64];
			char *utf8 = NULL;
			if (w.cs_len < sizeof charset) {
				memcpy(charset, src + w.cs, w.cs_len);
				charset[w.cs_len] = '\0';
				utf8 = mime_to_utf8(charset, bytes.p ? (const char *)bytes.p : "", bytes.len);
			}
			if (utf8 == NULL) {
				fl |= MC_MIME_WORDS_CHARSET;
				if (!put(&out, src + w.start, j - w.start))
					st = MC_ERR_NO_MEMORY;
			} else {
				if (!put(&out, utf8, strlen(utf8)))
					st = MC_ERR_NO_MEMORY;
				free(utf8);
			}
		}
		i = j;
		/* blanks before a following word of another charset are dropped too */
		{
			size_t k = i;
			while (k < len && is_wsp(src[k]))
				k++;
			if (k > i && parse_word(src, len, k, &next))
				i = k;
		}
	}
	mbuf_free(&bytes);
	if (st == MC_OK && out.len >= cap)
		st = MC_ERR_BUFFER_TOO_SMALL; /* cannot happen within the bound; never overrun */
	if (st == MC_OK) {
		if (out.len)
			memcpy(dst, out.p, out.len);
		dst[out.len] = '\0';
		*written = out.len;
		if (flags != NULL)
			*flags = fl;
	}
	mbuf_free(&out);
	return st;
}

mc_status mc_mime_header_value(const mc_mime_header *h, char *dst, size_t cap, size_t *written,
                               unsigned *flags)
{
	const char *v;
	size_t n, i, o = 0;
	char *unfolded;
	mc_status st;

	if (written != NULL)
		*written = 0;
	if (h == NULL || written == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	v = h->raw + h->value_start;
	n = h->value_end - h->value_start;
	if ((unfolded = malloc(n + 1)) == NULL)
		return MC_ERR_NO_MEMORY;
	/* unfold, then drop the blanks around the value (they belong to the field) */
	for (i = 0; i < n; i++)
		if (v[i] != '\r' && v[i] != '\n')
			unfolded[o++] = v[i];
	for (i = 0; i < o && (unfolded[i] == ' ' || unfolded[i] == '\t'); i++)
		;
	memmove(unfolded, unfolded + i, o - i);
	o -= i;
	while (o > 0 && (unfolded[o - 1] == ' ' || unfolded[o - 1] == '\t'))
		o--;
	st = mc_mime_decode_words(unfolded, o, dst, cap, written, flags);
	free(unfolded);
	return st;
}
