/*
 * mimecodec/mime.h - a streaming MIME parser (RFC 5322 headers, RFC 2045,
 * 2046, 2047, 2231) and a message tree built on it.
 *
 * Push parser: feed the message in chunks of any size; the callback sees
 * events in input order: PART_BEGIN once a part's header block is read,
 * RAW for every input byte exactly once (header block, body, preamble,
 * delimiter lines with the line end before them, epilogue), BODY for the
 * transfer-decoded content of leaf parts (base64, quoted-printable and
 * uuencode decoded; 7bit, 8bit, binary and unknown encodings passed
 * through), PART_END, and DEFECT with its kind, severity and input
 * offset.  The events do not depend on how the input was split.  Memory
 * is bounded by the limits, whatever the size of the bodies.
 *
 * Structure rules (one per malformation; RFC 2046 §5.1 where it speaks):
 *   - A delimiter is a line that starts with "--" and a boundary (RFC 2046
 *     §5.1.1: the rest of the line does not matter); "--" right after the
 *     boundary makes it a close delimiter.  The line end before it belongs
 *     to it.  Lines are checked against the boundaries of every open
 *     multipart; when several match, the longest boundary wins, then the
 *     innermost.  A match of an outer one closes the inner parts (defect
 *     NO_CLOSE_BOUNDARY for each multipart left open).
 *   - A multipart without a boundary parameter, or with no delimiter
 *     before its close delimiter or the end, is a leaf (NO_BOUNDARY /
 *     NO_START_BOUNDARY); its content is its preamble (its whole body).
 *   - message/rfc822 and message/global with an identity encoding are
 *     parsed as nested messages; with base64 or quoted-printable they are
 *     leaves (ENCODED_MESSAGE).
 *   - A header block ends at an empty line, at a delimiter line of an
 *     enclosing multipart that is exactly "--" boundary ["--"] and blanks,
 *     at a line that is not a header field (NO_HEADER_SEPARATOR; that
 *     line starts the body), or at the end of input.  Duplicate Content-Type,
 *     Content-Transfer-Encoding, Content-Disposition headers and duplicate
 *     parameters: the first wins, flagged DUPLICATE_HEADER /
 *     DUPLICATE_PARAM (critical for the ones that steer parsing).
 *   - Line ends: CRLF and LF, mixed freely.  A lone CR is data.
 *
 * Limits: exceeding one is a critical defect; the parser goes on with the
 * rest of that part's subtree opaque (kept as raw bytes, not split or
 * decoded).  Parse time is linear in the input.
 *
 * Tree: mc_mime_parse() keeps every part with its raw bytes and decoded
 * content in memory; mc_mime_write() of an unmodified tree gives back the
 * input byte for byte.
 */
#ifndef MIMECODEC_MIME_H
#define MIMECODEC_MIME_H

#include <mimecodec/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits (defaults in brackets) and the codecs' path. */
typedef struct mc_mime_config {
	unsigned max_depth;        /* nesting of multiparts and messages [100; at most 1024] */
	unsigned max_parts;        /* parts in a message [10000] */
	unsigned max_headers;      /* header fields in one part [1000] */
	size_t max_header_bytes;   /* header block of one part [256 KiB] */
	size_t max_line;           /* a header or delimiter line [64 KiB; at least 80] */
	uint64_t max_decoded;      /* decoded bytes of all parts together [1 GiB] */
	mc_isa isa;                /* path of the body decoders [MC_ISA_AUTO] */
} mc_mime_config;

/* Fills cfg with the defaults above. */
MC_API void mc_mime_config_default(mc_mime_config *cfg);

typedef enum mc_mime_severity {
	MC_MIME_WARNING = 0,  /* the input breaks a rule; the recovery is the documented one */
	MC_MIME_CRITICAL = 1  /* a limit, or a choice other readers may make differently */
} mc_mime_severity;

