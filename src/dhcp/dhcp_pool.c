/* The DHCP address pool: reservations, a range, and the lease file. */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "afile.h"
#include "compat.h"
#include "dhcp_pool.h"
#include "tunables.h"
#include "util.h"

#define POOL_MAX_RANGE	65536	/* a /16: far beyond any recovery bench */
#define LINE_MAX_LEN	512
#define LEASES_V2	"# phonerescue DHCP leases v2"

struct dhcp_pool {
	uint32_t		 first, last;	/* host order */
	uint32_t		 server, net, bcast;	/* host order */
	struct dhcp_lease	*v;
	size_t			 n, cap;
	uint8_t			*seen;		/* bitmap over the range */
	size_t			 size;
};

static struct dhcp_lease *pool_append(struct dhcp_pool *, uint32_t);
static void	 pool_rekey(struct dhcp_lease *, const uint8_t *, size_t,
		     const uint8_t[6]);
static int	 pool_free_for(struct dhcp_pool *, uint32_t, const uint8_t *,
		     size_t, const uint8_t[6], uint64_t);
static int	 parse_line(struct dhcp_pool *, char *, uint64_t, uint64_t, int);
static int	 key_eq(const struct dhcp_lease *, const uint8_t *, size_t);
static void	 pool_mac_limit(struct dhcp_pool *, const uint8_t *, size_t,
		     const uint8_t[6], uint64_t);

size_t
dhcp_pool_key(const struct dhcp_msg *m, uint8_t key[DHCP_KEY_LEN])
{
	struct sha256_ctx	 c;
	const uint8_t		*cid;
	size_t			 len;

	memset(key, 0, DHCP_KEY_LEN);
	if ((cid = dhcp_opt_get(m, DHCP_OPT_CLIENT_ID, &len)) != NULL &&
	    len > 0) {
		if (len <= DHCP_KEY_MAX) {
			memcpy(key, cid, len);
			return (len);
		}
		/* Longer (RFC 3396 joins instances): its digest, tagged. */
		key[0] = 0xff;
		sha256_init(&c);
		sha256_update(&c, len, cid);
		sha256_digest(&c, SHA256_DIGEST_SIZE, key + 1);
		return (DHCP_KEY_LEN);
	}
	key[0] = m->htype;
	memcpy(key + 1, m->chaddr, 6);
	return (7);
}

static int
key_eq(const struct dhcp_lease *l, const uint8_t *key, size_t keylen)
{
	return (l->keylen == keylen && memcmp(l->key, key, keylen) == 0);
}

struct dhcp_pool *
dhcp_pool_new(uint32_t first, uint32_t last, uint32_t server, uint32_t net,
    uint32_t bcast)
{
	struct dhcp_pool	*p;
	uint32_t		 f = ntohl(first), l = ntohl(last);

	if (f > l || (uint64_t)l - f + 1 > POOL_MAX_RANGE)
		return (NULL);
	if ((p = calloc(1, sizeof *p)) == NULL)
		return (NULL);
	p->first = f;
	p->last = l;
	p->server = ntohl(server);
	p->net = ntohl(net);
	p->bcast = ntohl(bcast);
	p->size = (size_t)(l - f) + 1;
	if ((p->seen = calloc((p->size + 7) / 8, 1)) == NULL) {
		free(p);
		return (NULL);
	}
	return (p);
}

void
dhcp_pool_free(struct dhcp_pool *p)
{
	if (p == NULL)
		return;
	free(p->v);
	free(p->seen);
	free(p);
}

size_t
dhcp_pool_count(const struct dhcp_pool *p)
{
	return (p->n);
}

const struct dhcp_lease *
dhcp_pool_at(const struct dhcp_pool *p, size_t i)
{
	return (i < p->n ? &p->v[i] : NULL);
}

size_t
dhcp_pool_size(const struct dhcp_pool *p)
{
	return (p->size);
}

