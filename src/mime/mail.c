/*
 * The message builder's tree: messages, parts, their settings, checked as
 * they are given.  Writing is in mail_write.c.  See mimecodec/mail.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mime/mail_impl.h"

char *mail_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

/* --------------------------------------------------------------- setup */

mc_status mc_mail_new(const mc_mail_config *cfg, mc_mail **out)
{
	mc_mail *m;

	if (out == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	*out = NULL;
	if (cfg != NULL && ((unsigned)cfg->eol > MC_EOL_CRLF || (unsigned)cfg->isa >= MC_ISA_COUNT))
		return MC_ERR_INVALID_ARGUMENT;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return MC_ERR_NO_MEMORY;
	if (cfg != NULL)
		m->cfg = *cfg;
	m->eol = m->cfg.eol == MC_EOL_CRLF ? "\r\n" : "\n";
	*out = m;
	return MC_OK;
}

static void free_fields(struct field *f, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].value);
		for (k = 0; k < f[i].naddrs; k++)
			free(f[i].addrs[k]);
		free(f[i].addrs);
	}
	free(f);
}

void mc_mail_free(mc_mail *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nall; i++) {
		struct mc_mail_part *p = m->all[i];
		free(p->type);
		free(p->charset);
		free(p->filename);
		free(p->disposition);
		free(p->content_id);
		free(p->path);
		free(p->kids);
		free_fields(p->fields, p->nfields);
		free(p);
	}
	free(m->all);
	free_fields(m->fields, m->nfields);
	free(m);
}

static mc_status add_field(struct field **fields, size_t *n, const char *name, const char *value)
{
	struct field *f;

	if (!mail_valid_name(name) || !mail_valid_value(value))
		return MC_ERR_BAD_FIELD;
	if ((f = realloc(*fields, (*n + 1) * sizeof *f)) == NULL)
		return MC_ERR_NO_MEMORY;
	*fields = f;
	memset(&f[*n], 0, sizeof f[*n]);
	f[*n].name = mail_strdup(name);
	f[*n].value = mail_strdup(value);
	if (f[*n].name == NULL || f[*n].value == NULL) {
		free(f[*n].name);
		free(f[*n].value);
		return MC_ERR_NO_MEMORY;
	}
	++*n;
	return MC_OK;
}

