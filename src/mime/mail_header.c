/*
 * Writing header fields: validation (no CR, LF, NUL, invalid UTF-8; names
 * of printable ASCII without ':'), RFC 2047 encoded words for the words
 * that need them (B or Q, whichever is shorter, never splitting a UTF-8
 * character), folding at 78 columns, and parameters with RFC 2231 when a
 * value is not ASCII.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mimecodec/base64.h>
#include <mimecodec/qp.h>

#include "mime/mail_impl.h"

#define FOLD_AT 78
#define WORD_MAX 75   /* an encoded word, RFC 2047 §2 */
#define LONG_WORD 900 /* a plain word this long is encoded, so that it can be folded */

int mail_valid_name(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0')
		return 0;
	for (i = 0; name[i] != '\0'; i++)
		if ((unsigned char)name[i] < 33 || (unsigned char)name[i] > 126 || name[i] == ':')
			return 0;
	return i <= 76;
}

int mail_valid_value(const char *v)
{
	size_t i;

	if (v == NULL)
		return 0;
	for (i = 0; v[i] != '\0'; i++)
		if (v[i] == '\r' || v[i] == '\n')
			return 0;
	return mime_valid_utf8((const uint8_t *)v, i);
}

/* Folding: tokens joined by their separators, a line end before a separator when a line would pass 78. */
struct folder {
	struct mbuf *out;
	const char *eol;
	size_t col;
	int ok;
};

static void put(struct folder *f, const char *s, size_t n)
{
	if (!mbuf_append(f->out, s, n))
		f->ok = 0;
	f->col += n;
}

/* sep (blanks, at least one unless at the start) then token; folds before sep if needed. */
static void token(struct folder *f, const char *sep, size_t sep_len, const char *t, size_t n)
{
	if (sep_len > 0 && f->col + sep_len + n > FOLD_AT && f->col > 0) {
		put(f, f->eol, strlen(f->eol));
		f->col = 0;
	}
	put(f, sep, sep_len);
	put(f, t, n);
}

