/*
 * mimecodec.h - the umbrella header of the mimecodec library.
 *
 * mimecodec encodes and decodes the transfer encodings of e-mail with a
 * scalar path and SIMD paths chosen at run time.  Areas:
 *   mimecodec/common.h  status codes, defects, code-path selection
 *   mimecodec/base64.h  base64: standard and URL-safe, strict and MIME,
 *                       line-wrapped, one-shot and streaming
 *   mimecodec/uu.h      uuencode: classic and begin-base64, as sharutils
 *   mimecodec/qp.h      quoted-printable and the RFC 2047 "Q" form
 *   mimecodec/mime.h    streaming MIME parser and message tree
 *   mimecodec/mail.h    building messages with attachments, streamed out
 */
#ifndef MIMECODEC_H
#define MIMECODEC_H

#include <mimecodec/common.h>
#include <mimecodec/base64.h>
#include <mimecodec/uu.h>
#include <mimecodec/qp.h>
#include <mimecodec/mime.h>
#include <mimecodec/mail.h>

#define MIMECODEC_VERSION_STRING "0.1.0"

#endif
