/* svcc --import: a supervisord configuration (INI and its includes) turned
 * into equivalent .svc text, with a comment for everything svc lacks. */
#ifndef SVC_IMPORT_H
#define SVC_IMPORT_H

#include <talloc.h>
#include "common/ini.h"

/* Reads the supervisord configuration at PATH and returns it as .svc text
 * under CTX, or NULL when it has errors. OUTPUT is where the text will be
 * written (NULL: stdout, taken to be beside PATH): %(here)s becomes
 * ${here} only where both name the same folder. Every problem, with its
 * file and line, is left in *INI (under CTX) for the caller to print. */
char *import_ini(TALLOC_CTX *ctx, const char *path, const char *output, struct ini **ini);

#endif
