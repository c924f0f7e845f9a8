/*
 * Shared by the commands of the multi-call CLI: the program name used in
 * messages, diagnostics that never print untrusted bytes raw, reading and
 * writing whole buffers, and small parsers.
 */
#ifndef MC_CLI_CLI_H
#define MC_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <mimecodec.h>

/* Input is read in pieces of this size; every mode streams. */
#define CLI_CHUNK (256 * 1024)

extern const char *cli_prog;

/* "prog: what\n" and "prog: file: what\n"; file is printed escaped (F7). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_file_error(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Writes s to a static buffer with every byte that is not printable
 * ASCII or part of valid UTF-8 shown as \xNN, and backslash as \\, so a
 * name from the input cannot move the cursor, clear the screen or fake a
 * new line.  The result is valid for the next three calls.
 */
const char *cli_quote(const char *s);

/* Reads until cap bytes or the end; -1 on error (errno). */
ssize_t cli_read_full(int fd, void *buf, size_t cap);

/* Writes all of buf; -1 on error (errno). */
int cli_write_all(int fd, const void *buf, size_t len);

/* Opens FILE ("-" or NULL: standard input); -1 on error (errno). */
int cli_open_input(const char *path);

/* Decimal unsigned in [lo, hi]; 0 or -1. */
int cli_parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out);

/*
 * MIMECODEC_ISA names a path this machine has and MIMECODEC_THREADS is a
 * valid count (or they are unset); else prints why and returns -1.
 */
int cli_check_env(void);

/* Threads for work that splits (MIMECODEC_THREADS, else the CPUs we may use, at most
 * CLI_DEFAULT_THREADS); -1 if the variable is not a number from 1 to CLI_MAX_THREADS. */
#define CLI_DEFAULT_THREADS 4
#define CLI_MAX_THREADS 64
int cli_threads(void);

/* The process umask, without changing it. */
mode_t cli_umask(void);

/* The commands; argv[0] is already the command's name. */
int cmd_mimeencode(int argc, char **argv);
int cmd_mimencode(int argc, char **argv);
int cmd_uuencode(int argc, char **argv);
int cmd_uudecode(int argc, char **argv);

#endif
