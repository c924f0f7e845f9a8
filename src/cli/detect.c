#include "config.h"

#include <string.h>

#include "cli/detect.h"

/* "begin[-base64][-encoded] " and an octal digit at p (n bytes). */
static int begin_line(const char *p, size_t n)
{
	static const char *const forms[] = { "begin ", "begin-base64 ", "begin-encoded ",
		                             "begin-base64-encoded " };
	size_t i, k;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		k = strlen(forms[i]);
		if (n > k && memcmp(p, forms[i], k) == 0 && p[k] >= '0' && p[k] <= '7')
			return 1;
	}
	return 0;
}

enum detected detect_encoding(const char *buf, size_t len, int complete)
{
	int standard = 0, url = 0, other = 0;
	size_t chars = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if ((i == 0 || buf[i - 1] == '\n') && begin_line(buf + i, len - i))
			return DETECT_UU;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (alnum)
			chars++;
		else if (c == '=')
			other |= i + 1 < len && buf[i + 1] != '=' && buf[i + 1] > ' '; /* "=3D" */
		else if (c == '+' || c == '/')
			standard = 1, chars++;
		else if (c == '-' || c == '_')
			url = 1, chars++;
		else if (c == ' ' || c == '\t')
			other |= i > 0 && i + 1 < len && buf[i - 1] > ' ' && buf[i + 1] > ' '; /* words */
		else if (c != '\r' && c != '\n')
			other = 1;
	}
	/* a whole input whose characters leave one over carries no base64 */
	if (other || (standard && url) || (complete && chars % 4 == 1))
		return DETECT_QP;
	return url ? DETECT_BASE64URL : DETECT_BASE64;
}

const char *detected_name(enum detected d)
{
	switch (d) {
	case DETECT_BASE64:
		return "base64";
	case DETECT_BASE64URL:
		return "base64url";
	case DETECT_QP:
		return "quoted-printable";
	default:
		return "uuencode";
	}
}
