/*
 * mimecodec/uu.h - uuencode, as GNU sharutils writes it.
 *
 * Concepts
 *   A uuencoded file is a begin line ("begin MODE NAME"), body lines and
 *   an end.  Classic body lines carry up to 45 bytes: a length character
 *   (32 + n), then 4 characters per 3 bytes, each 32 + a 6-bit value with
 *   a grave accent for 0; the body ends with a zero-length line ("`") and
 *   "end".  The begin-base64 form carries RFC 4648 base64 in 60-character
 *   lines and ends with "====".  The -encoded variants carry the name in
 *   base64.
 *
 *   The encoder writes byte for byte what sharutils' uuencode writes.  The
 *   decoder skips lines before the begin line and stops after the end
 *   line; it checks every line's length character against its characters
 *   (a mismatch is an error naming the line, never junk bytes), tolerates
 *   CRLF line ends and blanks appended by mail relays (counted), and in
 *   lenient mode counts instead of rejecting characters outside the
 *   uuencode range.  A missing end is MC_ERR_TRUNCATED, with the bytes
 *   decoded so far in the result.  The begin line's mode and name are
 *   returned as untrusted data: the library never opens files.
 *
 * Ownership, threads and output bounds: as for base64 (caller-owned
 * state, no allocation; bytes of dst past what a call reports as written
 * may be overwritten).
 */
#ifndef MIMECODEC_UU_H
#define MIMECODEC_UU_H

#include <mimecodec/common.h>
#include <mimecodec/base64.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mc_uu_form {
	MC_UU_CLASSIC = 0, /* begin ... ` end */
	MC_UU_BASE64 = 1   /* begin-base64 ... ==== */
} mc_uu_form;

typedef enum mc_uu_mode {
	MC_UU_STRICT = 0,
	MC_UU_LENIENT = 1
} mc_uu_mode;

#define MC_UU_NAME_MAX 1024 /* longest name in a begin line */
#define MC_UU_LINE_MAX 4096 /* longest line the decoder accepts */

typedef struct mc_uu_config {
	mc_uu_form form;  /* encoder */
	int encode_name;  /* encoder: begin-encoded / begin-base64-encoded */
	mc_eol eol;       /* encoder line ends (sharutils: LF) */
	mc_uu_mode mode;  /* decoder */
	mc_isa isa;
} mc_uu_config;

/* The begin line, as found in the input: untrusted. */
typedef struct mc_uu_header {
	mc_uu_form form;
	int name_was_encoded;
	unsigned mode;     /* as written, up to 07777; never applied by the library */
	size_t name_len;
	char name[MC_UU_NAME_MAX + 1]; /* NUL-terminated; contains no NUL, CR or LF */
} mc_uu_header;

/* What the decoder tolerated. */
typedef struct mc_uu_defects {
	mc_defect bad_char;      /* lenient: characters outside ' '..'`' (decoded modulo 64) */
	mc_defect trailing;      /* blanks or padding characters after a line's data */
	mc_defect skipped_lines; /* lines before the begin line (normal in mail) */
	mc_defect bad_header;    /* lenient: malformed begin lines skipped */
	mc_defect no_zero_line;  /* "end" without the zero-length line before it */
} mc_uu_defects;

/* ------------------------------------------------------------------------
 * Encoding
 * --------------------------------------------------------------------- */

/*
 * Exact size of mc_uu_encode() output for len bytes, a mode and a name of
 * name_len bytes (before any -encoded transformation).
 */
MC_API mc_status mc_uu_encoded_length(size_t len, unsigned mode, size_t name_len,
                                      const mc_uu_config *cfg, size_t *out);

/*
 * A whole uuencoded file: begin line with mode (masked to 0777, as
 * sharutils does) and name, body, end.  The name must be non-empty and
 * contain no NUL, CR or LF.
 */
MC_API mc_status mc_uu_encode(const void *src, size_t len, unsigned mode, const char *name,
                              size_t name_len, char *dst, size_t cap, size_t *written,
                              const mc_uu_config *cfg);

