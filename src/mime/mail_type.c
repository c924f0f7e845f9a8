/* A content type from a file name and first bytes. */
#include "config.h"

#include <string.h>

#ifdef HAVE_LIBMAGIC
#include <magic.h>
#endif

#include "mime/mail_impl.h"

struct magic {
	const char *bytes;
	size_t at, len;
	const char *type;
};

/* First bytes of common formats. */
static const struct magic magics[] = {
	{ "%PDF-", 0, 5, "application/pdf" },
	{ "\x89PNG\r\n\x1a\n", 0, 8, "image/png" },
	{ "\xff\xd8\xff", 0, 3, "image/jpeg" },
	{ "GIF87a", 0, 6, "image/gif" },
	{ "GIF89a", 0, 6, "image/gif" },
	{ "RIFF", 0, 4, NULL }, /* WEBP, WAVE, AVI: decided by bytes 8-11 below */
	{ "BM", 0, 2, "image/bmp" },
	{ "II*\0", 0, 4, "image/tiff" },
	{ "MM\0*", 0, 4, "image/tiff" },
	{ "PK\x03\x04", 0, 4, "application/zip" },
	{ "\x1f\x8b", 0, 2, "application/gzip" },
	{ "BZh", 0, 3, "application/x-bzip2" },
	{ "\xfd" "7zXZ\0", 0, 6, "application/x-xz" },
	{ "7z\xbc\xaf\x27\x1c", 0, 6, "application/x-7z-compressed" },
	{ "Rar!\x1a\x07", 0, 6, "application/vnd.rar" },
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, 8, "application/x-ole-storage" },
	{ "ID3", 0, 3, "audio/mpeg" },
	{ "OggS", 0, 4, "audio/ogg" },
	{ "fLaC", 0, 4, "audio/flac" },
	{ "ftyp", 4, 4, "video/mp4" },
	{ "\x1a\x45\xdf\xa3", 0, 4, "video/webm" },
	{ "BEGIN:VCALENDAR", 0, 15, "text/calendar" },
	{ "BEGIN:VCARD", 0, 11, "text/vcard" },
	{ "<!DOCTYPE html", 0, 14, "text/html" },
	{ "<html", 0, 5, "text/html" },
	{ "<?xml", 0, 5, "application/xml" },
	{ "\x7f" "ELF", 0, 4, "application/x-executable" },
};

struct ext {
	const char *ext, *type;
};

/* File name endings, for what the first bytes do not tell apart (office files are zip). */
static const struct ext exts[] = {
	{ "pdf", "application/pdf" }, { "png", "image/png" }, { "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" }, { "gif", "image/gif" }, { "webp", "image/webp" },
	{ "svg", "image/svg+xml" }, { "bmp", "image/bmp" }, { "tif", "image/tiff" },
	{ "tiff", "image/tiff" }, { "ico", "image/vnd.microsoft.icon" }, { "heic", "image/heic" },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
	{ "doc", "application/msword" }, { "xls", "application/vnd.ms-excel" },
	{ "ppt", "application/vnd.ms-powerpoint" },
	{ "odt", "application/vnd.oasis.opendocument.text" },
	{ "ods", "application/vnd.oasis.opendocument.spreadsheet" },
	{ "odp", "application/vnd.oasis.opendocument.presentation" },
	{ "rtf", "application/rtf" }, { "zip", "application/zip" }, { "gz", "application/gzip" },
	{ "tgz", "application/gzip" }, { "bz2", "application/x-bzip2" }, { "xz", "application/x-xz" },
	{ "7z", "application/x-7z-compressed" }, { "rar", "application/vnd.rar" },
	{ "tar", "application/x-tar" }, { "mp3", "audio/mpeg" }, { "ogg", "audio/ogg" },
	{ "oga", "audio/ogg" }, { "flac", "audio/flac" }, { "wav", "audio/wav" },
	{ "m4a", "audio/mp4" }, { "mp4", "video/mp4" }, { "m4v", "video/mp4" },
	{ "mov", "video/quicktime" }, { "webm", "video/webm" }, { "avi", "video/x-msvideo" },
	{ "mkv", "video/x-matroska" }, { "txt", "text/plain" }, { "text", "text/plain" },
	{ "log", "text/plain" }, { "md", "text/markdown" }, { "csv", "text/csv" },
	{ "html", "text/html" }, { "htm", "text/html" }, { "css", "text/css" },
	{ "js", "text/javascript" }, { "json", "application/json" }, { "xml", "application/xml" },
	{ "ics", "text/calendar" }, { "vcf", "text/vcard" }, { "eml", "message/rfc822" },
	{ "patch", "text/x-diff" }, { "diff", "text/x-diff" }, { "c", "text/x-c" },
	{ "h", "text/x-c" }, { "py", "text/x-python" }, { "sh", "application/x-sh" },
	{ "exe", "application/vnd.microsoft.portable-executable" },
	{ "epub", "application/epub+zip" }, { "p7s", "application/pkcs7-signature" },
	{ "asc", "application/pgp-signature" }, { "sig", "application/pgp-signature" },
};

