/*
 * record_int.h: the record's line format, shared by the writer
 * (record.c) and the reader (record_read.c): one table of a phone
 * line's fields, in the order they are written.
 */
#ifndef RECORD_RECORD_INT_H
#define RECORD_RECORD_INT_H

#include <stddef.h>

#include "record/record.h"

enum rec_ftype { RF_STR, RF_U64, RF_UINT, RF_RESULT };

struct rec_field {
	const char	*key;
	enum rec_ftype	 type;
	size_t		 off, size;
};

extern const struct rec_field	 rec_fields[];
extern const size_t		 rec_nfields;

/* Append value to buf (at *len, of size), escaping TAB, LF and '\\'. */
void	 rec_escape(char *, size_t, size_t *, const char *);
/* Undo rec_escape in place. */
void	 rec_unescape(char *);

#endif /* RECORD_RECORD_INT_H */
