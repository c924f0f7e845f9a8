/*
 * mimecodec/common.h - status codes, defects and code-path selection.
 *
 * Shared by every codec.  Errors are values: a function returns an
 * mc_status and, where input was at fault, the byte offset of the first
 * offending input byte.  Lenient modes never hide what they forgave: each
 * tolerated irregularity is counted in an mc_defect with the offset of its
 * first occurrence.  The library never prints, aborts or exits.
 *
 * Code paths ("ISAs"): every codec has a portable scalar path and SIMD
 * paths (SSSE3, AVX2 and AVX-512 on x86-64, NEON on AArch64; the AVX-512
 * path runs the AVX2 kernels where it has none of its own).  The best
 * path the CPU supports is chosen once, thread-safely, on first use.
 * Setting the environment variable
 * MIMECODEC_ISA=scalar|ssse3|sse41|avx2|avx512|neon forces
 * a path; an unknown name or a path this machine cannot run makes every
 * call that uses the automatic choice fail with MC_ERR_ISA_UNAVAILABLE
 * (never SIGILL) until the variable is fixed.  A call can also name its
 * path explicitly through its configuration (tests and benchmarks do).
 */
#ifndef MIMECODEC_COMMON_H
#define MIMECODEC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(MC_BUILDING_LIBRARY) && defined(__GNUC__)
#define MC_API __attribute__((visibility("default")))
#else
#define MC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes.  0 is success; the numbers are stable once released. */
typedef enum mc_status {
	MC_OK = 0,
	MC_ERR_INVALID_ARGUMENT = 1,   /* NULL pointer, bad option value */
	MC_ERR_BUFFER_TOO_SMALL = 2,   /* output capacity below the documented bound */
	MC_ERR_OVERFLOW = 3,           /* a length does not fit in size_t */
	MC_ERR_ISA_UNAVAILABLE = 4,    /* requested path not built or not supported */
	MC_ERR_INVALID_CHAR = 5,       /* byte outside the alphabet */
	MC_ERR_BAD_PADDING = 6,        /* '=' where it cannot be, or too many */
	MC_ERR_MISSING_PADDING = 7,    /* final quantum not padded */
	MC_ERR_DATA_AFTER_PADDING = 8, /* input continues after the padding */
	MC_ERR_TRAILING_BITS = 9,      /* non-zero unused bits in the last character */
	MC_ERR_TRUNCATED = 10,         /* input ends inside a unit (one lone base64 char) */
	MC_ERR_STATE = 11,             /* stream used after final or after an error */
	MC_ERR_NO_BEGIN = 12,          /* uuencode: no begin line */
	MC_ERR_BAD_HEADER = 13,        /* uuencode: malformed begin line */
	MC_ERR_LINE_LENGTH = 14,       /* uuencode: length character disagrees with the line */
	MC_ERR_LINE_TOO_LONG = 15,     /* a line longer than the codec allows */
	MC_ERR_NO_END = 16,            /* uuencode: something else where the end line belongs */
	MC_ERR_BAD_ESCAPE = 17,        /* quoted-printable: '=' not followed by two hex digits */
	MC_ERR_TRAILING_SPACE = 18,    /* quoted-printable: blanks before a line end */
	MC_ERR_NO_MEMORY = 19,         /* an allocation failed (MIME layer) */
	MC_ERR_ABORTED = 20,           /* a callback asked to stop */
	MC_ERR_BAD_ADDRESS = 21,       /* an address list that is not RFC 5322 syntax */
	MC_ERR_BAD_FIELD = 22,         /* a header name or value that cannot be written safely */
	MC_ERR_IO = 23                 /* reading or writing a file or stream failed (errno) */
} mc_status;

/* A short English description of a status, never NULL. */
MC_API const char *mc_strerror(mc_status status);

/* One kind of tolerated irregularity: how often, and where first. */
typedef struct mc_defect {
	uint64_t count;
	uint64_t first; /* input offset of the first occurrence; 0 when count is 0 */
} mc_defect;

/* Code paths.  MC_ISA_AUTO (0) means "the path chosen for this machine". */
typedef enum mc_isa {
	MC_ISA_AUTO = 0,
	MC_ISA_SCALAR = 1,
	MC_ISA_SSSE3 = 2,
	MC_ISA_SSE41 = 3,
	MC_ISA_AVX2 = 4,
	MC_ISA_NEON = 5,
	MC_ISA_AVX512 = 6, /* AVX-512 F, BW, VL, VBMI, VBMI2: Ice Lake, Zen 4 and later */
	MC_ISA_COUNT
} mc_isa;

/* "auto", "scalar", "ssse3", "sse41", "avx2", "neon", "avx512"; NULL if out of range. */
MC_API const char *mc_isa_name(mc_isa isa);

/* Parse a path name as above.  Returns MC_ISA_COUNT for an unknown name. */
MC_API mc_isa mc_isa_from_name(const char *name);

/* 1 if the path is built into this library and this CPU can run it. */
MC_API int mc_isa_supported(mc_isa isa);

/*
 * Writes the supported paths, slowest (scalar) first, into list (at most
 * cap entries) and returns how many there are in total.
 */
MC_API size_t mc_isa_list(mc_isa *list, size_t cap);

/* The path used for MC_ISA_AUTO: the best supported, or MIMECODEC_ISA's. */
MC_API mc_isa mc_isa_active(void);

/*
 * MC_OK, or MC_ERR_ISA_UNAVAILABLE if MIMECODEC_ISA names an unknown or
 * unsupported path (then mc_isa_active() returns MC_ISA_AUTO).
 */
MC_API mc_status mc_isa_env_status(void);

/* Line ends written by encoders, and by the quoted-printable decoder. */
typedef enum mc_eol {
	MC_EOL_LF = 0,
	MC_EOL_CRLF = 1,
	MC_EOL_AS_INPUT = 2 /* quoted-printable decoder only: each line end as it came */
} mc_eol;

/*
 * A scan of content for choosing a transfer encoding (the message builder
 * uses it): bytes with the high bit, NUL bytes, CRs not followed by LF,
 * and lines longer than 998 bytes (RFC 5322 §2.1.1; a CRLF's CR not
 * counted).  Feed the content in pieces of any size; a SIMD kernel per
 * path.  The counters are public, the rest private.
 */
typedef struct mc_text_scan {
	uint64_t bytes, high, nul, bare_cr, long_lines;
	uint64_t line;
	int cr_open, last_cr;
	const void *impl;
} mc_text_scan;

MC_API mc_status mc_text_scan_init(mc_text_scan *s, mc_isa isa);
MC_API void mc_text_scan_update(mc_text_scan *s, const void *data, size_t len);
/* The end of the content: a last line without a line end counts too. */
MC_API void mc_text_scan_final(mc_text_scan *s);

#ifdef __cplusplus
}
#endif

#endif