/* A new zeroed record for ip; NULL when memory runs out (drop the packet). */
static struct dhcp_lease *
pool_append(struct dhcp_pool *p, uint32_t ip)
{
	struct dhcp_lease	*nv, *l;
	size_t			 ncap;

	if (p->n == p->cap) {
		ncap = p->cap == 0 ? 32 : p->cap * 2;
		if ((nv = reallocarray(p->v, ncap, sizeof *nv)) == NULL)
			return (NULL);
		p->v = nv;
		p->cap = ncap;
	}
	l = &p->v[p->n++];
	memset(l, 0, sizeof *l);
	l->ip = ip;
	return (l);
}

int
dhcp_pool_ours(const struct dhcp_pool *p, uint32_t ip)
{
	uint32_t	 h = ntohl(ip);
	size_t		 i;

	if (h == p->server || h == p->net || h == p->bcast || h == 0)
		return (0);
	if (h >= p->first && h <= p->last)
		return (1);
	for (i = 0; i < p->n; i++) {
		if (p->v[i].is_static && p->v[i].ip == ip)
			return (1);
	}
	return (0);
}

int
dhcp_pool_add_static(struct dhcp_pool *p, const uint8_t mac[6], uint32_t ip)
{
	struct dhcp_lease	*l;
	uint32_t		 h = ntohl(ip);

	if (h == p->server || h == p->net || h == p->bcast || h == 0)
		return (-1);
	if ((l = dhcp_pool_find_ip(p, ip)) != NULL) {
		if (l->is_static)
			return (-1);
		/* Whoever had it dynamically loses it to the reservation. */
		memset(l->key, 0, sizeof l->key);
		l->keylen = 0;
		l->state = DHCP_LEASE_FREE;
	} else if ((l = pool_append(p, ip)) == NULL)
		return (-1);
	l->is_static = 1;
	memcpy(l->mac, mac, 6);
	return (0);
}

struct dhcp_lease *
dhcp_pool_find_key(struct dhcp_pool *p, const uint8_t *key, size_t keylen)
{
	size_t	 i;

	if (keylen == 0)
		return (NULL);
	for (i = 0; i < p->n; i++) {
		if (key_eq(&p->v[i], key, keylen))
			return (&p->v[i]);
	}
	return (NULL);
}

struct dhcp_lease *
dhcp_pool_find_ip(struct dhcp_pool *p, uint32_t ip)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].ip == ip)
			return (&p->v[i]);
	}
	return (NULL);
}

int
dhcp_pool_in_use(const struct dhcp_lease *l, uint64_t now)
{
	return (l->state != DHCP_LEASE_FREE && l->expires > now);
}

/* Give the record to this client; a new owner starts unprobed. */
static void
pool_rekey(struct dhcp_lease *l, const uint8_t *key, size_t keylen,
    const uint8_t mac[6])
{
	if (keylen > DHCP_KEY_LEN)
		keylen = DHCP_KEY_LEN;
	l->key_cut = 0;
	if (!key_eq(l, key, keylen)) {
		l->probed = 0;
		l->model[0] = '\0';
		l->vendor_class[0] = '\0';
		l->state = DHCP_LEASE_FREE;	/* the old owner's state ends */
	}
	memset(l->key, 0, sizeof l->key);
	memcpy(l->key, key, keylen);
	l->keylen = (uint8_t)keylen;
	memcpy(l->mac, mac, 6);
	if (l->state == DHCP_LEASE_DECLINED)
		l->state = DHCP_LEASE_FREE;
}

/* May this client have ip now? */
static int
pool_free_for(struct dhcp_pool *p, uint32_t ip, const uint8_t *key,
    size_t keylen, const uint8_t mac[6], uint64_t now)
{
	struct dhcp_lease	*l;

	if (!dhcp_pool_ours(p, ip))
		return (0);
	if ((l = dhcp_pool_find_ip(p, ip)) == NULL)
		return (1);
	if (l->is_static)
		return (memcmp(l->mac, mac, 6) == 0);
	if (!dhcp_pool_in_use(l, now))
		return (1);
	return (l->state != DHCP_LEASE_DECLINED && key_eq(l, key, keylen));
}

