#include "config.h"

#include <mimecodec/common.h>

const char *mc_strerror(mc_status status)
{
	switch (status) {
	case MC_OK: return "success";
	case MC_ERR_INVALID_ARGUMENT: return "invalid argument";
	case MC_ERR_BUFFER_TOO_SMALL: return "output buffer too small";
	case MC_ERR_OVERFLOW: return "length overflow";
	case MC_ERR_ISA_UNAVAILABLE: return "code path not available on this machine";
	case MC_ERR_INVALID_CHAR: return "invalid character";
	case MC_ERR_BAD_PADDING: return "misplaced or surplus padding";
	case MC_ERR_MISSING_PADDING: return "missing padding";
	case MC_ERR_DATA_AFTER_PADDING: return "data after padding";
	case MC_ERR_TRAILING_BITS: return "non-zero trailing bits";
	case MC_ERR_TRUNCATED: return "truncated input";
	case MC_ERR_STATE: return "stream used after final or after an error";
	case MC_ERR_NO_BEGIN: return "no begin line";
	case MC_ERR_BAD_HEADER: return "malformed begin line";
	case MC_ERR_LINE_LENGTH: return "line length does not match its length character";
	case MC_ERR_LINE_TOO_LONG: return "line too long";
	case MC_ERR_NO_END: return "missing end line";
	case MC_ERR_BAD_ESCAPE: return "'=' not followed by two upper-case hex digits";
	case MC_ERR_TRAILING_SPACE: return "blanks before a line end";
	case MC_ERR_NO_MEMORY: return "out of memory";
	case MC_ERR_ABORTED: return "stopped by the caller";
	case MC_ERR_BAD_ADDRESS: return "malformed address list";
	case MC_ERR_BAD_FIELD: return "header name or value not allowed (CR, LF, NUL, bad UTF-8)";
	case MC_ERR_IO: return "input/output error";
	}
	return "unknown status";
}