static const char *by_extension(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	size_t k;

	if (dot == NULL || dot[1] == '\0')
		return NULL;
	for (k = 0; k < sizeof exts / sizeof exts[0]; k++)
		if (mime_ascii_ieq(dot + 1, strlen(dot + 1), exts[k].ext))
			return exts[k].type;
	return NULL;
}

static const char *by_content(const uint8_t *p, size_t n)
{
	size_t k;

	for (k = 0; k < sizeof magics / sizeof magics[0]; k++) {
		const struct magic *m = &magics[k];
		if (n < m->at + m->len || memcmp(p + m->at, m->bytes, m->len) != 0)
			continue;
		if (m->type != NULL)
			return m->type;
		if (n >= 12 && memcmp(p + 8, "WEBP", 4) == 0)
			return "image/webp";
		if (n >= 12 && memcmp(p + 8, "WAVE", 4) == 0)
			return "audio/wav";
		if (n >= 12 && memcmp(p + 8, "AVI ", 4) == 0)
			return "video/x-msvideo";
	}
	return NULL;
}

#ifdef HAVE_LIBMAGIC
/*
 * What libmagic (the library of file(1)) makes of the bytes, unless it
 * only says "some bytes", "some text" or "a zip" (the table knows those
 * by name better).  A cookie per call: attachments are few, and nothing
 * is left open.
 */
static const char *by_libmagic(const void *head, size_t len)
{
	static _Thread_local char type[128];
	magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
	const char *t = NULL;

	if (cookie != NULL && magic_load(cookie, NULL) == 0)
		t = magic_buffer(cookie, head, len);
	if (t != NULL && strlen(t) < sizeof type && strchr(t, '/') != NULL &&
	    strcmp(t, "application/octet-stream") != 0 && strcmp(t, "text/plain") != 0 &&
	    strcmp(t, "application/zip") != 0)
		strcpy(type, t);
	else
		t = NULL;
	if (cookie != NULL)
		magic_close(cookie);
	return t != NULL ? type : NULL;
}
#endif

const char *mc_mail_guess_type(const char *filename, const void *head, size_t len)
{
	const char *by_name = by_extension(filename), *by_bytes = by_content(head, head ? len : 0);
	mc_text_scan s;

#ifdef HAVE_LIBMAGIC
	if (head != NULL && len > 0) {
		const char *t = by_libmagic(head, len);
		if (t != NULL)
			return t;
	}
#endif
	/* the bytes decide, except where a container holds many kinds (zip, OLE) */
	if (by_bytes != NULL && by_name != NULL &&
	    (strcmp(by_bytes, "application/zip") == 0 ||
	     strcmp(by_bytes, "application/x-ole-storage") == 0))
		return by_name;
	if (by_bytes != NULL)
		return strcmp(by_bytes, "application/x-ole-storage") == 0 ? "application/octet-stream"
		                                                           : by_bytes;
	if (by_name != NULL)
		return by_name;
	if (head != NULL && len > 0 && mc_text_scan_init(&s, MC_ISA_AUTO) == MC_OK) {
		mc_text_scan_update(&s, head, len);
		if (s.nul == 0 && (s.high == 0 || mime_valid_utf8(head, len)))
			return "text/plain";
	}
	return "application/octet-stream";
}