typedef enum mc_mime_defect_kind {
	MC_MIME_NO_HEADER_SEPARATOR = 0, /* header block ended by a line that is no header */
	MC_MIME_CONTINUATION_FIRST,      /* folded line with no field to continue */
	MC_MIME_HEADER_8BIT,             /* 8-bit, NUL or control byte in a header */
	MC_MIME_HEADERS_TRUNCATED,       /* input ended inside a header block */
	MC_MIME_DUPLICATE_HEADER,        /* Content-Type, -Transfer-Encoding, -Disposition twice */
	MC_MIME_DUPLICATE_PARAM,         /* the same parameter twice (critical: boundary) */
	MC_MIME_BAD_CONTENT_TYPE,        /* unparsable Content-Type: text/plain assumed */
	MC_MIME_BAD_PARAM,               /* malformed parameter or RFC 2231 section */
	MC_MIME_NO_BOUNDARY,             /* multipart without a usable boundary */
	MC_MIME_BAD_BOUNDARY,            /* over 70 characters, or ends in a blank */
	MC_MIME_BOUNDARY_PREFIX,         /* boundary is a prefix of an enclosing one, or the reverse */
	MC_MIME_NO_START_BOUNDARY,       /* a multipart's boundary never appears */
	MC_MIME_NO_CLOSE_BOUNDARY,       /* a multipart ends without its close delimiter */
	MC_MIME_UNKNOWN_ENCODING,        /* Content-Transfer-Encoding not known: passed through */
	MC_MIME_MULTIPART_ENCODING,      /* multipart or message with an encoding other than 7bit/8bit/binary */
	MC_MIME_ENCODED_MESSAGE,         /* message/rfc822 in base64 or QP: kept as a leaf */
	MC_MIME_BODY_ENCODING,           /* the body's base64 / QP / uuencode had defects */
	MC_MIME_LONG_LINE,               /* a line over 998 characters (RFC 5322) */
	MC_MIME_LIMIT_DEPTH,
	MC_MIME_LIMIT_PARTS,
	MC_MIME_LIMIT_HEADERS,
	MC_MIME_LIMIT_HEADER_BYTES,
	MC_MIME_LIMIT_LINE,
	MC_MIME_LIMIT_DECODED,
	MC_MIME_DEFECT_KINDS
} mc_mime_defect_kind;

/* "no-header-separator", ...; NULL if out of range. */
MC_API const char *mc_mime_defect_name(mc_mime_defect_kind kind);

typedef struct mc_mime_defect {
	mc_mime_defect_kind kind;
	mc_mime_severity severity;
	uint64_t offset;   /* input offset where it was found */
	unsigned part_id;  /* the part it concerns */
} mc_mime_defect;

typedef enum mc_mime_part_kind {
	MC_MIME_LEAF = 0,
	MC_MIME_MULTIPART = 1,
	MC_MIME_MESSAGE = 2   /* message/rfc822 or message/global: one child, the message */
} mc_mime_part_kind;

typedef enum mc_mime_encoding {
	MC_MIME_IDENTITY = 0, /* 7bit, 8bit, binary, absent */
	MC_MIME_BASE64,
	MC_MIME_QUOTED_PRINTABLE,
	MC_MIME_UUENCODE,
	MC_MIME_UNKNOWN_CTE   /* passed through */
} mc_mime_encoding;

/* One header field as it appeared: name, colon, value with its folding, line end. */
typedef struct mc_mime_header {
	const char *raw;
	size_t raw_len;
	size_t name_len;      /* the name is raw[0, name_len) */
	size_t value_start;   /* the value (raw, folded, no line end) is raw[value_start, value_end) */
	size_t value_end;
} mc_mime_header;

typedef struct mc_mime_part mc_mime_part;

MC_API unsigned mc_mime_part_id(const mc_mime_part *p);   /* 0 for the message, then in input order */
MC_API unsigned mc_mime_part_depth(const mc_mime_part *p);
MC_API const mc_mime_part *mc_mime_part_parent(const mc_mime_part *p);
MC_API mc_mime_part_kind mc_mime_part_kind_of(const mc_mime_part *p);
MC_API mc_mime_encoding mc_mime_part_encoding(const mc_mime_part *p);

