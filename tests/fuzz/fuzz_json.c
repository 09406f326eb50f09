/*
 * Fuzz the JSON string escaper: whatever bytes go in, what comes out must
 * be a valid JSON string body: no raw control bytes, no unescaped quote,
 * and valid UTF-8 throughout.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "sbuf.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sbuf		 s;
	const unsigned char	*p;
	size_t			 i;

	sbuf_init(&s);
	sbuf_add_json(&s, (const char *)data, len);
	p = (const unsigned char *)sbuf_str(&s);
	for (i = 0; i < s.len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		if (p[i] == '\\') {
			i++;	/* escaped character */
			continue;
		}
		if (p[i] == '"')
			abort();
		if (p[i] >= 0x80) {
			/* Lead byte must start a complete sequence. */
			size_t need = p[i] >= 0xf0 ? 3 : p[i] >= 0xe0 ? 2 : 1;
			if (p[i] < 0xc2 || p[i] > 0xf4 || i + need >= s.len + 1)
				abort();
			while (need-- > 0)
				if ((p[++i] & 0xc0) != 0x80)
					abort();
		}
	}
	sbuf_free(&s);
	return (0);
}