mc_status mc_mail_header(mc_mail *m, const char *name, const char *value)
{
	if (m == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	return add_field(&m->fields, &m->nfields, name, value);
}

static int one_address(void *ctx, const mc_mime_address *a)
{
	int *count = ctx;

	(*count)++;
	return a->name[0] != '\0' || a->group != NULL; /* a bare addr-spec only */
}

mc_status mc_mail_address(mc_mail *m, const char *name, const char *display, const char *address)
{
	struct mbuf b = { 0 };
	struct field *f = NULL;
	size_t i;
	int count = 0;
	char **a;

	if (m == NULL || address == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (!mail_valid_name(name) || !mail_valid_value(address) ||
	    (display != NULL && !mail_valid_value(display)) ||
	    mc_mime_parse_addresses(address, strlen(address), one_address, &count, NULL) != MC_OK ||
	    count != 1 || strchr(address, '<') != NULL || strchr(address, '(') != NULL)
		return MC_ERR_BAD_FIELD;
	if ((display != NULL && display[0] != '\0' &&
	     (!mail_put_display(&b, display) || !mbuf_append(&b, " <", 2))) ||
	    ((display == NULL || display[0] == '\0') && !mbuf_append(&b, "<", 1)) ||
	    !mbuf_append(&b, address, strlen(address)) || !mbuf_append(&b, ">", 2)) {
		mbuf_free(&b);
		return MC_ERR_NO_MEMORY;
	}
	for (i = 0; i < m->nfields; i++)
		if (m->fields[i].addrs != NULL && mime_ascii_ieq(name, strlen(name), m->fields[i].name))
			f = &m->fields[i];
	if (f == NULL) {
		mc_status st = add_field(&m->fields, &m->nfields, name, "");
		if (st != MC_OK) {
			mbuf_free(&b);
			return st;
		}
		f = &m->fields[m->nfields - 1];
	}
	if ((a = realloc(f->addrs, (f->naddrs + 1) * sizeof *a)) == NULL) {
		mbuf_free(&b);
		return MC_ERR_NO_MEMORY;
	}
	f->addrs = a;
	a[f->naddrs++] = (char *)b.p; /* NUL-terminated by the ">\0" above */
	return MC_OK;
}

static mc_status new_part(mc_mail *m, mc_mail_part *parent, const char *type, mc_mail_part **out)
{
	struct mc_mail_part *p, **all;

	if (out != NULL)
		*out = NULL;
	if (m == NULL || type == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (parent == NULL ? m->root != NULL : !parent->multipart)
		return MC_ERR_STATE;
	if ((p = calloc(1, sizeof *p)) == NULL || (all = realloc(m->all, (m->nall + 1) * sizeof *all)) == NULL) {
		free(p);
		return MC_ERR_NO_MEMORY;
	}
	m->all = all;
	all[m->nall++] = p;
	p->mail = m;
	p->parent = parent;
	if ((p->type = mail_strdup(type)) == NULL)
		return MC_ERR_NO_MEMORY;
	if (parent == NULL) {
		m->root = p;
	} else {
		struct mc_mail_part **k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
		if (k == NULL)
			return MC_ERR_NO_MEMORY;
		parent->kids = k;
		k[parent->nkids++] = p;
	}
	if (out != NULL)
		*out = p;
	return MC_OK;
}

static int valid_token(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 32 || (unsigned char)s[i] >= 127 ||
		    strchr("()<>@,;:\\\"/[]?=", s[i]) != NULL)
			return 0;
	return i > 0;
}

/* "type/subtype" of tokens. */
static int valid_type(const char *t)
{
	const char *slash = t ? strchr(t, '/') : NULL;
	char head[128];

	if (slash == NULL || (size_t)(slash - t) >= sizeof head)
		return 0;
	memcpy(head, t, (size_t)(slash - t));
	head[slash - t] = '\0';
	return valid_token(head) && valid_token(slash + 1);
}

mc_status mc_mail_multipart(mc_mail *m, mc_mail_part *parent, const char *subtype,
                            mc_mail_part **out)
{
	char type[96];
	mc_status st;

	if (subtype == NULL || !valid_token(subtype) || strlen(subtype) > 60)
		return MC_ERR_INVALID_ARGUMENT;
	snprintf(type, sizeof type, "multipart/%s", subtype);
	if ((st = new_part(m, parent, type, out)) == MC_OK)
		m->all[m->nall - 1]->multipart = 1;
	return st;
}

mc_status mc_mail_text(mc_mail *m, mc_mail_part *parent, const char *subtype, const void *text,
                       size_t len, mc_mail_part **out)
{
	char type[96];
	mc_status st;

	if (subtype == NULL || !valid_token(subtype) || strlen(subtype) > 60 ||
	    (len != 0 && text == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	snprintf(type, sizeof type, "text/%s", subtype);
	if ((st = new_part(m, parent, type, out)) == MC_OK) {
		struct mc_mail_part *p = m->all[m->nall - 1];
		p->src = SRC_MEM;
		p->data = text;
		p->len = len;
	}
	return st;
}

static mc_status leaf(mc_mail *m, mc_mail_part *parent, const char *filename,
                      const char *content_type, const void *head, size_t head_len,
                      mc_mail_part **out)
{
	mc_status st;
	struct mc_mail_part *p;

	if ((filename != NULL && !mail_valid_value(filename)) ||
	    (content_type != NULL && !valid_type(content_type)))
		return MC_ERR_BAD_FIELD;
	if (content_type == NULL)
		content_type = mc_mail_guess_type(filename, head, head_len);
	if ((st = new_part(m, parent, content_type, out)) != MC_OK)
		return st;
	p = m->all[m->nall - 1];
	if (filename != NULL && (p->filename = mail_strdup(filename)) == NULL)
		return MC_ERR_NO_MEMORY;
	if ((p->disposition = mail_strdup("attachment")) == NULL)
		return MC_ERR_NO_MEMORY;
	return MC_OK;
}

mc_status mc_mail_attach(mc_mail *m, mc_mail_part *parent, const void *data, size_t len,
                         const char *filename, const char *content_type, mc_mail_part **out)
{
	mc_status st;

	if (len != 0 && data == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	st = leaf(m, parent, filename, content_type, data, len < 4096 ? len : 4096, out);
	if (st == MC_OK) {
		m->all[m->nall - 1]->src = SRC_MEM;
		m->all[m->nall - 1]->data = data;
		m->all[m->nall - 1]->len = len;
	}
	return st;
}

mc_status mc_mail_attach_file(mc_mail *m, mc_mail_part *parent, const char *path,
                              const char *filename, const char *content_type,
                              mc_mail_part **out)
{
	uint8_t head[4096];
	ssize_t n = 0;
	int fd;
	mc_status st;

	if (path == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return MC_ERR_IO;
	if (content_type == NULL && (n = read(fd, head, sizeof head)) < 0)
		n = 0;
	close(fd);
	if (filename == NULL) {
		const char *slash = strrchr(path, '/');
		filename = slash ? slash + 1 : path;
	}
	st = leaf(m, parent, filename, content_type, head, (size_t)n, out);
	if (st == MC_OK) {
		struct mc_mail_part *p = m->all[m->nall - 1];
		p->src = SRC_FILE;
		if ((p->path = mail_strdup(path)) == NULL)
			return MC_ERR_NO_MEMORY;
	}
	return st;
}

mc_status mc_mail_attach_reader(mc_mail *m, mc_mail_part *parent, mc_mail_read_fn read_fn,
                                void *ctx, const char *filename, const char *content_type,
                                mc_mail_part **out)
{
	mc_status st;

	if (read_fn == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	/* nothing can be read ahead: the type from the name, else octet-stream */
	st = leaf(m, parent, filename, content_type, NULL, 0, out);
	if (st == MC_OK) {
		m->all[m->nall - 1]->src = SRC_READER;
		m->all[m->nall - 1]->read = read_fn;
		m->all[m->nall - 1]->rctx = ctx;
	}
	return st;
}

mc_status mc_mail_attach_message(mc_mail *m, mc_mail_part *parent, const void *msg, size_t len,
                                 mc_mail_part **out)
{
	mc_status st;

	if (len != 0 && msg == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if ((st = new_part(m, parent, "message/rfc822", out)) == MC_OK) {
		struct mc_mail_part *p = m->all[m->nall - 1];
		p->message = 1;
		p->src = SRC_MEM;
		p->data = msg;
		p->len = len;
	}
	return st;
}

mc_status mc_mail_part_header(mc_mail_part *p, const char *name, const char *value)
{
	if (p == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (mail_valid_name(name) &&
	    (mime_ascii_ieq(name, strlen(name), "content-type") ||
	     mime_ascii_ieq(name, strlen(name), "content-transfer-encoding")))
		return MC_ERR_BAD_FIELD; /* the builder writes these */
	return add_field(&p->fields, &p->nfields, name, value);
}

static mc_status set_string(char **slot, const char *v, int token)
{
	char *d;

	if (v == NULL || !mail_valid_value(v) || (token && !valid_token(v)))
		return MC_ERR_BAD_FIELD;
	if ((d = mail_strdup(v)) == NULL)
		return MC_ERR_NO_MEMORY;
	free(*slot);
	*slot = d;
	return MC_OK;
}

mc_status mc_mail_part_disposition(mc_mail_part *p, const char *disposition)
{
	if (p == NULL || p->multipart)
		return MC_ERR_INVALID_ARGUMENT;
	return set_string(&p->disposition, disposition, 1);
}

mc_status mc_mail_part_content_id(mc_mail_part *p, const char *id)
{
	size_t i;

	if (p == NULL || id == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	for (i = 0; id[i] != '\0'; i++)
		if ((unsigned char)id[i] <= 32 || (unsigned char)id[i] >= 127 || id[i] == '<' || id[i] == '>')
			return MC_ERR_BAD_FIELD;
	return set_string(&p->content_id, id, 0);
}

mc_status mc_mail_part_charset(mc_mail_part *p, const char *charset)
{
	if (p == NULL || p->multipart)
		return MC_ERR_INVALID_ARGUMENT;
	return set_string(&p->charset, charset, 1);
}

mc_status mc_mail_part_encoding(mc_mail_part *p, mc_mime_encoding encoding)
{
	if (p == NULL || p->multipart || p->message ||
	    (encoding != MC_MIME_IDENTITY && encoding != MC_MIME_BASE64 &&
	     encoding != MC_MIME_QUOTED_PRINTABLE) ||
	    (encoding == MC_MIME_IDENTITY && p->src == SRC_READER))
		return MC_ERR_INVALID_ARGUMENT;
	p->forced = 1;
	p->force = encoding;
	return MC_OK;
}

mc_mime_encoding mc_mail_part_chosen_encoding(const mc_mail_part *p)
{
	return p->chosen;
}

mc_status mc_mail_write(mc_mail *m, mc_mime_write_fn write_fn, void *ctx)
{
	if (m == NULL || write_fn == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	return mail_write(m, write_fn, ctx);
}

static int write_fd(void *ctx, const void *data, size_t len)
{
	int fd = *(int *)ctx;
	const uint8_t *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

mc_status mc_mail_write_fd(mc_mail *m, int fd)
{
	mc_status st = mc_mail_write(m, write_fd, &fd);

	return st == MC_ERR_ABORTED ? MC_ERR_IO : st;
}