/* Length of the UTF-8 character starting with byte c (1 for anything else). */
static size_t char_len(uint8_t c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Encoded length of s[0, n) as one word's text, in B or Q. */
static size_t encoded_len(const char *s, size_t n, int b)
{
	size_t len;

	if (b)
		return (n + 2) / 3 * 4;
	mc_qp_q_encoded_length(s, n, &len);
	return len;
}

/*
 * Encoded words for s[0, n) (a run of words with the blanks between
 * them), each at most 75 characters, as tokens of the folder.
 */
static void encode_run(struct folder *f, const char *sep, size_t sep_len, const char *s, size_t n)
{
	static const char head_b[] = "=?utf-8?b?", head_q[] = "=?utf-8?q?";
	const size_t room = WORD_MAX - (sizeof head_b - 1) - 2;
	int b = encoded_len(s, n, 1) < encoded_len(s, n, 0);
	size_t i = 0;

	while (i < n && f->ok) {
		char word[WORD_MAX + 1];
		size_t end = i, w = sizeof head_b - 1, len;

		/* as many whole characters as fit */
		while (end < n) {
			size_t c = char_len((uint8_t)s[end]);
			if (end + c > n || encoded_len(s + i, end + c - i, b) > room)
				break;
			end += c;
		}
		if (end == i)
			end = i + char_len((uint8_t)s[i]) <= n ? i + char_len((uint8_t)s[i]) : n;
		memcpy(word, b ? head_b : head_q, w);
		if (b) {
			mc_b64_config c = { 0 };
			mc_b64_encode(s + i, end - i, word + w, sizeof word - w, &len, &c);
		} else {
			mc_qp_q_encode(s + i, end - i, word + w, sizeof word - w, &len);
		}
		w += len;
		word[w++] = '?';
		word[w++] = '=';
		token(f, sep, sep_len, word, w);
		sep = " ";
		sep_len = 1;
		i = end;
	}
}

static int needs_encoding(const char *w, size_t n)
{
	size_t i;

	if (n >= LONG_WORD)
		return 1;
	for (i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 0x80 || (unsigned char)w[i] < 32 || w[i] == 127 ||
		    (w[i] == '=' && i + 1 < n && w[i + 1] == '?'))
			return 1;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Words of value: plain ones as they are, runs of ones that need it encoded. */
static void put_words(struct folder *f, const char *value, int first_sep)
{
	size_t i = 0, n = strlen(value);
	const char *sep = first_sep ? " " : "";
	size_t sep_len = first_sep ? 1 : 0;

	while (i < n && f->ok) {
		size_t s = i, e;
		while (i < n && is_blank(value[i]))
			i++;
		if (i > s) {
			sep = value + s;
			sep_len = i - s;
		}
		if (i == n)
			break;
		e = i;
		while (e < n && !is_blank(value[e]))
			e++;
		if (!needs_encoding(value + i, e - i)) {
			token(f, sep, sep_len, value + i, e - i);
		} else {
			/* the run goes on over blanks to the last word that needs encoding */
			size_t run_end = e, k = e;
			for (;;) {
				size_t ws = k, we;
				while (k < n && is_blank(value[k]))
					k++;
				if (k == n || k == ws)
					break;
				we = k;
				while (we < n && !is_blank(value[we]))
					we++;
				if (!needs_encoding(value + k, we - k))
					break;
				run_end = k = we;
			}
			encode_run(f, sep, sep_len, value + i, run_end - i);
			e = run_end;
		}
		sep = " ";
		sep_len = 0;
		i = e;
		if (i < n && !is_blank(value[i]))
			sep_len = 0;
	}
}

int mail_put_field(struct mbuf *out, const char *name, const char *value, const char *eol)
{
	struct folder f = { out, eol, 0, 1 };
	char lead[96];

	snprintf(lead, sizeof lead, "%s:", name);
	put(&f, lead, strlen(lead));
	put_words(&f, value, 1);
	put(&f, eol, strlen(eol));
	return f.ok;
}

/* ------------------------------------------------------------ addresses */

static int is_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* A display name as atoms, a quoted string, or encoded words (RFC 2047 §5(3)). */
int mail_put_display(struct mbuf *out, const char *display)
{
	size_t i, n = strlen(display);
	int ascii = 1, atoms = 1;

	for (i = 0; i < n; i++) {
		if ((unsigned char)display[i] >= 0x80 || (unsigned char)display[i] < 32)
			ascii = 0;
		else if (!is_atext(display[i]) && display[i] != ' ')
			atoms = 0;
	}
	if (!ascii) {
		struct folder f = { out, " ", 1, 1 }; /* folded later, as a whole address */
		encode_run(&f, "", 0, display, n);
		return f.ok;
	}
	if (atoms && n > 0 && display[0] != ' ' && display[n - 1] != ' ')
		return mbuf_append(out, display, n);
	if (!mbuf_append(out, "\"", 1))
		return 0;
	for (i = 0; i < n; i++)
		if (((display[i] == '"' || display[i] == '\\') && !mbuf_append(out, "\\", 1)) ||
		    !mbuf_append(out, display + i, 1))
			return 0;
	return mbuf_append(out, "\"", 1);
}

/* "Name: a, b, ..." folded between the addresses (and inside long encoded names). */
int mail_put_address_field(struct mbuf *out, const char *name, const char *const *addrs,
                           size_t n, const char *eol)
{
	struct folder f = { out, eol, 0, 1 };
	char lead[96];
	size_t k;

	snprintf(lead, sizeof lead, "%s:", name);
	put(&f, lead, strlen(lead));
	for (k = 0; k < n && f.ok; k++) {
		const char *a = addrs[k];
		size_t len = strlen(a);
		char *with_comma = NULL;
		if (k + 1 < n) {
			if ((with_comma = malloc(len + 2)) == NULL)
				return 0;
			memcpy(with_comma, a, len);
			with_comma[len] = ',';
			with_comma[len + 1] = '\0';
			a = with_comma;
			len++;
		}
		/* an address's own blanks (between encoded words) may fold too */
		{
			size_t i = 0;
			const char *sep = " ";
			while (i < len && f.ok) {
				size_t e = i;
				while (e < len && a[e] != ' ')
					e++;
				token(&f, sep, 1, a + i, e - i);
				i = e < len ? e + 1 : e;
			}
		}
		free(with_comma);
	}
	put(&f, eol, strlen(eol));
	return f.ok;
}

/* ----------------------------------------------------------- parameters */

static int is_token_char(char c)
{
	return (unsigned char)c > 32 && (unsigned char)c < 127 && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* RFC 2231 attribute-char: a token character but '*', '\'', '%'. */
static int attr_char(char c)
{
	return is_token_char(c) && c != '*' && c != '\'' && c != '%';
}

/*
 * "; name=value" tokens for the folder: a token, a quoted string, or for
 * non-ASCII or long values (when rfc2231) RFC 2231 sections
 * "name*0*=utf-8''..." of at most 70 characters.
 */
int mail_put_param(struct mbuf *out, size_t *col, const char *name, const char *value,
                   const char *eol, int rfc2231)
{
	struct folder f = { out, eol, *col, 1 };
	size_t i, n = strlen(value);
	int ascii = 1, token_ok = n > 0;
	char buf[160];

	for (i = 0; i < n; i++) {
		if ((unsigned char)value[i] >= 0x80 || (unsigned char)value[i] < 32)
			ascii = 0;
		if (!is_token_char(value[i]))
			token_ok = 0;
	}
	put(&f, ";", 1);
	if (ascii && (n < 60 || !rfc2231)) {
		struct mbuf v = { 0 };
		int ok = mbuf_append(&v, name, strlen(name)) && mbuf_append(&v, "=", 1);
		if (!token_ok)
			ok = ok && mbuf_append(&v, "\"", 1);
		for (i = 0; i < n && ok; i++)
			ok = (token_ok || (value[i] != '"' && value[i] != '\\') || mbuf_append(&v, "\\", 1)) &&
			     mbuf_append(&v, value + i, 1);
		if (!token_ok)
			ok = ok && mbuf_append(&v, "\"", 1);
		if (ok)
			token(&f, " ", 1, (const char *)v.p, v.len);
		mbuf_free(&v);
		*col = f.col;
		return ok && f.ok;
	}
	/* RFC 2231: percent-encoded UTF-8 in sections of at most 70 characters */
	{
		size_t section = 0;
		i = 0;
		while (i < n && f.ok) {
			size_t len = (size_t)snprintf(buf, sizeof buf,
			                              section == 0 ? "%s*0*=utf-8''" : "%s*%zu*=", name, section);
			size_t start = len;
			while (i < n) {
				size_t clen = char_len((uint8_t)value[i]), need = 0, k;
				if (clen > n - i)
					clen = n - i;
				for (k = 0; k < clen; k++)
					need += attr_char(value[i + k]) ? 1 : 3;
				if (len + need > 70 && len > start)
					break;
				for (k = 0; k < clen; k++, i++) {
					if (attr_char(value[i]))
						buf[len++] = value[i];
					else
						len += (size_t)snprintf(buf + len, sizeof buf - len, "%%%02X",
						                        (unsigned char)value[i]);
				}
			}
			token(&f, " ", 1, buf, len);
			if (i < n)
				put(&f, ";", 1);
			section++;
		}
	}
	*col = f.col;
	return f.ok;
}
