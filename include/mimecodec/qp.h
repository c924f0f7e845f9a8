/*
 * mimecodec/qp.h - quoted-printable (RFC 2045 §6.7) and the RFC 2047 "Q"
 * encoding of header words.
 *
 * Encoder (defaults, a zeroed config): lines of at most 76 characters
 * including the '=' of a soft line break, never splitting an =XX; '=',
 * control and 8-bit bytes as =XX with upper-case hex; a space or tab
 * before a line end (or the end of the input) encoded; text mode, where
 * the input's line ends (LF or CRLF) become the configured line end (LF
 * by default: MIME writers ask for CRLF) and a lone CR is =0D.  Options:
 * binary mode (CR and LF are data, =0D =0A), "From " at the start of an
 * output line as =46rom, a line that is a lone "." as =2E, a narrower
 * width.  This is what a careful mail client sends; it differs from
 * qprint (71 columns, always CRLF), Python's quopri (keeps the input's
 * line ends) and mimencode -q (73 columns) only where those differ from
 * each other.
 *
 * Decoder: =XX (upper- or lower-case hex), soft line breaks "=" CRLF and
 * "=" LF, and "=" followed by blanks then the line end (transport
 * padding, which receivers must accept); blanks at the end of a hard line
 * are removed (RFC 2045 rule 3); hard line breaks (CRLF or LF) are written
 * as the configured line end.  Lenient mode (the default for receivers
 * would be lenient, but a zeroed config is strict, as for every codec
 * here) passes malformed escapes through literally and keeps stray bytes,
 * counting each kind in mc_qp_defects; strict mode makes each an error
 * with its offset.
 *
 * Output buffers: every call checks cap against the documented bound
 * first; bytes of dst past what a call reports as written may be
 * overwritten (the vector paths move whole blocks).
 */
#ifndef MIMECODEC_QP_H
#define MIMECODEC_QP_H

#include <mimecodec/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mc_qp_mode {
	MC_QP_STRICT = 0,
	MC_QP_LENIENT = 1
} mc_qp_mode;

/* Flags */
#define MC_QP_BINARY 0x1u       /* CR and LF are data (=0D, =0A); no hard line breaks */
#define MC_QP_PROTECT_FROM 0x2u /* "From " starting an output line becomes "=46rom " */
#define MC_QP_PROTECT_DOT 0x4u  /* an output line that is a lone "." becomes "=2E" */

typedef struct mc_qp_config {
	unsigned line_width; /* encoder: 0 means 76; otherwise 4..76 */
	mc_eol eol;          /* line end of the encoder, and of the decoder's hard breaks (or AS_INPUT) */
	unsigned flags;
	mc_qp_mode mode;     /* decoder */
	mc_isa isa;
} mc_qp_config;

typedef struct mc_qp_defects {
	mc_defect soft_break_padding; /* '=' then blanks then the line end (Q2) */
	mc_defect trailing_space;     /* blanks at the end of a hard line, removed (Q3) */
	mc_defect bad_escape;         /* '=' not followed by two hex digits, kept (Q4) */
	mc_defect lowercase_hex;      /* =4a (Q5) */
	mc_defect long_line;          /* lines over 76 characters (Q6) */
	mc_defect raw_byte;           /* NUL, other controls, 8-bit bytes, bare CR, kept (Q7) */
} mc_qp_defects;

/* ------------------------------------------------------------------ encode */

/* Upper bound of mc_qp_encode() output for len bytes. */
MC_API mc_status mc_qp_encoded_max_length(size_t len, const mc_qp_config *cfg, size_t *out);

MC_API mc_status mc_qp_encode(const void *src, size_t len, char *dst, size_t cap,
                              size_t *written, const mc_qp_config *cfg);

typedef struct mc_qp_encoder {
	mc_qp_config cfg;
	const void *impl;
	unsigned col;      /* characters on the current output line */
	unsigned nhold;    /* input bytes held until what follows them is known */
	uint8_t hold[8];
	int finished;
} mc_qp_encoder;

/* Largest output of mc_qp_encoder_final(). */
#define MC_QP_ENCODER_FINAL_MAX 64

MC_API mc_status mc_qp_encoder_init(mc_qp_encoder *enc, const mc_qp_config *cfg);
MC_API mc_status mc_qp_encoder_bound(const mc_qp_encoder *enc, size_t len, size_t *out);
MC_API mc_status mc_qp_encoder_update(mc_qp_encoder *enc, const void *src, size_t len,
                                      char *dst, size_t cap, size_t *written);
MC_API mc_status mc_qp_encoder_final(mc_qp_encoder *enc, char *dst, size_t cap,
                                     size_t *written);

/* ------------------------------------------------------------------ decode */

/* Blanks the decoder holds to see whether a line end follows them. */
#define MC_QP_BLANKS_MAX 1024

typedef struct mc_qp_result {
	size_t written;
	uint64_t error_offset;
	mc_qp_defects defects;
} mc_qp_result;

typedef struct mc_qp_decoder {
	mc_qp_config cfg;
	const void *impl;
	unsigned state;
	mc_status status;
	uint64_t offset, error_offset;
	uint64_t eq_at, cr_at, blanks_at; /* where the open '=', CR and blank run are */
	uint64_t line_len;                /* characters on the current input line */
	uint8_t hex1;
	size_t nblanks;                  /* held blanks */
	uint8_t blanks[MC_QP_BLANKS_MAX];
	mc_qp_defects defects;
} mc_qp_decoder;

/* Upper bound of decoded bytes for len input bytes (one-shot). */
MC_API mc_status mc_qp_decoded_max_length(size_t len, const mc_qp_config *cfg, size_t *out);

/* Upper bound of the output of one update for len bytes. */
MC_API mc_status mc_qp_decoder_bound(size_t len, const mc_qp_decoder *dec, size_t *out);

/* Largest output of mc_qp_decoder_final(). */
#define MC_QP_DECODER_FINAL_MAX (MC_QP_BLANKS_MAX + 8)

MC_API mc_status mc_qp_decoder_init(mc_qp_decoder *dec, const mc_qp_config *cfg);
MC_API mc_status mc_qp_decoder_update(mc_qp_decoder *dec, const char *src, size_t len,
                                      void *dst, size_t cap, size_t *written);
MC_API mc_status mc_qp_decoder_final(mc_qp_decoder *dec, void *dst, size_t cap,
                                     mc_qp_result *res);
MC_API mc_status mc_qp_decode(const char *src, size_t len, void *dst, size_t cap,
                              mc_qp_result *res, const mc_qp_config *cfg);

/* ------------------------------------------------------ RFC 2047 "Q" words */

/* Exact size of the "Q" form of len bytes. */
MC_API mc_status mc_qp_q_encoded_length(const void *src, size_t len, size_t *out);

/*
 * The "Q" form for an encoded-word in a phrase (RFC 2047 §5 rule 3):
 * space as '_', letters, digits and ! * + - / as themselves, everything
 * else as =XX.  No line breaks: the caller splits words.
 */
MC_API mc_status mc_qp_q_encode(const void *src, size_t len, char *dst, size_t cap,
                                size_t *written);

/*
 * Decodes the text of a "Q" encoded-word ('_' is a space).  Lenient mode
 * keeps malformed escapes literally and counts them; strict mode fails.
 * cap >= len always suffices.
 */
MC_API mc_status mc_qp_q_decode(const char *src, size_t len, void *dst, size_t cap,
                                mc_qp_result *res, mc_qp_mode mode);

#ifdef __cplusplus
}
#endif

#endif
