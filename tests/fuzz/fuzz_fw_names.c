/*
 * Fuzz the archive entry-name check: a name it accepts never starts with
 * '/', never has a ".." component (with '/' or '\' separators), and has no
 * control bytes, so extraction can never leave ROOT.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fw/fw_import.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	 name[1100];
	size_t	 i, n;

	if (len >= sizeof name)
		len = sizeof name - 1;
	memcpy(name, data, len);
	name[len] = '\0';
	if (fw_import_check_name(name) != NULL)
		return (0);
	if (name[0] == '/' || name[0] == '\\' || name[0] == '\0')
		abort();
	for (i = 0; name[i] != '\0'; i += n) {
		if ((unsigned char)name[i] < 0x20)
			abort();
		n = strcspn(name + i, "/\\");
		if (n == 2 && name[i] == '.' && name[i + 1] == '.')
			abort();
		if (n == 0)
			n = 1;
		else if (name[i + n] != '\0')
			n++;
	}
	return (0);
}