/*
 * One hardware address may hold DHCP_MAX_PER_MAC records for other keys
 * (client identifiers) at once: beyond that its least recently used one
 * is freed, so a device sending every identifier it likes takes a few
 * addresses, not the pool.
 */
static void
pool_mac_limit(struct dhcp_pool *p, const uint8_t *key, size_t keylen,
    const uint8_t mac[6], uint64_t now)
{
	struct dhcp_lease	*l, *old;
	size_t			 i, n;

	for (;;) {
		old = NULL;
		n = 0;
		for (i = 0; i < p->n; i++) {
			l = &p->v[i];
			if (l->is_static || l->keylen == 0 ||
			    l->state == DHCP_LEASE_DECLINED ||
			    !dhcp_pool_in_use(l, now) ||
			    memcmp(l->mac, mac, 6) != 0 || key_eq(l, key, keylen))
				continue;
			n++;
			if (old == NULL || l->last_used < old->last_used)
				old = l;
		}
		if (n < DHCP_MAX_PER_MAC || old == NULL)
			return;
		old->state = DHCP_LEASE_FREE;
		old->expires = now;
	}
}

/*
 * A never-used address, lowest first: 1 with *lp (NULL when the table
 * is full), or 0 when every address has been used.
 */
static int
pool_fresh(struct dhcp_pool *p, struct dhcp_lease **lp)
{
	uint32_t	 h;
	size_t		 i;

	memset(p->seen, 0, (p->size + 7) / 8);
	for (i = 0; i < p->n; i++) {
		h = ntohl(p->v[i].ip);
		if (h >= p->first && h <= p->last)
			p->seen[(h - p->first) / 8] |= 1 << ((h - p->first) % 8);
	}
	for (i = 0; i < p->size; i++) {
		h = p->first + (uint32_t)i;
		if (h == p->server || h == p->net || h == p->bcast || h == 0)
			continue;
		if (p->seen[i / 8] & (1 << (i % 8)))
			continue;
		*lp = pool_append(p, htonl(h));
		return (1);
	}
	return (0);
}

/*
 * The least recently used free lease; if none, the oldest OFFER (*steal
 * set).  An OFFER is not a promise (RFC 2131 §4.3.1 lets a server not
 * reserve it): the first of the two to REQUEST it gets it
 * (dhcp_pool_take_offer), so a flood of DISCOVERs never keeps a new
 * client from an address.  The address was probed for its offer a
 * moment ago: not again.
 */
static struct dhcp_lease *
pool_reuse(struct dhcp_pool *p, uint64_t now, int *steal)
{
	struct dhcp_lease	*l, *best = NULL;
	size_t			 i;

	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		if (l->is_static || dhcp_pool_in_use(l, now))
			continue;
		if (best == NULL || l->last_used < best->last_used)
			best = l;
	}
	for (i = 0, *steal = best == NULL; *steal && i < p->n; i++) {
		l = &p->v[i];
		if (l->is_static || l->state != DHCP_LEASE_OFFERED ||
		    !dhcp_pool_in_use(l, now))
			continue;
		if (best == NULL || l->last_used < best->last_used)
			best = l;
	}
	return (best);
}

