/*
 * mimecodec/mail.h - building MIME messages: headers, a tree of parts,
 * attachments from memory, files and read callbacks, written as a stream.
 *
 * Transfer encodings are chosen per part from a scan of its content:
 * 7bit when every line is ASCII without NUL and at most 998 bytes, quoted-
 * printable for text that is mostly ASCII, base64 otherwise (and for every
 * part that is not text).  A part read from a callback (a pipe) cannot be
 * scanned ahead: it is sent in base64, which carries any bytes.  The caller
 * can force an encoding.  Text parts are sent in canonical form: their line
 * ends become the message's (RFC 2046 §4.1.1) when they go out as 7bit or
 * quoted-printable; base64 and every other part keep their bytes exactly.
 *
 * Boundaries are "=_" and 28 random characters from the OS, one per
 * multipart, all of the same length (so none is a prefix of another).  A
 * collision with content is impossible by construction for base64 and
 * quoted-printable parts (base64 never writes '-' and quoted-printable
 * never writes "=_", so no encoded line can start with "--=_"); parts sent
 * as they are (7bit text, message/rfc822) are scanned, and the boundary is
 * drawn again if one of their lines starts with it.
 *
 * Headers: values are UTF-8; non-ASCII words become RFC 2047 encoded words
 * (B or Q, whichever is shorter), folded at 78 columns.  CR, LF or NUL in a
 * value, invalid UTF-8, or anything but printable ASCII (no ':') in a name
 * is MC_ERR_BAD_FIELD: no header injection.  File names with non-ASCII go
 * out as RFC 2231 (filename*=utf-8''...) and, for old readers, as an encoded
 * word in the type's name parameter.  Date, Message-ID and MIME-Version
 * are generated unless set.
 */
#ifndef MIMECODEC_MAIL_H
#define MIMECODEC_MAIL_H

#include <mimecodec/common.h>
#include <mimecodec/mime.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mc_mail_config {
	mc_eol eol;  /* line ends of the message: MC_EOL_LF (zeroed) or MC_EOL_CRLF (SMTP) */
	mc_isa isa;  /* path of the encoders */
	/* where boundaries and Message-IDs get their randomness: NULL for the OS
	   (getrandom); a callback makes output reproducible (tests) */
	void (*random)(void *ctx, uint8_t *buf, size_t len);
	void *random_ctx;
} mc_mail_config;

typedef struct mc_mail mc_mail;
typedef struct mc_mail_part mc_mail_part;

/* Returns bytes read into buf (at most cap), 0 at the end, -1 on error. */
typedef long (*mc_mail_read_fn)(void *ctx, void *buf, size_t cap);

MC_API mc_status mc_mail_new(const mc_mail_config *cfg, mc_mail **out);
MC_API void mc_mail_free(mc_mail *m);

/* A header of the message (From, To, Subject, Date, any other). */
MC_API mc_status mc_mail_header(mc_mail *m, const char *name, const char *value);

/*
 * Appends "display <address>" to an address header (From, To, Cc, ...);
 * display may be NULL.  The address must be ASCII addr-spec syntax; the
 * display name is quoted or encoded as it needs.
 */
MC_API mc_status mc_mail_address(mc_mail *m, const char *name, const char *display,
                                 const char *address);

/*
 * Parts.  parent NULL makes the message's body (once); otherwise parent
 * must be a multipart.  Data given by pointer must stay valid until
 * mc_mail_write() returns; nothing is copied.
 */
MC_API mc_status mc_mail_multipart(mc_mail *m, mc_mail_part *parent, const char *subtype,
                                   mc_mail_part **out);
/* subtype "plain" or "html" (or any); charset detected (us-ascii, utf-8) unless set. */
MC_API mc_status mc_mail_text(mc_mail *m, mc_mail_part *parent, const char *subtype,
                              const void *text, size_t len, mc_mail_part **out);
/* content_type NULL: detected from the name and the first bytes. */
MC_API mc_status mc_mail_attach(mc_mail *m, mc_mail_part *parent, const void *data, size_t len,
                                const char *filename, const char *content_type,
                                mc_mail_part **out);
MC_API mc_status mc_mail_attach_file(mc_mail *m, mc_mail_part *parent, const char *path,
                                     const char *filename, const char *content_type,
                                     mc_mail_part **out);
MC_API mc_status mc_mail_attach_reader(mc_mail *m, mc_mail_part *parent, mc_mail_read_fn read,
                                       void *ctx, const char *filename,
                                       const char *content_type, mc_mail_part **out);
/* A whole message attached as message/rfc822 (sent as it is: 7bit or 8bit). */
MC_API mc_status mc_mail_attach_message(mc_mail *m, mc_mail_part *parent, const void *msg,
                                        size_t len, mc_mail_part **out);

MC_API mc_status mc_mail_part_header(mc_mail_part *p, const char *name, const char *value);
/* "attachment" or "inline". */
MC_API mc_status mc_mail_part_disposition(mc_mail_part *p, const char *disposition);
/* Without the angle brackets. */
MC_API mc_status mc_mail_part_content_id(mc_mail_part *p, const char *id);
MC_API mc_status mc_mail_part_charset(mc_mail_part *p, const char *charset);
/* MC_MIME_IDENTITY (7bit/8bit as the content needs), BASE64 or QUOTED_PRINTABLE. */
MC_API mc_status mc_mail_part_encoding(mc_mail_part *p, mc_mime_encoding encoding);

/* The transfer encoding the part will get (after the scan); for tests and tools. */
MC_API mc_mime_encoding mc_mail_part_chosen_encoding(const mc_mail_part *p);

/* Writes the message; stops at the first non-zero return of write (MC_ERR_ABORTED). */
MC_API mc_status mc_mail_write(mc_mail *m, mc_mime_write_fn write, void *ctx);
MC_API mc_status mc_mail_write_fd(mc_mail *m, int fd);

/*
 * The content type a file name and its first bytes suggest: libmagic's
 * answer when the library was built with it (what file --mime-type says),
 * unless that is only octet-stream, text/plain or zip; else a built-in
 * table of common types by content and by name; else text/plain for
 * ASCII or UTF-8 text and application/octet-stream.  The string is
 * static, or valid until this thread calls again.
 */
MC_API const char *mc_mail_guess_type(const char *filename, const void *head, size_t len);

#ifdef __cplusplus
}
#endif

#endif