/* The header fields in order; n-th field, or NULL past the end. */
MC_API size_t mc_mime_part_header_count(const mc_mime_part *p);
MC_API const mc_mime_header *mc_mime_part_header(const mc_mime_part *p, size_t n);
/* The first field called name (any case), or NULL. */
MC_API const mc_mime_header *mc_mime_part_find_header(const mc_mime_part *p, const char *name);
/* The raw header block, empty line included. */
MC_API const char *mc_mime_part_header_block(const mc_mime_part *p, size_t *len);

/*
 * Content type, lower case ("text/plain" when absent or unparsable;
 * "message/rfc822" inside multipart/digest), and the type's parameters
 * after quoting, comments and RFC 2231 (continuations joined; values
 * with a charset converted to UTF-8).  NULL when the parameter is absent.
 */
MC_API const char *mc_mime_part_content_type(const mc_mime_part *p);
MC_API const char *mc_mime_part_param(const mc_mime_part *p, const char *name);
/* The same for Content-Disposition ("" when absent). */
MC_API const char *mc_mime_part_disposition(const mc_mime_part *p);
MC_API const char *mc_mime_part_disposition_param(const mc_mime_part *p, const char *name);
/* Disposition's filename, else the type's name parameter; NULL if none. */
MC_API const char *mc_mime_part_filename(const mc_mime_part *p);
/* The charset parameter as given; NULL if none. */
MC_API const char *mc_mime_part_charset(const mc_mime_part *p);

/* ------------------------------------------------------ header values (RFC 2047) */

/* What mc_mime_decode_words() met (bits of *flags). */
#define MC_MIME_WORDS_BAD 0x1u     /* a malformed encoded word: kept as it was (or decoded, if only its padding was off) */
#define MC_MIME_WORDS_CHARSET 0x2u /* a charset iconv does not know, or bytes invalid in it: kept as it was */
#define MC_MIME_WORDS_8BIT 0x4u    /* 8-bit bytes outside encoded words: copied as they are */

/* Room mc_mime_decode_words() needs for len input bytes: 3 * len + 1. */
MC_API mc_status mc_mime_words_max_length(size_t len, size_t *out);

/*
 * Decodes the RFC 2047 encoded words of a header value to UTF-8 (iconv
 * converts the charsets); blanks between two encoded words are dropped,
 * adjacent words of one charset are joined before conversion.  Writes a
 * NUL-terminated string; *written excludes the NUL.  flags may be NULL.
 */
MC_API mc_status mc_mime_decode_words(const char *src, size_t len, char *dst, size_t cap,
                                      size_t *written, unsigned *flags);

/*
 * A field's value unfolded (line ends removed, leading and trailing blanks
 * dropped) and decoded as above; cap as mc_mime_words_max_length() of
 * value_end - value_start.
 */
MC_API mc_status mc_mime_header_value(const mc_mime_header *h, char *dst, size_t cap,
                                      size_t *written, unsigned *flags);

/* ---------------------------------------------------------- addresses */

/* One address of a list; the strings live for the callback only. */
typedef struct mc_mime_address {
	const char *name;    /* display name, UTF-8 with encoded words decoded; "" if none */
	const char *local;   /* local part, quotes and escapes removed */
	const char *domain;  /* domain, or a domain literal with its brackets */
	const char *group;   /* the group the address is in, or NULL */
} mc_mime_address;

/* Return 0 to go on; anything else stops (MC_ERR_ABORTED). */
typedef int (*mc_mime_address_fn)(void *ctx, const mc_mime_address *a);

