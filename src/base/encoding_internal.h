/* Text decoding to UTF-8 (iconv). */
#ifndef RG_ENCODING_INTERNAL_H
#define RG_ENCODING_INTERNAL_H

#include <stddef.h>

#include "regiongraph/status.h"

typedef struct rg_i_decoder rg_i_decoder;

/* Maps the content of a .cpg file ("UTF-8", "65001", "936", "GBK", "CP1252", "ISO-8859-1"...)
 * to an iconv name, or NULL if not recognised. Static storage or a pointer into buf. */
const char *rg_i_encoding_from_cpg(const char *cpg, char *buf, size_t bufsize);
/* Maps a DBF language driver id (byte 29 of the header) to an iconv name, or NULL if the byte
 * is 0 or unknown. */
const char *rg_i_encoding_from_ldid(int ldid);

/* A decoder from the named encoding to UTF-8. Fails with RG_ERR_ENCODING if iconv does not
 * know the name. */
rg_status rg_i_decoder_new(const char *encoding, rg_i_decoder **out);
/* Decodes len bytes into a new NUL-terminated UTF-8 string (*out, caller frees), with trailing
 * spaces removed (DBF pads with them). Invalid bytes for the encoding give RG_ERR_ENCODING
 * with a message saying at which byte offset; the caller adds file, record and field. */
rg_status rg_i_decode(rg_i_decoder *d, const char *bytes, size_t len, char **out);
void rg_i_decoder_free(rg_i_decoder *d);
const char *rg_i_decoder_name(const rg_i_decoder *d);

#endif
