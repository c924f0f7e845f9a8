/*
 * One program, several names: what it does depends on the name it was
 * run as (uuencode, uudecode, mimencode; anything else is mimeencode).
 */
#include "config.h"

#include <string.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	const char *name = argc > 0 && argv[0] != NULL ? argv[0] : "mimeencode";
	const char *slash = strrchr(name, '/');

	if (slash != NULL)
		name = slash + 1;
	if (strcmp(name, "uuencode") == 0) {
		cli_prog = "uuencode";
		return cmd_uuencode(argc, argv);
	}
	if (strcmp(name, "uudecode") == 0) {
		cli_prog = "uudecode";
		return cmd_uudecode(argc, argv);
	}
	if (strcmp(name, "mimencode") == 0 || strcmp(name, "mmencode") == 0) {
		cli_prog = "mimencode";
		return cmd_mimencode(argc, argv);
	}
	cli_prog = "mimeencode";
	return cmd_mimeencode(argc, argv);
}
