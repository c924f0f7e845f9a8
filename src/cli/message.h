/* mimeencode --pack, --extract and --list: whole MIME messages. */
#ifndef MC_CLI_MESSAGE_H
#define MC_CLI_MESSAGE_H

#include <stdio.h>

void message_usage(FILE *f);

/* Each takes the whole command line; the mode option in it is skipped. */
int message_pack(int argc, char **argv);
int message_extract(int argc, char **argv);
int message_list(int argc, char **argv);

#endif