struct dhcp_lease *
dhcp_pool_pick(struct dhcp_pool *p, const uint8_t *key, size_t keylen,
    const uint8_t mac[6], uint32_t requested, uint64_t now)
{
	struct dhcp_lease	*l;
	size_t			 i;
	int			 steal, probed;

	if (keylen > DHCP_KEY_LEN)
		keylen = DHCP_KEY_LEN;
	/* A reservation wins. */
	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		if (l->is_static && memcmp(l->mac, mac, 6) == 0) {
			pool_rekey(l, key, keylen, mac);
			return (l);
		}
	}
	/* The client's own record, by key. */
	if ((l = dhcp_pool_find_key(p, key, keylen)) != NULL && !l->is_static &&
	    l->state != DHCP_LEASE_DECLINED)
		return (l);
	pool_mac_limit(p, key, keylen, mac, now);
	/*
	 * Then by MAC (a phone whose new load sends another identifier), but
	 * never a record being offered or probed under another key: two
	 * identifiers on one MAC would take it from each other for ever,
	 * and neither would get an OFFER.
	 */
	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		if (!l->is_static && l->keylen != 0 &&
		    l->state != DHCP_LEASE_DECLINED &&
		    memcmp(l->mac, mac, 6) == 0 &&
		    (!dhcp_pool_in_use(l, now) || l->key_cut ||
		    l->state == DHCP_LEASE_BOUND)) {
			pool_rekey(l, key, keylen, mac);
			return (l);
		}
	}
	/* RFC 2131 §4.3.1: the requested address, if it is free. */
	if (requested != 0 && pool_free_for(p, requested, key, keylen, mac, now)) {
		if ((l = dhcp_pool_find_ip(p, requested)) == NULL &&
		    (l = pool_append(p, requested)) == NULL)
			return (NULL);
		pool_rekey(l, key, keylen, mac);
		return (l);
	}
	/* A never-used address, lowest first; else one to use again. */
	steal = 0;
	if (!pool_fresh(p, &l))
		l = pool_reuse(p, now, &steal);
	if (l == NULL)
		return (NULL);
	probed = l->probed;
	pool_rekey(l, key, keylen, mac);
	if (steal)
		l->probed = probed;	/* probed for its offer just now */
	return (l);
}

struct dhcp_lease *
dhcp_pool_claim(struct dhcp_pool *p, uint32_t ip, const uint8_t *key,
    size_t keylen, const uint8_t mac[6], uint64_t now)
{
	struct dhcp_lease	*l;

	if (keylen > DHCP_KEY_LEN)
		keylen = DHCP_KEY_LEN;
	if (!pool_free_for(p, ip, key, keylen, mac, now))
		return (NULL);
	pool_mac_limit(p, key, keylen, mac, now);
	if ((l = dhcp_pool_find_ip(p, ip)) == NULL &&
	    (l = pool_append(p, ip)) == NULL)
		return (NULL);
	/* The client may have had another record: it moves here. */
	if (keylen != 0) {
		struct dhcp_lease *old = dhcp_pool_find_key(p, key, keylen);
		if (old != NULL && old != l) {
			memset(old->key, 0, sizeof old->key);
			old->keylen = 0;
			old->state = DHCP_LEASE_FREE;
		}
	}
	pool_rekey(l, key, keylen, mac);
	return (l);
}

struct dhcp_lease *
dhcp_pool_take_offer(struct dhcp_pool *p, uint32_t ip, const uint8_t *key,
    size_t keylen, const uint8_t mac[6], uint64_t now)
{
	struct dhcp_lease	*l, *old;
	int			 probed;

	if (keylen > DHCP_KEY_LEN)
		keylen = DHCP_KEY_LEN;
	if ((l = dhcp_pool_find_ip(p, ip)) == NULL || l->is_static ||
	    l->state != DHCP_LEASE_OFFERED || !dhcp_pool_in_use(l, now) ||
	    key_eq(l, key, keylen))
		return (NULL);
	if ((old = dhcp_pool_find_key(p, key, keylen)) != NULL && old != l) {
		if (old->state == DHCP_LEASE_BOUND && dhcp_pool_in_use(old, now))
			return (NULL);	/* it has an address already */
		memset(old->key, 0, sizeof old->key);
		old->keylen = 0;
		old->state = DHCP_LEASE_FREE;
	}
	pool_mac_limit(p, key, keylen, mac, now);
	probed = l->probed;
	pool_rekey(l, key, keylen, mac);
	l->probed = probed;
	return (l);
}

