/*
 * The site's lease files, line by line (site_lease.h).  Every field is
 * copied into a bounded, NUL-terminated buffer before it is parsed, so a
 * line is never read past its length.
 */
#include "config.h"

#include <arpa/inet.h>

#include <string.h>

#include "site/site_lease.h"
#include "util.h"

#define FIELD_MAX	256	/* longer fields: the line is malformed */

/* The next field of s[*pos..len) ended by sep, into out[FIELD_MAX]. */
static int
field(const char *s, size_t len, size_t *pos, char sep, char *out)
{
	size_t	 n = 0;

	while (*pos < len && s[*pos] != sep) {
		if (n + 1 >= FIELD_MAX || s[*pos] == '\0')
			return (-1);
		out[n++] = s[(*pos)++];
	}
	out[n] = '\0';
	if (*pos < len)
		(*pos)++;		/* the separator */
	return (0);
}

/* A decimal number of at most 19 digits, the whole string. */
static int
number(const char *s, uint64_t *v)
{
	uint64_t	 n = 0;
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 19)
			return (-1);
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0)
		return (-1);
	*v = n;
	return (0);
}

static int
ipv4(const char *s, uint32_t *ip)
{
	struct in_addr	 in;

	if (inet_pton(AF_INET, s, &in) != 1 || in.s_addr == 0)
		return (-1);
	*ip = in.s_addr;
	return (0);
}

/* An Ethernet MAC written with colons (both servers' spelling). */
static int
mac48(const char *s, uint8_t mac[6])
{
	if (strlen(s) != 17 || s[2] != ':')
		return (-1);
	return (util_mac_parse(s, mac));
}

int
site_dnsmasq_line(const char *s, size_t len, struct site_lease *l)
{
	char		 f[5][FIELD_MAX];
	size_t		 pos = 0, i;
	uint64_t	 exp;

	memset(l, 0, sizeof *l);
	while (pos < len && s[pos] == ' ')
		pos++;
	if (pos == len)
		return (0);
	for (i = 0; i < 5; i++) {
		if (field(s, len, &pos, ' ', f[i]) != 0)
			return (-1);
	}
	if (pos != len || f[4][0] == '\0')
		return (-1);		/* not five fields */
	if (strcmp(f[0], "duid") == 0 || strchr(f[2], ':') != NULL)
		return (0);		/* DHCPv6: no MAC of an IPv4 phone */
	if (number(f[0], &exp) != 0 || mac48(f[1], l->mac) != 0 ||
	    ipv4(f[2], &l->ip) != 0)
		return (-1);
	l->expiry = exp;
	if (strcmp(f[3], "*") != 0)
		util_sanitise(l->hostname, sizeof l->hostname, f[3],
		    strlen(f[3]));
	return (1);
}

void
site_kea_init(struct site_kea *k)
{
	memset(k, 0, sizeof *k);
	k->c_addr = k->c_hw = k->c_valid = k->c_expire = -1;
	k->c_host = k->c_state = -1;
}

/* The header: which column is which. */
static int
kea_header(struct site_kea *k, const char *s, size_t len)
{
	static const struct { const char *name; size_t off; } cols[] = {
		{ "address", offsetof(struct site_kea, c_addr) },
		{ "hwaddr", offsetof(struct site_kea, c_hw) },
		{ "valid_lifetime", offsetof(struct site_kea, c_valid) },
		{ "expire", offsetof(struct site_kea, c_expire) },
		{ "hostname", offsetof(struct site_kea, c_host) },
		{ "state", offsetof(struct site_kea, c_state) },
	};
	char		 f[FIELD_MAX];
	size_t		 pos = 0, i;
	int		 n = 0;

	site_kea_init(k);
	while (pos < len) {
		if (field(s, len, &pos, ',', f) != 0)
			return (-1);
		for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
			if (strcmp(f, cols[i].name) == 0)
				*(int *)(void *)((char *)k + cols[i].off) = n;
		}
		n++;
	}
	k->ncols = n;
	if (k->c_addr < 0 || k->c_hw < 0)
		return (-1);
	k->have_header = 1;
	return (0);
}

