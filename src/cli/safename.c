#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/safename.h"

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned c = s[0];
	unsigned long cp;

	if (c < 0xC2 || c > 0xF4)
		return 0;
	len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = c & (0x7Fu >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0xA0)
		return 0;
	return len;
}

/* Cuts out[0, len) to at most SAFE_NAME_MAX bytes, keeping a short extension. */
static void shorten(char *out, size_t len)
{
	const char *dot = strrchr(out, '.');
	size_t ext = dot != NULL && dot != out ? len - (size_t)(dot - out) : 0;
	size_t keep;

	if (len <= SAFE_NAME_MAX)
		return;
	if (ext > 16)
		ext = 0;
	keep = SAFE_NAME_MAX - ext;
	while (keep > 0 && ((unsigned char)out[keep] & 0xC0) == 0x80)
		keep--; /* never cut a character in two */
	memmove(out + keep, out + len - ext, ext);
	out[keep + ext] = '\0';
}

int safe_name(const char *name, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)name, *base = p;
	size_t n, len = 0;
	char *buf;

	if (cap <= SAFE_NAME_MAX)
		return -1;
	for (; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (((base[0] | 0x20) >= 'a' && (base[0] | 0x20) <= 'z') && base[1] == ':')
		base += 2; /* "C:", also "C:C:", so that cleaning twice changes nothing */
	if (strcmp((const char *)base, "") == 0 || strcmp((const char *)base, ".") == 0 ||
	    strcmp((const char *)base, "..") == 0)
		return -1;

	n = strlen((const char *)base);
	buf = malloc(n + 1); /* a clean name is never longer than the raw one */
	if (buf == NULL)
		return -1;
	for (p = base; *p != '\0';) {
		size_t k;
		if (*p >= 0x20 && *p != 0x7F && *p < 0x80) {
			buf[len++] = (char)*p++;
			n--;
		} else if (*p >= 0x80 && (k = utf8_seq(p, n)) != 0) {
			memcpy(buf + len, p, k);
			len += k;
			p += k;
			n -= k;
		} else {
			buf[len++] = '_';
			p++;
			n--;
		}
	}
	buf[len] = '\0';
	if (buf[0] == '.' || buf[0] == '-')
		buf[0] = '_';
	shorten(buf, len);
	memcpy(out, buf, strlen(buf) + 1);
	free(buf);
	return 0;
}
