/* The digest by nettle, written out by nettle's base16 (lowercase). */
#include "sha1.h"

#include <nettle/base16.h>
#include <nettle/sha1.h>

void sha1_hex(const void *buf, size_t len, char out[SHA1_HEXLEN + 1])
{
	struct sha1_ctx ctx;
	uint8_t digest[SHA1_DIGEST_SIZE];

	sha1_init(&ctx);
	sha1_update(&ctx, len, buf);
	sha1_digest(&ctx, sizeof(digest), digest);
	base16_encode_update(out, sizeof(digest), digest);
	out[SHA1_HEXLEN] = '\0';
}
