/*
 * Where the CLI writes: standard output, a path the user typed, or a file
 * named by the input (untrusted).  Files are written unnamed (O_TMPFILE)
 * or under a hidden ".part" name in the target directory and get their
 * final name only at commit, so a failed or killed run never leaves a
 * partial file that looks complete.  Names from the input are never
 * followed through a symlink, never written into a FIFO or device, and
 * never replace an existing file unless asked (OUT_FORCE).
 */
#ifndef MC_CLI_OUTPUT_H
#define MC_CLI_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#define OUT_FORCE 0x1u  /* replace an existing file or symlink (the link, not its target) */
#define OUT_UNIQUE 0x2u /* an existing name becomes NAME.1, NAME.2, ... instead of an error */

struct output {
	int fd;
	int dirfd;        /* directory of the final name; -1 when writing directly */
	int anonymous;    /* O_TMPFILE: nameless until commit */
	unsigned flags;
	mode_t mode;      /* permission bits at commit, before the umask */
	char *name;       /* final name, relative to dirfd */
	char *tmp;        /* temporary name, when not anonymous */
	char *shown;      /* the name as the user knows it, for messages */
};

/* Standard output. */
void output_stdout(struct output *o);

/*
 * A path the user named (-o): "-" is standard output; an existing device
 * or FIFO is written directly (-o /dev/null); a symlink is resolved; a
 * regular file is replaced at commit, atomically.  0 or -1 (errno).
 */
int output_user_path(struct output *o, const char *path, mode_t mode);

/*
 * A single path component from untrusted input (see safename.h), in the
 * directory dir (NULL: the current one).  Fails with EEXIST at once when
 * the name is taken (unless OUT_FORCE or OUT_UNIQUE), and with EPERM when
 * it is taken by anything but a regular file or symlink, whatever flags.
 */
int output_untrusted(struct output *o, const char *dir, const char *name, mode_t mode,
                     unsigned flags);

int output_write(struct output *o, const void *buf, size_t len);

/* The final name gets suffix appended (before commit); 0 or -1. */
int output_add_suffix(struct output *o, const char *suffix);

/* Gives the file its final name (output_final_name()).  0 or -1 (errno). */
int output_commit(struct output *o);

/* Releases the output; what was not committed is dropped (left under no name). */
void output_close(struct output *o);

/* The name the output got (after OUT_UNIQUE), for messages; valid until output_close(). */
const char *output_shown(const struct output *o);

#endif