void
dhcp_pool_hold(struct dhcp_lease *l, uint64_t now, uint64_t hold_ms)
{
	memset(l->key, 0, sizeof l->key);
	l->keylen = 0;
	l->probed = 0;
	l->model[0] = '\0';
	l->vendor_class[0] = '\0';
	l->state = DHCP_LEASE_DECLINED;
	l->expires = now + hold_ms;
	l->last_used = now;
}

int
dhcp_pool_decline(struct dhcp_pool *p, struct dhcp_lease *l,
    const uint8_t who[6], uint64_t now, uint64_t hold_ms)
{
	struct dhcp_lease	*v, *old;
	size_t			 i, mine, all;

	for (;;) {
		mine = all = 0;
		old = NULL;
		for (i = 0; i < p->n; i++) {
			v = &p->v[i];
			if (v == l || v->state != DHCP_LEASE_DECLINED ||
			    !dhcp_pool_in_use(v, now))
				continue;
			all++;
			if (memcmp(v->mac, who, 6) == 0)
				mine++;
			if (old == NULL || v->expires < old->expires)
				old = v;
		}
		if (mine >= DHCP_MAX_DECLINES_PER_MAC) {
			/* Over its limit: the address leaves it, unprobed. */
			memset(l->key, 0, sizeof l->key);
			l->keylen = 0;
			l->probed = 0;
			l->state = DHCP_LEASE_FREE;
			l->expires = now;
			return (0);
		}
		if (old == NULL || all + 1 <= (p->size + 1) / 2)
			break;
		old->state = DHCP_LEASE_FREE;	/* its rest ends early */
		old->expires = now;
		old->probed = 0;
	}
	dhcp_pool_hold(l, now, hold_ms);
	memcpy(l->mac, who, 6);
	return (1);
}

static int
mac_cmp(const void *a, const void *b)
{
	return (memcmp(a, b, 6));
}

void
dhcp_pool_tally(const struct dhcp_pool *p, uint64_t now,
    struct dhcp_pool_tally *t)
{
	const struct dhcp_lease	*l;
	uint8_t			*macs;
	size_t			 i, j, n = 0;

	memset(t, 0, sizeof *t);
	t->size = p->size;
	macs = reallocarray(NULL, p->n != 0 ? p->n : 1, 6);
	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		if (!dhcp_pool_in_use(l, now))
			continue;
		switch (l->state) {
		case DHCP_LEASE_BOUND:
			t->bound++;
			break;
		case DHCP_LEASE_OFFERED:
			t->offered++;
			break;
		case DHCP_LEASE_PROBING:
			t->probing++;
			break;
		case DHCP_LEASE_DECLINED:
			t->declined++;
			break;
		default:
			break;
		}
		if (t->next_free == 0 || l->expires < t->next_free)
			t->next_free = l->expires;
		if (macs != NULL)
			memcpy(macs + 6 * n++, l->mac, 6);
	}
	if (macs == NULL)
		return;
	qsort(macs, n, 6, mac_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && memcmp(macs + 6 * i, macs + 6 * j,
		    6) == 0; j++)
			continue;
		if (j - i > t->top_count) {
			t->top_count = j - i;
			memcpy(t->top_mac, macs + 6 * i, 6);
		}
	}
	free(macs);
}

/* The lease file's text, one line per remembered client. */
static void
pool_write(const struct dhcp_pool *p, FILE *f, uint64_t now, uint64_t wall_ms)
{
	char			 ip[INET_ADDRSTRLEN], mac[18];
	const struct dhcp_lease	*l;
	size_t			 i, k;
	uint64_t		 exp;

	fprintf(f, LEASES_V2 ": ip mac key expires model\n");
	for (i = 0; i < p->n; i++) {
		l = &p->v[i];
		if (l->keylen == 0 || l->state == DHCP_LEASE_DECLINED)
			continue;
		util_ip_str(ip, sizeof ip, l->ip);
		util_mac_str(mac, sizeof mac, l->mac);
		fprintf(f, "%s %s ", ip, mac);
		for (k = 0; k < l->keylen; k++)
			fprintf(f, "%02x", l->key[k]);
		exp = 0;
		if (l->state == DHCP_LEASE_BOUND && l->expires > now)
			exp = (wall_ms + (l->expires - now)) / 1000;
		fprintf(f, " %llu %s\n", (unsigned long long)exp,
		    l->model[0] != '\0' ? l->model : "-");
	}
}

