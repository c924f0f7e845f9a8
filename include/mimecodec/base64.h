/*
 * mimecodec/base64.h - base64 (RFC 4648 §4 and §5, RFC 2045 §6.8).
 *
 * Concepts
 *   One configuration struct, mc_b64_config, serves encoder and decoder; a
 *   zeroed struct means: standard alphabet, padding, no line wrapping, LF,
 *   strict decoding, automatic code path.  The alphabets are never mixed:
 *   '-' and '_' are invalid in standard mode, '+' and '/' in URL mode.
 *
 *   Strict decoding accepts exactly what the encoder with the same config
 *   writes when not wrapping (canonical: correct padding, zero trailing
 *   bits); anything else fails with a status and the byte offset of the
 *   first offending character.
 *
 *   MIME decoding (RFC 2045 §6.8) skips CR, LF, space and tab silently and
 *   forgives, but records in mc_b64_defects, every other irregularity:
 *   other non-alphabet bytes are skipped; a '=' ends the data and anything
 *   after it is ignored; a missing padding or non-zero trailing bits are
 *   accepted.  A single leftover character cannot carry a byte and is an
 *   error (MC_ERR_TRUNCATED) in every mode.
 *
 * Ownership and threads
 *   The caller owns all buffers and the small state structs; no function
 *   allocates.  Different state structs may be used from different threads.
 *
 * Output bounds
 *   Every function that writes checks its capacity against a documented
 *   bound before it consumes anything and fails with
 *   MC_ERR_BUFFER_TOO_SMALL, writing nothing, when it is short.  Bytes
 *   of dst past what a call reports as written may be overwritten (the
 *   vector paths store whole vectors).
 */
#ifndef MIMECODEC_BASE64_H
#define MIMECODEC_BASE64_H

#include <mimecodec/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mc_b64_alphabet {
	MC_B64_STANDARD = 0, /* A-Z a-z 0-9 + / */
	MC_B64_URL = 1       /* A-Z a-z 0-9 - _ */
} mc_b64_alphabet;

typedef enum mc_b64_mode {
	MC_B64_STRICT = 0,
	MC_B64_MIME = 1
} mc_b64_mode;

/* Flags */
#define MC_B64_NO_PADDING 0x1u /* encoder omits '='; strict decoder then rejects it */

typedef struct mc_b64_config {
	mc_b64_alphabet alphabet;
	unsigned flags;
	unsigned line_width; /* encoder: characters per line, 0 = no line breaks */
	mc_eol eol;          /* encoder: line end when line_width > 0 */
	mc_b64_mode mode;    /* decoder */
	mc_isa isa;          /* MC_ISA_AUTO, or a path from mc_isa_list() */
} mc_b64_config;

/* What a MIME-mode decode forgave.  Strict mode turns each into an error. */
typedef struct mc_b64_defects {
	mc_defect invalid_char;    /* non-alphabet, non-whitespace bytes skipped */
	mc_defect bad_padding;     /* '=' at the start of a quantum, or surplus '=' */
	mc_defect after_padding;   /* bytes ignored after the data ended at a '=' */
	mc_defect missing_padding; /* input ended without the '=' it needed */
	mc_defect trailing_bits;   /* non-zero unused bits in the last character */
} mc_b64_defects;

/* ------------------------------------------------------------------------
 * Length helpers.  Each returns MC_ERR_OVERFLOW when the result would not
 * fit in size_t, and MC_ERR_INVALID_ARGUMENT for a bad config.
 * --------------------------------------------------------------------- */

/* Exact length of mc_b64_encode() output for len input bytes. */
MC_API mc_status mc_b64_encoded_length(size_t len, const mc_b64_config *cfg, size_t *out);

/*
 * Upper bound of the bytes decoded from len characters in any mode:
 * floor(len * 3 / 4).  Exact for strict unpadded input.
 */
MC_API mc_status mc_b64_decoded_max_length(size_t len, size_t *out);

/* ------------------------------------------------------------------------
 * One-shot calls
 * --------------------------------------------------------------------- */

