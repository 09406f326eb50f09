/*
 * devtype.h: every Cisco device type number seen in real configuration
 * files (the NNN of <loadInformationNNN>), with the model it stands for,
 * including the many models phonerescue recovers nothing of (7910, 7935,
 * 7914 sidecars, 88xx, SPA, TelePresence...).  A table apart from the
 * recovery table of model.h: knowing a number is not serving it.
 *
 * Labels (the model="..." text) are compared by key: lower case, the
 * words "Cisco", "IP", "Phone", "Conf(erence)", "Unified" dropped from
 * the front, a four-digit model number kept with its variant ("7961G-GE",
 * "7961GE" and "Cisco 7961 GE" are "7961-ge"; "7961G" is "7961"), any
 * other label reduced to its letters and digits ("Cisco SPA 525G2" is
 * "spa525g2").  Pure and allocation-free.
 */
#ifndef MODEL_DEVTYPE_H
#define MODEL_DEVTYPE_H

#include <stddef.h>

struct devtype {
	unsigned	 num;		/* loadInformationNNN */
	const char	*name;		/* "Cisco 7961G-GE" */
	const char	*aliases;	/* other labels seen, '|'-separated, or NULL */
};

#define DEVTYPE_KEY_MAX	64

size_t		 devtype_count(void);
const struct devtype *devtype_at(size_t);
/* The entry for a number, or NULL. */
const struct devtype *devtype_find(unsigned);
/*
 * The comparison key of a label into key (DEVTYPE_KEY_MAX bytes).
 * Returns 1 when the label names a four-digit model (then *digits gets
 * its number), 0 for any other label.
 */
int		 devtype_label_key(const char *, char *, size_t, unsigned *);
/* Does entry d carry a label (its name or an alias) with this key? */
int		 devtype_has_key(const struct devtype *, const char *);
/* Does entry d name the four-digit model with this number? */
int		 devtype_has_digits(const struct devtype *, unsigned);
/*
 * The first entry other than not with a label of this key (key given) or
 * naming this four-digit model (key NULL); or NULL.
 */
const struct devtype *devtype_by_label(const char *, unsigned,
	     const struct devtype *);

#endif /* MODEL_DEVTYPE_H */
