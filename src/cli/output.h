/* Output of the CLI: stdout, or a file that appears only when complete. */
#ifndef MC_CLI_OUTPUT_H
#define MC_CLI_OUTPUT_H

#include <stddef.h>

struct output {
	int fd;
	const char *path;   /* final name, NULL for stdout */
	char *tmp_path;     /* where bytes go until commit */
};

/* Opens stdout (path NULL or "-") or a temporary file beside path.  0 or -1 (errno). */
int output_open(struct output *out, const char *path);

/* Writes all of buf, retrying short writes.  0 or -1 (errno). */
int output_write(struct output *out, const void *buf, size_t len);

/* Makes the file appear under its final name.  0 or -1 (errno). */
int output_commit(struct output *out);

/* Removes the temporary file; the final name is left as it was. */
void output_abort(struct output *out);

#endif