/*
 * Encode len bytes of src into dst (cap bytes, at least
 * mc_b64_encoded_length()).  Lines, when wrapped, all end with the line
 * end, the last one included; empty input gives empty output.  No NUL is
 * appended.  *written receives the output length.
 */
MC_API mc_status mc_b64_encode(const void *src, size_t len, char *dst, size_t cap,
                               size_t *written, const mc_b64_config *cfg);

/* Result of a decode. */
typedef struct mc_b64_result {
	size_t written;         /* bytes written to dst (on error: those before the error) */
	uint64_t error_offset;  /* input offset of the offending byte, when not MC_OK */
	mc_b64_defects defects; /* what MIME mode forgave */
} mc_b64_result;

/*
 * Decode len characters of src into dst (cap bytes, at least
 * mc_b64_decoded_max_length(len)).  res may be NULL.
 */
MC_API mc_status mc_b64_decode(const char *src, size_t len, void *dst, size_t cap,
                               mc_b64_result *res, const mc_b64_config *cfg);

/* ------------------------------------------------------------------------
 * Streaming.  Feed input in chunks of any size: the concatenated output,
 * status, error offset and defects equal those of the one-shot call on the
 * concatenated input.  After an error every call returns that error.
 * The struct members are private.
 * --------------------------------------------------------------------- */

typedef struct mc_b64_encoder {
	mc_b64_config cfg;
	const void *impl;
	unsigned col;      /* characters on the current output line */
	unsigned npending; /* input bytes waiting for a full 3-byte group */
	uint8_t pending[3];
	int finished;
} mc_b64_encoder;

/* Largest output of one mc_b64_encoder_final() call. */
#define MC_B64_ENCODER_FINAL_MAX 16

MC_API mc_status mc_b64_encoder_init(mc_b64_encoder *enc, const mc_b64_config *cfg);

/* Upper bound of the output of mc_b64_encoder_update() for len bytes. */
MC_API mc_status mc_b64_encoder_bound(const mc_b64_encoder *enc, size_t len, size_t *out);

MC_API mc_status mc_b64_encoder_update(mc_b64_encoder *enc, const void *src, size_t len,
                                       char *dst, size_t cap, size_t *written);

/* Flush the last group, padding and final line end (cap >= MC_B64_ENCODER_FINAL_MAX). */
MC_API mc_status mc_b64_encoder_final(mc_b64_encoder *enc, char *dst, size_t cap,
                                      size_t *written);

typedef struct mc_b64_decoder {
	mc_b64_config cfg;
	const void *impl;
	uint64_t offset;       /* input bytes consumed so far */
	uint64_t quantum_at;   /* offset of the first character of the open quantum */
	uint64_t last_char_at; /* offset of the last alphabet character */
	uint32_t bits;         /* sextets of the open quantum */
	unsigned nchars;       /* 0..3 characters in the open quantum */
	unsigned phase;        /* data, padding, done, failed, finished */
	unsigned pads_missing; /* '=' still expected while in the padding phase */
	mc_status status;
	uint64_t error_offset;
	mc_b64_defects defects;
} mc_b64_decoder;

/* Largest output of one mc_b64_decoder_final() call: the last partial quantum. */
#define MC_B64_DECODER_FINAL_MAX 2

MC_API mc_status mc_b64_decoder_init(mc_b64_decoder *dec, const mc_b64_config *cfg);

/* Upper bound of the output of mc_b64_decoder_update() for len characters. */
MC_API mc_status mc_b64_decoder_bound(size_t len, size_t *out);

/* *written receives the bytes written; on error, those before the error. */
MC_API mc_status mc_b64_decoder_update(mc_b64_decoder *dec, const char *src, size_t len,
                                       void *dst, size_t cap, size_t *written);

/*
 * End of input: checks the final quantum and padding and writes the bytes
 * of an unpadded last quantum (cap >= MC_B64_DECODER_FINAL_MAX).  res (may
 * be NULL) receives the error offset, the defects, and in written the
 * bytes this call wrote.
 */
MC_API mc_status mc_b64_decoder_final(mc_b64_decoder *dec, void *dst, size_t cap,
                                      mc_b64_result *res);

#ifdef __cplusplus
}
#endif

#endif