int
dhcp_pool_save(const struct dhcp_pool *p, const char *path, uint64_t now,
    uint64_t wall_ms, char *err, size_t errlen)
{
	struct afile		 a;

	if (afile_open(&a, path, err, errlen) != 0)
		return (-1);
	pool_write(p, a.f, now, wall_ms);
	return (afile_commit(&a, err, errlen));
}

/*
 * In place through fd (its directory is not ours to write): the whole
 * text at offset 0, then the length cut, then fsync.  A crash in between
 * leaves a file the loader sets aside: leases lost, never the service.
 */
int
dhcp_pool_save_fd(const struct dhcp_pool *p, int fd, const char *name,
    uint64_t now, uint64_t wall_ms, char *err, size_t errlen)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, off;
	ssize_t	 w;
	int	 rc = 0;

	if ((f = open_memstream(&buf, &len)) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return (-1);
	}
	pool_write(p, f, now, wall_ms);
	if (fclose(f) != 0 || buf == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		free(buf);
		return (-1);
	}
	for (off = 0; off < len; off += (size_t)w) {
		if ((w = pwrite(fd, buf + off, len - off, (off_t)off)) <= 0) {
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			rc = -1;
			break;
		}
	}
	if (rc == 0 && (ftruncate(fd, (off_t)len) != 0 || fsync(fd) != 0))
		rc = -1;
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
	free(buf);
	return (rc);
}

/* One lease-file line into the pool; 0, or -1 if it is malformed. */
static int
parse_line(struct dhcp_pool *p, char *line, uint64_t now, uint64_t wall_ms,
    int v2)
{
	char			*f[6], *save = NULL, *t;
	uint8_t			 mac[6], key[DHCP_KEY_LEN];
	size_t			 nf = 0, keylen;
	uint32_t		 ip;
	unsigned long long	 exp;
	struct dhcp_lease	*l;

	for (t = strtok_r(line, " \t", &save); t != NULL;
	    t = strtok_r(NULL, " \t", &save)) {
		if (nf == 5)
			return (-1);
		f[nf++] = t;
	}
	if (nf != 5)
		return (-1);
	if (inet_pton(AF_INET, f[0], &ip) != 1 || util_mac_parse(f[1], mac) != 0)
		return (-1);
	keylen = strlen(f[2]);
	if (keylen == 0 || keylen % 2 != 0 || keylen / 2 > DHCP_KEY_LEN ||
	    (!v2 && keylen / 2 > DHCP_KEY_MAX))
		return (-1);
	keylen /= 2;
	if (util_hex_decode(f[2], key, keylen) != 0)
		return (-1);
	if (util_parse_uint(f[3], 0, UINT64_MAX / 2000, &exp) != 0)
		return (-1);
	if (strcmp(f[4], "-") != 0) {
		if (strlen(f[4]) >= sizeof l->model)
			return (-1);
		for (t = f[4]; *t != '\0'; t++) {
			if (!isalnum((unsigned char)*t) && *t != '-')
				return (-1);
		}
	}
	/* Two lines for one address or one client: not a file we wrote. */
	if ((l = dhcp_pool_find_key(p, key, keylen)) != NULL)
		return (-1);
	if ((l = dhcp_pool_find_ip(p, ip)) != NULL && l->keylen != 0)
		return (-1);
	/* The pool may have changed since: forget what is no longer ours. */
	if (!dhcp_pool_ours(p, ip))
		return (0);
	if (l != NULL && l->is_static && memcmp(l->mac, mac, 6) != 0)
		return (0);
	if (l == NULL && (l = pool_append(p, ip)) == NULL)
		return (-1);
	memcpy(l->key, key, keylen);
	l->keylen = (uint8_t)keylen;
	l->key_cut = !v2 && keylen == DHCP_KEY_MAX;
	memcpy(l->mac, mac, 6);
	l->probed = 1;		/* it was ours and in use before */
	l->last_used = now;
	if (strcmp(f[4], "-") != 0)
		strlcpy(l->model, f[4], sizeof l->model);
	if (exp * 1000 > wall_ms) {
		l->state = DHCP_LEASE_BOUND;
		l->expires = now + (exp * 1000 - wall_ms);
	} else
		l->state = DHCP_LEASE_FREE;
	return (0);
}

