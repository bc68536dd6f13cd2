#include "text.h"

size_t utf8_decode(const void *s, size_t n, uint32_t *cp)
{
	static const uint32_t mins[] = {0, 0, 0x80, 0x800, 0x10000};
	const unsigned char *p = s;
	size_t len, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
	if (len == 0 || p[0] > 0xF4 || len > n)
		return 0;
	*cp = p[0] & (0x7Fu >> len);
	for (i = 1; i < len; i++) {
		if (!utf8_cont(p[i]))
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3Fu);
	}
	if (*cp < mins[len] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

void json_string(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	fputc('"', out);
	while (p < end) {
		unsigned char c = *p;
		uint32_t cp;
		size_t n;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else if (c < 0x80)
			fputc(c, out);
		else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) > 0) {
			fwrite(p, 1, n, out);
			p += n;
			continue;
		} else
			fputs("\\ufffd", out);
		p++;
	}
	fputc('"', out);
}
