/*
 * cfgxml_internal.h: test seams of cfgxml.c, for the unit tests only.
 */
#ifndef CFG_CFGXML_INTERNAL_H
#define CFG_CFGXML_INTERNAL_H

#include <stddef.h>

/*
 * Make cfgxml_install_all() fail as if renaming the k-th file of its set
 * into ROOT failed (EIO), to see it back out; SIZE_MAX: never.
 */
void	 cfgxml_test_fail_rename(size_t);

#endif /* CFG_CFGXML_INTERNAL_H */