/*
 * Read the lease lines of f into the pool; 0, 1 when corrupt (the pool
 * keeps only its static entries; *lineno says where), -1 on a read error.
 */
static int
pool_read(struct dhcp_pool *p, FILE *f, const char *path, uint64_t now,
    uint64_t wall_ms, size_t *lineno, char *err, size_t errlen)
{
	char	 line[LINE_MAX_LEN + 2];
	size_t	 len, i, j;
	int	 bad = 0, v2 = 0;

	*lineno = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		(*lineno)++;
		len = strlen(line);
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f)) {
			bad = 1;	/* longer than any line we write */
			break;
		}
		if (*lineno == 1 && strncmp(line, LEASES_V2 ":",
		    sizeof LEASES_V2) == 0)
			v2 = 1;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (parse_line(p, line, now, wall_ms, v2) != 0) {
			bad = 1;
			break;
		}
	}
	if (!bad && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!bad)
		return (0);
	/* Corrupt: forget everything it gave us. */
	for (i = j = 0; i < p->n; i++) {
		if (p->v[i].is_static) {
			p->v[i].keylen = 0;
			p->v[i].state = DHCP_LEASE_FREE;
			p->v[j++] = p->v[i];
		}
	}
	p->n = j;
	return (1);
}

int
dhcp_pool_load(struct dhcp_pool *p, const char *path, uint64_t now,
    uint64_t wall_ms, char *err, size_t errlen)
{
	FILE		*f;
	struct stat	 sb;
	char		 aside[4096];
	size_t		 lineno;
	int		 fd, r;

	/*
	 * Anyone who can write the directory may have put anything here: a
	 * FIFO must not block start-up (O_NONBLOCK), only a regular file is
	 * read.  The next save replaces whatever it is.
	 */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return (0);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "lease file %s is not a regular file: "
		    "not read, starting empty (the next save replaces it)",
		    path);
		close(fd);
		return (-1);
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	r = pool_read(p, f, path, now, wall_ms, &lineno, err, errlen);
	fclose(f);
	if (r != 1)
		return (r);

	/* Corrupt: set it aside. */
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	if (rename(path, aside) != 0)
		snprintf(err, errlen, "lease file %s is corrupt at line %zu, "
		    "and could not be set aside (%s): starting empty", path,
		    lineno, strerror(errno));
	else
		snprintf(err, errlen, "lease file %s is corrupt at line %zu: "
		    "set aside as %s, starting empty", path, lineno, aside);
	return (1);
}

int
dhcp_pool_load_fd(struct dhcp_pool *p, int fd, const char *name,
    uint64_t now, uint64_t wall_ms, char *err, size_t errlen)
{
	FILE		*f;
	struct stat	 sb;
	size_t		 lineno;
	int		 dfd, r;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "lease file %s is not a regular file: "
		    "not read", name);
		return (-1);
	}
	if (lseek(fd, 0, SEEK_SET) == -1 || (dfd = dup(fd)) == -1) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return (-1);
	}
	if ((f = fdopen(dfd, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		close(dfd);
		return (-1);
	}
	r = pool_read(p, f, name, now, wall_ms, &lineno, err, errlen);
	fclose(f);
	if (r == 1)
		snprintf(err, errlen, "lease file %s is corrupt at line %zu: "
		    "starting empty (it is rewritten in place)", name, lineno);
	return (r);
}