/*
 * Parses an address list (From, To, Cc, ... values; RFC 5322 §3.4)
 * strictly: on any syntax error (an unterminated comment or quote, two
 * '@', a missing '>', an empty element) it returns MC_ERR_BAD_ADDRESS and
 * the offset in *error_offset (may be NULL), after fn has seen only the
 * addresses before it.  It never guesses an address out of broken syntax.
 */
MC_API mc_status mc_mime_parse_addresses(const char *src, size_t len, mc_mime_address_fn fn,
                                         void *ctx, size_t *error_offset);

/* ------------------------------------------------------------------ events */

typedef enum mc_mime_event_type {
	MC_MIME_PART_BEGIN = 0,
	MC_MIME_RAW,
	MC_MIME_BODY,
	MC_MIME_PART_END,
	MC_MIME_DEFECT
} mc_mime_event_type;

typedef enum mc_mime_raw_kind {
	MC_MIME_RAW_HEADER = 0,
	MC_MIME_RAW_BODY,       /* a leaf's body, before decoding */
	MC_MIME_RAW_PREAMBLE,
	MC_MIME_RAW_DELIMITER,  /* the line end before it, the line, its line end */
	MC_MIME_RAW_EPILOGUE
} mc_mime_raw_kind;

typedef struct mc_mime_event {
	mc_mime_event_type type;
	const mc_mime_part *part;  /* valid during the callback (and in a tree for its life) */
	const uint8_t *data;       /* RAW, BODY */
	size_t len;
	uint64_t offset;           /* RAW: input offset of data[0]; DEFECT: where */
	mc_mime_raw_kind raw_kind; /* RAW */
	mc_mime_defect defect;     /* DEFECT */
} mc_mime_event;

/* Return 0 to go on; anything else stops the parser (MC_ERR_ABORTED). */
typedef int (*mc_mime_callback)(void *ctx, const mc_mime_event *ev);

typedef struct mc_mime_parser mc_mime_parser;

/* cfg NULL: the defaults.  NULL when out of memory or cfg is invalid. */
MC_API mc_mime_parser *mc_mime_parser_new(const mc_mime_config *cfg, mc_mime_callback cb,
                                          void *ctx);
MC_API mc_status mc_mime_parser_feed(mc_mime_parser *p, const void *data, size_t len);
/* End of input: closes every open part. */
MC_API mc_status mc_mime_parser_finish(mc_mime_parser *p);
MC_API void mc_mime_parser_free(mc_mime_parser *p);

/* -------------------------------------------------------------------- tree */

typedef struct mc_mime_message mc_mime_message;

MC_API mc_status mc_mime_parse(const void *data, size_t len, const mc_mime_config *cfg,
                               mc_mime_message **out);
MC_API void mc_mime_message_free(mc_mime_message *m);

MC_API const mc_mime_part *mc_mime_message_root(const mc_mime_message *m);
MC_API size_t mc_mime_message_part_count(const mc_mime_message *m);
MC_API size_t mc_mime_message_defect_count(const mc_mime_message *m);
MC_API const mc_mime_defect *mc_mime_message_defect(const mc_mime_message *m, size_t n);

/* Children of a multipart (in order) or a message (its one message). */
MC_API size_t mc_mime_part_child_count(const mc_mime_part *p);
MC_API const mc_mime_part *mc_mime_part_child(const mc_mime_part *p, size_t n);
/* A leaf's decoded content (empty for others); the bytes live as long as the tree. */
MC_API const uint8_t *mc_mime_part_content(const mc_mime_part *p, size_t *len);
/* Preamble and epilogue of a multipart (NULL, 0 for others). */
MC_API const uint8_t *mc_mime_part_preamble(const mc_mime_part *p, size_t *len);
MC_API const uint8_t *mc_mime_part_epilogue(const mc_mime_part *p, size_t *len);

/* Writes the message as it was read; stops at the first non-zero return of write. */
typedef int (*mc_mime_write_fn)(void *ctx, const void *data, size_t len);
MC_API mc_status mc_mime_write(const mc_mime_message *m, mc_mime_write_fn write, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