/* Column c of a row (already split) into the lease. */
static int
kea_col(const struct site_kea *k, int c, const char *f, struct site_lease *l)
{
	uint64_t	 v;

	if (c == k->c_addr)
		return (ipv4(f, &l->ip));
	if (c == k->c_hw)
		return (mac48(f, l->mac));
	if (c == k->c_valid) {
		if (number(f, &v) != 0 || v > UINT32_MAX)
			return (-1);
		l->lifetime = (uint32_t)v;
		l->gone |= v == 0;
	} else if (c == k->c_expire) {
		if (number(f, &v) != 0)
			return (-1);
		l->expiry = v;
	} else if (c == k->c_state) {
		if (number(f, &v) != 0)
			return (-1);
		l->gone |= v != 0;
	} else if (c == k->c_host && f[0] != '\0')
		util_sanitise(l->hostname, sizeof l->hostname, f, strlen(f));
	return (0);
}

int
site_kea_line(struct site_kea *k, const char *s, size_t len,
    struct site_lease *l)
{
	char		 f[FIELD_MAX];
	size_t		 pos = 0;
	int		 c = 0;

	memset(l, 0, sizeof *l);
	if (len == 0)
		return (0);
	if (len >= 8 && memcmp(s, "address,", 8) == 0)
		return (kea_header(k, s, len) == 0 ? 0 : -1);
	if (!k->have_header)
		return (-1);
	while (pos < len) {
		if (field(s, len, &pos, ',', f) != 0 ||
		    kea_col(k, c, f, l) != 0)
			return (-1);
		c++;
	}
	if (s[len - 1] == ',')
		c++;			/* an empty last column */
	if (c < k->ncols - 1 || c > k->ncols + 1)
		return (-1);		/* one column less or more: pool_id */
	if (l->ip == 0 || (l->mac[0] | l->mac[1] | l->mac[2] | l->mac[3] |
	    l->mac[4] | l->mac[5]) == 0)
		return (-1);
	return (1);
}

/* One KEY=VALUE line of the hook's datagram. */
static int
hook_kv(const char *k, const char *v, struct site_lease *l, int *action)
{
	uint64_t	 n;

	if (strcmp(k, "action") == 0) {
		*action = strcmp(v, "add") == 0 || strcmp(v, "old") == 0 ? 1 :
		    strcmp(v, "del") == 0 ? 2 : 3;
		return (0);
	}
	if (*action == 3)
		return (0);		/* not a lease: its values do not matter */
	if (strcmp(k, "mac") == 0)
		return (mac48(v, l->mac));
	if (strcmp(k, "ip") == 0)
		return (ipv4(v, &l->ip));
	if (strcmp(k, "expires") == 0)
		return (number(v, &l->expiry));
	if (strcmp(k, "lifetime") == 0) {
		if (number(v, &n) != 0 || n > UINT32_MAX)
			return (-1);
		l->lifetime = (uint32_t)n;
	} else if (strcmp(k, "hostname") == 0)
		util_sanitise(l->hostname, sizeof l->hostname, v, strlen(v));
	else if (strcmp(k, "vendor_class") == 0)
		util_sanitise(l->vendor_class, sizeof l->vendor_class, v,
		    strlen(v));
	return (0);		/* an unknown key: a later hook's */
}

int
site_hook_msg(const char *s, size_t len, struct site_lease *l)
{
	char		 line[FIELD_MAX], *eq;
	size_t		 pos = 0;
	int		 first = 1;
	int		 action = 0;

	memset(l, 0, sizeof *l);
	while (pos < len) {
		if (field(s, len, &pos, '\n', line) != 0)
			return (-1);
		if (first) {
			if (strcmp(line, SITE_HOOK_MAGIC) != 0)
				return (-1);
			first = 0;
			continue;
		}
		if (line[0] == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL)
			return (-1);
		*eq = '\0';
		if (hook_kv(line, eq + 1, l, &action) != 0)
			return (-1);
	}
	if (first || action == 0)
		return (-1);
	if (action == 3)
		return (0);
	if (l->ip == 0 || (l->mac[0] | l->mac[1] | l->mac[2] | l->mac[3] |
	    l->mac[4] | l->mac[5]) == 0)
		return (-1);
	l->gone = action == 2;
	return (1);
}

long
site_next_line(const char *buf, size_t len, size_t *used)
{
	const char	*nl = memchr(buf, '\n', len);
	size_t		 n;

	if (nl == NULL)
		return (-1);
	n = (size_t)(nl - buf);
	*used = n + 1;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return ((long)n);
}
