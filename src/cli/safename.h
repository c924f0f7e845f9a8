/*
 * File names taken from input (a uuencode begin line, a MIME filename
 * parameter) are untrusted: rows F1, F3, F4 and F7 of the reliability
 * checklist.  safe_name() reduces one to a bare name that is safe to
 * create in the target directory.
 */
#ifndef MC_CLI_SAFENAME_H
#define MC_CLI_SAFENAME_H

#include <stddef.h>

/* Longest name made (bytes), below every file system's NAME_MAX. */
#define SAFE_NAME_MAX 240

/*
 * Writes to out (cap > SAFE_NAME_MAX) the last component of name after
 * '/' or '\' and a drive letter ("C:"); control bytes (C0, DEL) and bytes
 * that are not valid UTF-8 become '_'; a leading '.' or '-' becomes '_'
 * (no dotfiles, no names read as options); a long name is cut to
 * SAFE_NAME_MAX bytes keeping its extension, at a character boundary.
 * Returns 0, or -1 when nothing usable is left ("", ".", "..", "dir/").
 */
int safe_name(const char *name, char *out, size_t cap);

#endif