typedef struct mc_uu_encoder {
	mc_uu_config cfg;
	const void *impl;
	unsigned npending;
	uint8_t pending[45];
	int started, finished;
	unsigned mode;
	const char *name;
	size_t name_len;
	mc_b64_encoder b64;    /* base64 form */
} mc_uu_encoder;

/* Largest output of mc_uu_encoder_final(). */
#define MC_UU_ENCODER_FINAL_MAX 96

/* name must stay valid until the first update or final call. */
MC_API mc_status mc_uu_encoder_init(mc_uu_encoder *enc, unsigned mode, const char *name,
                                    size_t name_len, const mc_uu_config *cfg);
MC_API mc_status mc_uu_encoder_bound(const mc_uu_encoder *enc, size_t len, size_t *out);
MC_API mc_status mc_uu_encoder_update(mc_uu_encoder *enc, const void *src, size_t len,
                                      char *dst, size_t cap, size_t *written);
MC_API mc_status mc_uu_encoder_final(mc_uu_encoder *enc, char *dst, size_t cap,
                                     size_t *written);

/* ------------------------------------------------------------------------
 * Decoding
 * --------------------------------------------------------------------- */

typedef struct mc_uu_result {
	uint64_t written;      /* bytes decoded in all (also on error) */
	uint64_t error_offset; /* input offset of the offending byte or line */
	uint64_t error_line;   /* 1-based line number of the error */
	uint64_t end_offset;   /* input offset just past the end line, when found */
	mc_uu_defects defects;
} mc_uu_result;

typedef struct mc_uu_decoder {
	mc_uu_config cfg;
	const void *impl;
	unsigned state;
	mc_status status;
	uint64_t offset, line, written;
	uint64_t line_start;          /* offset of the buffered line */
	size_t buffered;
	uint8_t line_buf[MC_UU_LINE_MAX + 2];
	mc_uu_header header;
	mc_uu_result result;
	mc_b64_decoder b64;           /* base64 form */
	uint64_t b64_fed;             /* characters given to b64 so far */
} mc_uu_decoder;

MC_API mc_status mc_uu_decoder_init(mc_uu_decoder *dec, const mc_uu_config *cfg);

/* Upper bound of the output of one update for len input bytes. */
MC_API mc_status mc_uu_decoder_bound(size_t len, size_t *out);

/*
 * Feed input.  Lines before the begin line are skipped; input after the
 * end line is not consumed (see mc_uu_result.end_offset), so a caller can
 * look for another begin line there.
 */
MC_API mc_status mc_uu_decoder_update(mc_uu_decoder *dec, const char *src, size_t len,
                                      void *dst, size_t cap, size_t *written);

/* The begin line, once it has been read; NULL before. */
MC_API const mc_uu_header *mc_uu_decoder_header(const mc_uu_decoder *dec);

/* 1 once the end line has been read. */
MC_API int mc_uu_decoder_done(const mc_uu_decoder *dec);

/* Largest output of mc_uu_decoder_final(): a last line without its line end. */
#define MC_UU_DECODER_FINAL_MAX (MC_UU_LINE_MAX / 4 * 3 + 8)

/*
 * End of input: decodes a last line that lacks its line end into dst
 * (cap >= MC_UU_DECODER_FINAL_MAX), then reports.  MC_OK only if the end
 * line was read; MC_ERR_NO_BEGIN if no begin line was; MC_ERR_TRUNCATED
 * otherwise.  res (may be NULL) gets the total decoded (written), the
 * error position and the defects; *final_written the bytes this call
 * wrote.
 */
MC_API mc_status mc_uu_decoder_final(mc_uu_decoder *dec, void *dst, size_t cap,
                                     size_t *final_written, mc_uu_result *res);

/* One-shot decode of the first uuencoded file in src; hdr may be NULL. */
MC_API mc_status mc_uu_decode(const char *src, size_t len, void *dst, size_t cap,
                              mc_uu_header *hdr, mc_uu_result *res, const mc_uu_config *cfg);

#ifdef __cplusplus
}
#endif

#endif
