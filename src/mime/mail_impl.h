/* Internal: the message builder's shared pieces. */
#ifndef MC_MAIL_IMPL_H
#define MC_MAIL_IMPL_H

#include <mimecodec/mail.h>

#include "mime/mime_impl.h"

int mail_valid_name(const char *name);
int mail_valid_value(const char *value);

/* "name: value" folded at 78 columns, encoded words where needed; 0 when out of memory. */
int mail_put_field(struct mbuf *out, const char *name, const char *value, const char *eol);
/* A display name as atoms, a quoted string or encoded words. */
int mail_put_display(struct mbuf *out, const char *display);
/* "name: a, b" with the addresses already formatted. */
int mail_put_address_field(struct mbuf *out, const char *name, const char *const *addrs,
                           size_t n, const char *eol);
/* "; name=value" at column *col (updated); RFC 2231 sections for non-ASCII or long values if rfc2231. */
int mail_put_param(struct mbuf *out, size_t *col, const char *name, const char *value,
                   const char *eol, int rfc2231);


#define MAIL_CHUNK 49152 /* input read and encoded at a time */

struct field {
	char *name, *value;
	char **addrs; /* address headers: formatted entries */
	size_t naddrs;
};

enum source { SRC_NONE, SRC_MEM, SRC_FILE, SRC_READER };

struct mc_mail_part {
	mc_mail *mail;
	struct mc_mail_part *parent;
	int multipart, message;
	char *type;        /* "text/plain", "multipart/mixed", ... */
	char *charset, *filename, *disposition, *content_id;
	struct field *fields;
	size_t nfields;
	int forced;
	mc_mime_encoding force, chosen;
	enum source src;
	const uint8_t *data;
	size_t len;
	char *path;
	mc_mail_read_fn read;
	void *rctx;
	struct mc_mail_part **kids;
	size_t nkids;
	char boundary[32];
	mc_text_scan scan;
};

struct mc_mail {
	mc_mail_config cfg;
	const char *eol;
	struct field *fields;
	size_t nfields;
	struct mc_mail_part *root;
	struct mc_mail_part **all; /* every part, for freeing */
	size_t nall;
};

/* A copy of s; NULL when out of memory. */
char *mail_strdup(const char *s);

/* Writing (mail_write.c). */
mc_status mail_write(mc_mail *m, mc_mime_write_fn write, void *ctx);
void mail_new_boundary(const mc_mail *m, char out[32]);

#endif
